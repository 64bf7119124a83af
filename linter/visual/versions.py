"""The versions of the reading code, part of the result cache's key (``cache.py``): bump
one whenever its results change, so a cache written by older code is not served. Apart
from the code they version so a worker can build its key without importing OpenCV or
Tesseract: a scan whose pictures are all in the cache never loads either."""

# Logo matching (logos.py): 2: silhouette judged outside the box; 3: sizes between two
# and small sizes' places screened coarse first.
MATCHER_VERSION = 3
# OCR (ocr.py): 2: the small-print pass; 3: polarity chosen from the picture, the other
# one read when the first was unsure; small print is word-like: 2 distinct letters or
# more, not a repeated one.
READER_VERSION = 3
