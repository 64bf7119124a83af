"""Reference logos from the policy: decoded once at scan start, so a logo that cannot be
read is a configuration error naming the policy file, line and key (exit 2), before any
page is rendered."""
from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError


def load_references(policy) -> list[tuple]:
    """[(brand, file name, gray, mask)] for every ``[brands.X] logos`` entry."""
    if not any(brand.logos for brand in policy.brands.values()):
        return []   # the preset's case: no image library to import before the first page
    import numpy as np
    from PIL import Image

    from .logos import reference_from_rgba
    out = []
    for brand in policy.brands.values():
        for path in brand.logos:
            where = policy.logo_sources.get(brand.id, (policy.source, None))
            try:
                Image.MAX_IMAGE_PIXELS = 25_000_000
                with Image.open(path) as im:
                    im.seek(0)
                    rgba = np.asarray(im.convert("RGBA"))
                ref = reference_from_rgba(rgba, brand.id, Path(path).name)
            except (OSError, ValueError, Image.DecompressionBombError) as exc:
                raise ConfigError(f"reference logo {path} cannot be used: {exc}", file=where[0], line=where[1],
                                  key=f"brands.{brand.id}.logos") from None
            out.append((ref.brand, ref.name, ref.gray, ref.mask))
    return out
