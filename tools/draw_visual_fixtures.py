"""Draw the visual fixtures: stand-in logos of our own design, text banners, decoys.

No real trademark is drawn here. The "legacy" mark is a ring crossed by a bolt with an
offset shadow, the "shop" mark is that ring inside a bag, the "tokopedia" stand-in a green
hexagon with two eyes; decoys are a star badge, a music note and a black square.
Run ``python tools/draw_visual_fixtures.py`` to regenerate the committed PNGs (needs the
``visual`` extra and the DejaVu/Liberation fonts Debian ships). Tests import the drawing
functions to build images in memory.
"""
from __future__ import annotations

import io
import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parent.parent
PINK, CYAN, GREEN = (254, 44, 85), (37, 244, 238), (3, 172, 14)
FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS = {
    "sans-bold": FONT_DIR / "dejavu/DejaVuSans-Bold.ttf",
    "serif": FONT_DIR / "liberation/LiberationSerif-Regular.ttf",
    "mono": FONT_DIR / "dejavu/DejaVuSansMono.ttf",
}
BASE = 512   # logos are drawn large, then scaled down: edges stay clean


def _bolt(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill, dx=0.0, dy=0.0) -> None:
    pts = [(-0.18, -0.95), (0.42, -0.95), (0.06, -0.12), (0.46, -0.12), (-0.30, 0.95), (-0.04, 0.12), (-0.44, 0.12)]
    d.polygon([(cx + dx + x * r, cy + dy + y * r) for x, y in pts], fill=fill)


def _ring(d, cx, cy, r, width, fill, dx=0.0, dy=0.0) -> None:
    d.ellipse([cx + dx - r, cy + dy - r, cx + dx + r, cy + dy + r], outline=fill, width=int(width))


def legacy_mark(size: int = BASE, bg=(255, 255, 255, 0)) -> Image.Image:
    """The legacy brand's stand-in: a ring crossed by a bolt, pink over a cyan shadow."""
    im = Image.new("RGBA", (BASE, BASE), bg)
    d = ImageDraw.Draw(im)
    c, r, off = BASE / 2, BASE * 0.34, BASE * 0.025
    _ring(d, c, c, r, BASE * 0.07, CYAN + (255,), -off, -off)
    _bolt(d, c, c, r * 1.05, CYAN + (255,), -off, -off)
    _ring(d, c, c, r, BASE * 0.07, PINK + (255,), off, off)
    _bolt(d, c, c, r * 1.05, PINK + (255,), off, off)
    _bolt(d, c, c, r * 1.05, (20, 20, 20, 255))
    return im.resize((size, size), Image.LANCZOS) if size != BASE else im


def shop_mark(size: int = BASE, bg=(255, 255, 255, 0)) -> Image.Image:
    """The new commerce brand's stand-in: the legacy mark inside a shopping bag."""
    im = Image.new("RGBA", (BASE, BASE), bg)
    d = ImageDraw.Draw(im)
    w = int(BASE * 0.06)
    d.rounded_rectangle([BASE * 0.08, BASE * 0.24, BASE * 0.92, BASE * 0.94], radius=BASE * 0.06,
                        outline=(20, 20, 20, 255), width=w)
    d.arc([BASE * 0.32, BASE * 0.04, BASE * 0.68, BASE * 0.42], 180, 360, fill=(20, 20, 20, 255), width=w)
    inner = legacy_mark(int(BASE * 0.62))
    im.alpha_composite(inner, (int(BASE * 0.19), int(BASE * 0.30)))
    return im.resize((size, size), Image.LANCZOS) if size != BASE else im


def tokopedia_mark(size: int = BASE, bg=(255, 255, 255, 0)) -> Image.Image:
    """The payment brand's stand-in: a green hexagon with two white eyes."""
    im = Image.new("RGBA", (BASE, BASE), bg)
    d = ImageDraw.Draw(im)
    c, r = BASE / 2, BASE * 0.45
    d.polygon([(c + r * math.cos(math.radians(60 * i + 30)), c + r * math.sin(math.radians(60 * i + 30)))
               for i in range(6)], fill=GREEN + (255,))
    for ex in (-0.16, 0.16):
        d.ellipse([c + (ex - 0.1) * BASE, c - 0.16 * BASE, c + (ex + 0.1) * BASE, c + 0.04 * BASE], fill=(255, 255, 255, 255))
        d.ellipse([c + (ex - 0.04) * BASE, c - 0.1 * BASE, c + (ex + 0.04) * BASE, c - 0.02 * BASE], fill=(20, 20, 20, 255))
    return im.resize((size, size), Image.LANCZOS) if size != BASE else im


def star_badge(size: int = BASE) -> Image.Image:
    """Decoy: another brand's mark, a blue star in a circle."""
    im = Image.new("RGBA", (BASE, BASE), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    c = BASE / 2
    d.ellipse([BASE * 0.06, BASE * 0.06, BASE * 0.94, BASE * 0.94], fill=(30, 90, 200, 255))
    pts = []
    for i in range(10):
        rr = BASE * (0.36 if i % 2 == 0 else 0.15)
        a = math.radians(-90 + 36 * i)
        pts.append((c + rr * math.cos(a), c + rr * math.sin(a)))
    d.polygon(pts, fill=(255, 255, 255, 255))
    return im.resize((size, size), Image.LANCZOS)


def music_note(size: int = BASE) -> Image.Image:
    """Decoy: a generic eighth note."""
    im = Image.new("RGBA", (BASE, BASE), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    k = (20, 20, 20, 255)
    d.ellipse([BASE * 0.18, BASE * 0.62, BASE * 0.46, BASE * 0.84], fill=k)
    d.rectangle([BASE * 0.40, BASE * 0.14, BASE * 0.46, BASE * 0.74], fill=k)
    d.polygon([(BASE * 0.46, BASE * 0.14), (BASE * 0.74, BASE * 0.30), (BASE * 0.74, BASE * 0.42), (BASE * 0.46, BASE * 0.28)], fill=k)
    return im.resize((size, size), Image.LANCZOS)


def black_square(size: int = BASE) -> Image.Image:
    """Decoy: a black square."""
    im = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    ImageDraw.Draw(im).rectangle([size * 0.1, size * 0.1, size * 0.9, size * 0.9], fill=(0, 0, 0, 255))
    return im


# ---------------------------------------------------------------- variants


def flat(im: Image.Image, bg=(255, 255, 255)) -> Image.Image:
    out = Image.new("RGB", im.size, bg)
    out.paste(im, mask=im.split()[-1] if im.mode == "RGBA" else None)
    return out


def monochrome(im: Image.Image) -> Image.Image:
    """Every painted pixel in one colour (a one-colour print of the logo)."""
    alpha = im.split()[-1]
    out = Image.new("RGBA", im.size, (0, 0, 0, 0))
    out.paste(Image.new("RGBA", im.size, (40, 40, 40, 255)), mask=alpha)
    return out


def inverted(im: Image.Image) -> Image.Image:
    """The logo's colours inverted, on black."""
    return ImageOps.invert(flat(im))


def rotated(im: Image.Image, degrees: float = 8) -> Image.Image:
    return flat(im).rotate(degrees, resample=Image.BICUBIC, fillcolor=(255, 255, 255))


def jpeg(im: Image.Image, quality: int = 35) -> Image.Image:
    buf = io.BytesIO()
    flat(im).save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def in_banner(mark: Image.Image, size: int, width: int | None = None) -> Image.Image:
    """A wider banner with the mark as one region among text and shapes."""
    width = width or max(size * 4, 320)
    height = max(size + 40, 90)
    im = Image.new("RGB", (width, height), (250, 240, 225))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, width, 10], fill=(200, 120, 40))
    font = ImageFont.truetype(str(FONTS["sans-bold"]), 22)
    d.text((size + 40, height // 2 - 14), "Promo akhir pekan", font=font, fill=(60, 40, 20))
    m = mark.resize((size, size), Image.LANCZOS) if mark.size != (size, size) else mark
    im.paste(m, (20, (height - size) // 2 + 5), mask=m.split()[-1] if m.mode == "RGBA" else None)
    return im


VARIANTS = {
    "plain": lambda m, s: flat(m.resize((s, s), Image.LANCZOS)),
    "mono": lambda m, s: flat(monochrome(m).resize((s, s), Image.LANCZOS)),
    "inverted": lambda m, s: inverted(m.resize((s, s), Image.LANCZOS)),
    "rotated": lambda m, s: rotated(m.resize((s, s), Image.LANCZOS)),
    "jpeg": lambda m, s: jpeg(m.resize((s, s), Image.LANCZOS)),
    "banner": lambda m, s: in_banner(m, s),
}


def text_banner(text: str, font: str, *, size: int = 30, fg=(25, 25, 25), bg=(255, 255, 255),
                noise: bool = False, width: int = 560, height: int = 96) -> Image.Image:
    im = Image.new("RGB", (width, height), bg)
    if noise:
        import random
        rnd = random.Random(7)
        d = ImageDraw.Draw(im)
        for _ in range(900):
            x, y = rnd.randrange(width), rnd.randrange(height)
            c = tuple(min(255, max(0, v + rnd.randint(-70, 70))) for v in bg)
            d.ellipse([x, y, x + rnd.randint(1, 4), y + rnd.randint(1, 4)], fill=c)
    d = ImageDraw.Draw(im)
    d.multiline_text((18, 14), text, font=ImageFont.truetype(str(FONTS[font]), size), fill=fg, spacing=8)
    return im


def main() -> int:   # pragma: no cover - regenerates committed files
    from draw_visual_site import write_all, write_shop
    write_all(ROOT)
    write_shop(ROOT)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
