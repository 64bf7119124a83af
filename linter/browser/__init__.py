"""Everything that drives Chromium. The only package that imports Playwright."""
