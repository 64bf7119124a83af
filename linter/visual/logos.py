"""Find a reference logo in an image: at any scale from ``MIN_SIDE`` px up, recoloured,
inverted, slightly rotated, JPEG-compressed, or as one region of a larger banner.

Why template matching on edge maps (OpenCV) and not feature points or perceptual hashes:
a 24 px icon has too few corners for ORB/SIFT keypoints to match, and a whole-image hash
(imagehash) cannot find a logo that is one region of a banner. Edges do not care about
colour or polarity (a monochrome or inverted logo has the same outlines), blurring them
absorbs JPEG noise and a few degrees of rotation, and templates at ±``ROTATIONS`` degrees
cover the rest. A black square or a star has edges too, so a candidate must also pass a
second test: its silhouette (pixels unlike the region's border) must correlate with the
reference's. The score is the lower of the two correlations.

Cost is bounded: a template is never matched larger than ``WORK_SIDE`` px; for larger
logo sizes the image is scaled down instead. Every other size is matched first, and a size
between two only when a neighbour came near the floor; small sizes (matched in the image
upsampled twice, four times the pixels) are screened in the image as it is first, and the
fine match runs only in the rectangle around the places that passed.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .versions import MATCHER_VERSION  # noqa: F401 - bump it there when matching changes its results
MIN_SIDE = 16          # smallest logo size looked for, in displayed px
WORK_SIDE = 40         # largest template side matched; bigger logos are found at a smaller scale
SCALE_STEP = 1.1
ROTATIONS = (0.0, -8.0, 8.0)
SMALL_SIDE, SMALL_K = 34, 0.5
MAX_WORK = 1280           # px, longest side an image is matched at
MAX_UPSAMPLED = 400_000   # px of an image upsampled for small logos (a wide banner still is)
RING = 0.12            # of a box's side: the ring around it whose colour is the background
SCREEN = 0.1           # a size between two is matched when a neighbour's edge score is this near the floor
COARSE = 0.15          # small sizes: the coarse screen's edge score may be this far under the floor
PEAKS = 4              # candidate places per template size, each checked by silhouette


@dataclass(frozen=True)
class Reference:
    brand: str
    name: str               # the file name, for findings
    gray: np.ndarray        # uint8, square-padded, on a neutral background
    mask: np.ndarray        # uint8 0/255 silhouette, same shape


@dataclass(frozen=True)
class LogoMatch:
    brand: str
    reference: str
    score: float
    box: tuple[int, int, int, int]   # x, y, w, h in the image


def reference_from_rgba(rgba: np.ndarray, brand: str, name: str) -> Reference:
    """A reference from an RGBA (or RGB) array: its silhouette is the alpha channel, or
    the pixels unlike its border when it has none. Cropped to the silhouette and padded
    square, so a logo file with wide margins still matches the mark itself."""
    if rgba.ndim == 2:
        rgba = cv2.cvtColor(rgba, cv2.COLOR_GRAY2RGBA)
    if rgba.shape[2] == 3:
        rgb = rgba
        mask = silhouette(rgb)
    else:
        rgb = rgba[:, :, :3]
        alpha = rgba[:, :, 3]
        mask = np.where(alpha > 127, 255, 0).astype(np.uint8)
        if mask.min() == 255:            # opaque everywhere: no usable alpha
            mask = silhouette(rgb)
        white = np.full_like(rgb, 255)
        a = (alpha.astype(np.float32) / 255)[..., None]
        rgb = (rgb * a + white * (1 - a)).astype(np.uint8)
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        raise ValueError("the reference image shows nothing (fully transparent or one colour)")
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    gray = cv2.cvtColor(np.ascontiguousarray(rgb[y0:y1, x0:x1]), cv2.COLOR_RGB2GRAY)
    mask = mask[y0:y1, x0:x1]
    side = max(gray.shape)
    gray = _pad_square(gray, side, 255)
    mask = _pad_square(mask, side, 0)
    return Reference(brand, name, gray, mask)


def _pad_square(a: np.ndarray, side: int, fill: int) -> np.ndarray:
    h, w = a.shape
    top, left = (side - h) // 2, (side - w) // 2
    return cv2.copyMakeBorder(a, top, side - h - top, left, side - w - left, cv2.BORDER_CONSTANT, value=fill)


def silhouette(rgb: np.ndarray, soft: bool = False) -> np.ndarray:
    """Pixels unlike the region's border colour (CIELAB distance), as a 0/255 mask; with
    ``soft``, graded (anti-aliased edges of a small icon count in part)."""
    lab = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB).astype(np.float32)
    border = np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]])
    bg = np.median(border, axis=0)
    dist = np.linalg.norm(lab - bg, axis=2)
    if soft:
        return (np.clip((dist - 10) / 40, 0, 1) * 255).astype(np.uint8)
    return np.where(dist > 30, 255, 0).astype(np.uint8)


def edges(gray: np.ndarray) -> np.ndarray:
    """Blurred gradient magnitude: outlines, whatever their colours or polarity."""
    g = gray.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    mag = cv2.magnitude(gx, gy)
    mag = np.minimum(mag, 255.0)
    return cv2.GaussianBlur(mag, (0, 0), 1.0)


def _rotate(a: np.ndarray, degrees: float, fill: int) -> np.ndarray:
    if not degrees:
        return a
    h, w = a.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(a, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


class _Templates:
    """A reference's templates, rendered once per (side, rotation)."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self._cache: dict[tuple[int, float], tuple[np.ndarray, np.ndarray]] = {}

    def at(self, side: int, degrees: float):
        key = (side, degrees)
        if key not in self._cache:
            g = cv2.resize(self.ref.gray, (side, side), interpolation=cv2.INTER_AREA)
            m = cv2.resize(self.ref.mask, (side, side), interpolation=cv2.INTER_AREA)
            g, m = _rotate(g, degrees, 255), _rotate(m, degrees, 0)
            self._cache[key] = (edges(g), m)
        return self._cache[key]


class LogoMatcher:
    def __init__(self, references: list[Reference], threshold: float = 0.6) -> None:
        self.references = references
        self.threshold = threshold
        self._templates = [_Templates(r) for r in references]

    def find(self, rgb: np.ndarray) -> list[LogoMatch]:
        """The best match per brand region: every reference found at or above the
        threshold, with overlapping matches of different references resolved to the best
        (the Shop logo contains the legacy mark, and must win where it is the better fit)."""
        h, w = rgb.shape[:2]
        if min(h, w) < MIN_SIDE or not self.references:
            return []
        scale = 1.0
        if max(h, w) > MAX_WORK:     # a huge image is matched smaller (cost grows with area)
            scale = MAX_WORK / max(h, w)
            rgb = cv2.resize(rgb, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
        pyr = _Pyramid(rgb)
        found: list[LogoMatch] = []
        for tpl in self._templates:
            found.extend(self._find_one(pyr, tpl))
        if scale != 1.0:
            found = [LogoMatch(m.brand, m.reference, m.score, tuple(int(v / scale) for v in m.box)) for m in found]
        return _resolve(found)

    def _find_one(self, pyr: "_Pyramid", tpl: _Templates) -> list[LogoMatch]:
        best: LogoMatch | None = None
        tried: list[tuple[float, int, float]] = []     # (edge score, side, k) at rotation 0
        # Every other size first; a size between two is matched only when a neighbour came
        # near the floor (edge maps are blurred, so a logo's score is smooth across the
        # 10 % steps: where neither neighbour is near, the size between cannot be a match).
        tops: dict[int, float] = {}
        order = list(range(0, len(pyr.sizes), 2))
        order += [i for i in range(1, len(pyr.sizes), 2)]
        floor = self.threshold * 0.85
        for i in order:
            if i % 2 and max(tops.get(i - 1, -1.0), tops.get(i + 1, -1.0)) < floor - SCREEN:
                continue
            side, k = pyr.sizes[i]
            m, tops[i] = self._at(pyr, k, side, tpl, 0.0)
            if m is not None:
                tried.append((tops[i], side, k))
                if best is None or m.score > best.score:
                    best = m
        # Rotated templates only at the few sizes that matched best upright.
        for _, side, k in sorted(tried, reverse=True)[:2]:
            for deg in ROTATIONS[1:]:
                m, _ = self._at(pyr, k, side, tpl, deg)
                if m is not None and (best is None or m.score > best.score):
                    best = m
        return [best] if best is not None and best.score >= self.threshold else []

    def _at(self, pyr: "_Pyramid", k, side, tpl: _Templates, deg: float):
        """The best verified match of one template size, or None, and the size's best edge
        score (-1 when nothing could be matched)."""
        e = pyr.edges(k)
        ts = max(MIN_SIDE // 2, int(round(side / k)))
        if ts > min(e.shape):
            return None, -1.0
        te, _ = tpl.at(ts, deg)
        if te.std() < 1e-3:
            return None, -1.0
        floor = self.threshold * 0.85
        res = self._correlate(pyr, k, side, ts, te, tpl, deg, floor)
        if res is None:
            return None, -1.0
        top = float(res.max())
        if top < floor:
            return None, top
        best = None
        for _ in range(PEAKS):
            _, edge_score, _, (x, y) = cv2.minMaxLoc(res)
            if edge_score < floor:
                break
            box = (int(x * k), int(y * k), int(ts * k), int(ts * k))
            score = min(edge_score, self._shape_score(pyr.rgb, box, tpl, deg))
            if best is None or score > best.score:
                best = LogoMatch(tpl.ref.brand, tpl.ref.name, round(float(score), 3), box)
            r = max(2, ts // 2)
            res[max(0, y - r):y + r + 1, max(0, x - r):x + r + 1] = -1
        return best, top

    def _correlate(self, pyr: "_Pyramid", k, side, ts, te, tpl: _Templates, deg: float, floor: float):
        """Edge correlation of a template at every textured window. In the upsampled image
        (small sizes: four times the pixels) only where the same size, matched in the image
        as it is, came within ``COARSE`` of the floor: a coarse screen, then the fine match
        in the one rectangle around every place that passed (None when none did)."""
        e = pyr.edges(k)
        mask = pyr.textured(k, ts)
        if k >= 1:
            return np.where(mask, cv2.matchTemplate(e, te, cv2.TM_CCOEFF_NORMED), -1.0)
        coarse_e = pyr.edges(1.0)
        tc, _ = tpl.at(side, deg)
        if side > min(coarse_e.shape) or tc.std() < 1e-3:
            return np.where(mask, cv2.matchTemplate(e, te, cv2.TM_CCOEFF_NORMED), -1.0)
        coarse = np.where(pyr.textured(1.0, side), cv2.matchTemplate(coarse_e, tc, cv2.TM_CCOEFF_NORMED), -1.0)
        ys, xs = np.nonzero(coarse >= floor - COARSE)
        if len(xs) == 0:
            return None
        rows, cols = mask.shape
        pad = int(round(2 / k))
        x0, y0 = max(0, int(xs.min() / k) - pad), max(0, int(ys.min() / k) - pad)
        x1, y1 = min(cols - 1, int(xs.max() / k) + pad), min(rows - 1, int(ys.max() / k) + pad)
        res = np.full(mask.shape, -1.0, dtype=np.float32)
        part = cv2.matchTemplate(e[y0:y1 + ts, x0:x1 + ts], te, cv2.TM_CCOEFF_NORMED)
        res[y0:y1 + 1, x0:x1 + 1] = part
        return np.where(mask, res, -1.0)

    def _shape_score(self, rgb: np.ndarray, box, tpl: _Templates, deg: float) -> float:
        x, y, s, _ = box
        region = rgb[y:y + s, x:x + s]
        if region.shape[0] < 4 or region.shape[1] < 4:
            return 0.0
        side = min(region.shape[0], region.shape[1], 96)
        shape = cv2.resize(_region_silhouette(rgb, box), (side, side), interpolation=cv2.INTER_AREA)
        _, ref_mask = tpl.at(side, deg)
        # Blurred, so that a box a pixel or two off (thin outlines) still correlates.
        sigma = max(0.8, side / 32)
        got = cv2.GaussianBlur(shape.astype(np.float32), (0, 0), sigma)
        want = cv2.GaussianBlur(ref_mask.astype(np.float32), (0, 0), sigma)
        if got.std() < 1e-3 or want.std() < 1e-3:
            return 0.0
        return float(np.corrcoef(got.ravel(), want.ravel())[0, 1])


def _region_silhouette(rgb: np.ndarray, box) -> np.ndarray:
    """The soft silhouette of a box, the background judged on a ring a little outside it.
    A tight box around a small logo has the logo's own outline as its border (a 20 px bag
    drawn edge to edge): judged there, the silhouette comes out inverted."""
    x, y, s, _ = box
    h, w = rgb.shape[:2]
    m = max(2, int(round(s * RING)))
    x0, y0, x1, y1 = max(0, x - m), max(0, y - m), min(w, x + s + m), min(h, y + s + m)
    soft = silhouette(rgb[y0:y1, x0:x1], soft=True)
    return np.ascontiguousarray(soft[y - y0:y - y0 + s, x - x0:x - x0 + s])


class _Pyramid:
    """One image at the scales the search needs, shared by every reference: edge maps
    per scale factor ``k`` and, per template size, which windows have edges at all
    (normalised correlation is undefined on a flat window: OpenCV returns 1.0 or noise)."""

    def __init__(self, rgb: np.ndarray) -> None:
        self.rgb = rgb
        self.gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        h, w = self.gray.shape
        self._edges: dict[float, np.ndarray] = {}
        self._textured: dict[tuple[float, int], np.ndarray] = {}
        self.sizes: list[tuple[int, float]] = []
        side = MIN_SIDE
        while side <= min(h, w):
            # Small logos are looked for in the image upsampled twice: a 16 px outline
            # has too little edge to correlate at its own size.
            k = SMALL_K if side < SMALL_SIDE and h * w <= MAX_UPSAMPLED else round(max(1.0, side / WORK_SIDE), 2)
            self.sizes.append((side, k))
            side = int(side * SCALE_STEP) + 1

    def edges(self, k: float) -> np.ndarray:
        if k not in self._edges:
            h, w = self.gray.shape
            interp = cv2.INTER_CUBIC if k < 1 else cv2.INTER_AREA
            small = self.gray if k == 1 else cv2.resize(self.gray, (max(1, int(w / k)), max(1, int(h / k))),
                                                        interpolation=interp)
            self._edges[k] = edges(small)
        return self._edges[k]

    def textured(self, k: float, ts: int) -> np.ndarray:
        key = (k, ts)
        if key not in self._textured:
            e = self.edges(k)
            mean = cv2.boxFilter(e, -1, (ts, ts), normalize=True, borderType=cv2.BORDER_CONSTANT)
            sq = cv2.boxFilter(e * e, -1, (ts, ts), normalize=True, borderType=cv2.BORDER_CONSTANT)
            std = np.sqrt(np.maximum(sq - mean * mean, 0))
            a = ts // 2
            rows, cols = e.shape[0] - ts + 1, e.shape[1] - ts + 1
            self._textured[key] = std[a:a + rows, a:a + cols] > 2.0
        return self._textured[key]


def _overlap(a, b) -> float:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    inter = ix * iy
    return inter / min(aw * ah, bw * bh) if inter else 0.0


def _resolve(found: list[LogoMatch]) -> list[LogoMatch]:
    """One match per region. Of two overlapping matches the better score wins, except that
    a clearly larger match that contains the other wins: a logo that embeds another mark
    (the Shop bag around the legacy mark) is the logo shown there."""
    out: list[LogoMatch] = []
    for m in sorted(found, key=lambda m: -m.box[2] * m.box[3]):
        clash = [o for o in out if _overlap(m.box, o.box) >= 0.5]
        if not clash:
            out.append(m)
            continue
        for o in clash:
            contains = o.box[2] >= 1.3 * m.box[2]
            if not contains and m.score > o.score:
                out[out.index(o)] = m
    return sorted(out, key=lambda m: (m.box[1], m.box[0]))
