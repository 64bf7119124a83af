"""Where pages come from: seeds, the local server for folders, and the frontier."""
