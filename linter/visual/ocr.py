"""Read the words an image shows, with Tesseract (eng + ind).

``tesserocr`` (the C++ API, one engine kept per process) is used when it imports;
``pytesseract`` (one ``tesseract`` process per call) is the fallback. Preprocessing:
grey, contrast stretched (low-contrast banners), upscaled until text is tall enough for
the LSTM model (small print), turned dark on light when the picture is mostly dark (white
on dark banners; Tesseract also tries each unsure line inverted), and read in the other
polarity too when the first pass was unsure. A page's text is the lines in reading order joined by
spaces, so a mention broken over two lines of a banner reads as one.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

from PIL import Image, ImageOps

from .versions import READER_VERSION  # noqa: F401 - bump it there when reading changes its results
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata")
LANGS = "eng+ind"
TARGET_HEIGHT = 120     # images lower than this are upscaled (up to 4x)
ENGINE_ENV = "BRANDLINT_OCR_ENGINE"   # "pytesseract" skips tesserocr (the fallback, on purpose)
ENGINES = ("auto", "tesserocr", "pytesseract")
SMALL_WORD = 30        # px, at the first read's scale: word boxes lower than this are small print
TARGET_WORD = 40       # px: small print is read again upscaled to about this height
MAX_SCALE = 8
MAX_UPSCALED_PX = 8_000_000   # the small-print pass is skipped on images that would grow past this
UNSURE = 80             # mean confidence under which the other polarity is read too; a small
                        # word's under which it is read again, upscaled
MIN_LETTERS = 2         # a small unsure word with fewer distinct letters does not cause the small-print pass
FLAT = 24               # grey levels: a picture whose darkest and lightest differ less is not read


@dataclass(frozen=True)
class Word:
    text: str
    box: tuple[int, int, int, int]   # x, y, w, h in the original image's pixels
    conf: float                      # 0..100
    line: int                        # reading-order line number within its pass


@dataclass(frozen=True)
class Reading:
    """One pass over an image: its words and the text they make."""
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def spans(self) -> list[tuple[int, int, Word]]:
        """(start, end, word) offsets of each word in ``text``."""
        out, pos = [], 0
        for w in self.words:
            out.append((pos, pos + len(w.text), w))
            pos += len(w.text) + 1
        return out


def tessdata_dir() -> str | None:
    env = os.environ.get("TESSDATA_PREFIX")
    for d in ((env,) if env else ()) + TESSDATA_DIRS:
        if d and os.path.isfile(os.path.join(d, "eng.traineddata")):
            return d
    return None


def available() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    if tessdata_dir() is None:
        return "Tesseract's language data (tesseract-ocr-eng) is not installed"
    try:
        import tesserocr  # noqa: F401
        return None
    except ImportError:
        pass
    try:
        import pytesseract
        pytesseract.get_tesseract_version()
        return None
    except Exception:  # noqa: BLE001 - not installed, or no tesseract binary
        return "neither tesserocr nor pytesseract with a tesseract binary is installed"


class Reader:
    """A Tesseract engine for one process. ``engine``: "tesserocr", "pytesseract", or None
    for the environment's ``BRANDLINT_OCR_ENGINE``, else tesserocr when it imports."""

    def __init__(self, langs: str = LANGS, engine: str | None = None) -> None:
        self.langs = _installed(langs)
        self._api = None
        engine = engine or os.environ.get(ENGINE_ENV) or "auto"
        if engine not in ENGINES:
            raise ValueError(f"{ENGINE_ENV}={engine!r}: expected one of {', '.join(ENGINES)}")
        self.engine = "pytesseract"
        if engine == "pytesseract":
            return
        try:
            import tesserocr
        except ImportError:
            if engine == "tesserocr":
                raise
            return
        self._api = tesserocr.PyTessBaseAPI(path=tessdata_dir() + "/", lang=self.langs,
                                            psm=tesserocr.PSM.SPARSE_TEXT)
        self.engine = "tesserocr"

    def read(self, image: Image.Image, min_conf: float = 50) -> list[Reading]:
        """One reading; a second of the other polarity when the first was unsure; one more upscaled when the words read are small print (their letters too few
        pixels tall for the model: "TikTok" at 10 px reads "Tiktak"). A picture of one flat
        colour holds no text and is not read."""
        gray = ImageOps.autocontrast(image.convert("L"), cutoff=1)
        lo, hi = gray.getextrema()
        if hi - lo < FLAT:
            return [Reading(())]
        # Read dark on light first: Tesseract's model reads that best, and it tries each
        # unsure line inverted itself (tessedit_do_invert), so white-on-dark text is read
        # on the first pass once the picture is turned; the other polarity is a second pass
        # when the first was unsure (white text on a dark button inside a light banner).
        dark = _dark_background(gray)
        scale = 1
        while gray.height * scale < TARGET_HEIGHT and scale < 4:
            scale += 1
        up = _upscaled(gray, scale)
        first, heights = self._words(ImageOps.invert(up) if dark else up, scale, min_conf)
        readings = [first]
        if not first.words or _mean_conf(first) < UNSURE:
            other, more = self._words(up if dark else ImageOps.invert(up), scale, min_conf)
            readings.append(other)
            heights += more
        # Unsure words in small boxes: small print the model misread ("Tiklok"), worth a
        # pass at a scale that makes them about TARGET_WORD px tall. Only word-like boxes:
        # a lone "@" or "4" is a mark or speck read as a glyph, "SSSSSQQQ" a stripe pattern.
        small = sorted(h * scale for h, c, t in heights
                       if h * scale < SMALL_WORD and c < UNSURE and _wordlike(t))
        if small:
            k = min(MAX_SCALE, math.ceil(scale * TARGET_WORD / small[len(small) // 2]))
            if k > scale and gray.width * gray.height * k * k <= MAX_UPSCALED_PX:
                big = _upscaled(gray, k)
                if dark != (len(readings) > 1 and _mean_conf(readings[1]) > _mean_conf(first)):
                    big = ImageOps.invert(big)
                readings.append(self._words(big, k, min_conf)[0])
        return readings

    def _words(self, gray: Image.Image, scale: int, min_conf: float) -> tuple[Reading, list[tuple[float, float, str]]]:
        """The words read (those at least ``min_conf`` sure), and (height in the original
        image's pixels, confidence, text) of every word box found, sure or not."""
        raw = self._tesserocr(gray) if self._api is not None else self._pytesseract(gray)
        words = tuple(Word(t, (x // scale, y // scale, max(1, w // scale), max(1, h // scale)), c, ln)
                      for t, (x, y, w, h), c, ln in raw if t.strip() and c >= min_conf)
        return Reading(words), [(h / scale, c, t) for t, (_, _, _, h), c, _ in raw if t.strip()]

    def _tesserocr(self, gray):
        import tesserocr
        api = self._api
        api.SetImage(gray)
        api.Recognize()
        out, line = [], 0
        it = api.GetIterator()
        if it is None:
            return out
        level = tesserocr.RIL.WORD
        for w in tesserocr.iterate_level(it, level):
            try:
                text = w.GetUTF8Text(level)
            except RuntimeError:      # tesserocr's way of saying "no text here"
                continue
            if not text:
                continue
            x0, y0, x1, y1 = w.BoundingBox(level)
            out.append((text.strip(), (x0, y0, x1 - x0, y1 - y0), float(w.Confidence(level)), line))
            if w.IsAtFinalElement(tesserocr.RIL.TEXTLINE, level):
                line += 1
        return out

    def _pytesseract(self, gray):
        import pytesseract
        d = pytesseract.image_to_data(gray, lang=self.langs, config="--psm 11",
                                      output_type=pytesseract.Output.DICT)
        out = []
        for i, text in enumerate(d["text"]):
            conf = float(d["conf"][i])
            if conf < 0 or not text.strip():
                continue
            line = d["block_num"][i] * 10000 + d["par_num"][i] * 100 + d["line_num"][i]
            out.append((text.strip(), (d["left"][i], d["top"][i], d["width"][i], d["height"][i]), conf, line))
        return out


def _installed(langs: str) -> str:
    d = tessdata_dir()
    have = [l for l in langs.split("+") if d and os.path.isfile(os.path.join(d, f"{l}.traineddata"))]
    return "+".join(have) or "eng"


def _upscaled(gray: Image.Image, k: int) -> Image.Image:
    return gray.resize((gray.width * k, gray.height * k), Image.BICUBIC) if k > 1 else gray


def _mean_conf(reading: Reading) -> float:
    return sum(w.conf for w in reading.words) / len(reading.words) if reading.words else 0.0


def _wordlike(text: str) -> bool:
    """At least two distinct letters or digits, not one or two repeated: "pe" (a fragment
    of "pakai") and "TikTok" are, a lone "@" or "4" (a mark or a speck) and "SSSSSSQQQ" (a
    stripe pattern) are not."""
    chars = [ch.lower() for ch in text if ch.isalnum()]
    distinct = len(set(chars))
    return distinct >= MIN_LETTERS and distinct >= 0.3 * len(chars)


def _dark_background(gray: Image.Image) -> bool:
    """Whether the picture is mostly dark (white-on-dark text): its median grey, the
    background's in a banner, is below the middle."""
    hist = gray.histogram()
    half, seen = gray.width * gray.height / 2, 0
    for level, n in enumerate(hist):
        seen += n
        if seen >= half:
            return level < 128
    return False
