"""What tracks scans over time: the snapshot a scan writes, merging shard snapshots, the
baseline a gate compares against, and diff/progress between snapshots. Data only: the
text, tables and HTML for people are built in ``reports/``."""
