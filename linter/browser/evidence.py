"""Evidence an inspector can hand over: per page a full-page screenshot and the rendered
DOM, per finding a crop with the match outlined, all hashed into MANIFEST.sha256.

The outline is an overlay element drawn over the finding's box and removed right after
the crop, so the page is unchanged for the next finding. Hidden findings get no crop (a
crop of nothing would mislead); their evidence says ``hidden: true`` and keeps the HTML.
"""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from ..bundle import safe_name, write_manifest

OVERLAY = """([x, y, w, h]) => {
  const d = document.createElement('div');
  d.id = '__brandlint_outline';
  Object.assign(d.style, {position: 'absolute', left: (x - 3) + 'px', top: (y - 3) + 'px',
    width: (w + 6) + 'px', height: (h + 6) + 'px', outline: '3px solid #e0245e',
    background: 'rgba(224,36,94,0.08)', zIndex: 2147483647, pointerEvents: 'none'});
  document.documentElement.appendChild(d);
}"""
REMOVE = "() => { const d = document.getElementById('__brandlint_outline'); if (d) d.remove(); }"
PAD = 24
MAX_FULL_HEIGHT = 16000  # Chromium's texture limit; taller pages are clipped to this


class EvidenceWriter:
    def __init__(self, root: Path, viewport: tuple[int, int], locale: str) -> None:
        self.root = Path(root)
        for sub in ("pages", "crops", "dom"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.viewport = {"width": viewport[0], "height": viewport[1]}
        self.locale = locale
        self.user_agent = ""

    async def capture(self, page, rendered, pairs, name: str | None = None) -> list:
        """Screenshots and DOM for the page; returns pairs with each finding carrying its
        evidence (new Findings: a Finding is never changed in place). ``name``: what the
        files are named after instead of the URL (a journey state, whose URL another state
        may share)."""
        base = safe_name(name or rendered.final_url or rendered.url, "")
        when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        shot = f"pages/{base}.png"
        dom = f"dom/{base}.html"
        height = await page.evaluate("() => document.documentElement.scrollHeight")
        if height <= MAX_FULL_HEIGHT:
            await page.screenshot(path=str(self.root / shot), full_page=True)
        else:
            await page.screenshot(path=str(self.root / shot), full_page=True,
                                  clip={"x": 0, "y": 0, "width": self.viewport["width"], "height": MAX_FULL_HEIGHT})
        (self.root / dom).write_text(await page.content(), encoding="utf-8")
        n = 0
        out = []
        for tp, finding in pairs:
            if finding is None:
                out.append((tp, None))
                continue
            n += 1
            crop = None
            hidden = not tp.visible
            boxed = bool(tp.bbox) and tp.bbox[2] > 0 and tp.bbox[3] > 0
            if not hidden and boxed and tp.kind != "meta":  # a title or meta tag has no box
                crop = f"crops/{base}-{n:03d}.png"
                x, y, w, h = tp.bbox
                try:
                    await page.evaluate(OVERLAY, [x, y, w, h])
                    await page.screenshot(path=str(self.root / crop), full_page=True, clip={
                        "x": max(0, x - PAD), "y": max(0, y - PAD),
                        "width": max(1, min(w + 2 * PAD, 4000)), "height": max(1, min(h + 2 * PAD, 4000))})
                except Exception:  # noqa: BLE001 - element gone or box off-page: no crop
                    crop = None
                finally:
                    await page.evaluate(REMOVE)
            out.append((tp, replace(finding, evidence={
                **finding.evidence,    # a request's own record (line, status, step)
                "screenshot": shot, "dom": dom, "crop": crop, "hidden": hidden, "time": when,
                "url": rendered.url, "final_url": rendered.final_url, "viewport": self.viewport,
                "locale": self.locale, "user_agent": self.user_agent, "html": tp.html[:500],
            })))
        return out

    def write_requests(self, name: str, requests: list[dict]) -> str:
        """A state's request list as its own file (no bodies, no header values)."""
        (self.root / "requests").mkdir(exist_ok=True)
        rel = f"requests/{safe_name(name, '')}.json"
        (self.root / rel).write_text(json.dumps(requests, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return rel

    async def screenshot(self, page, name: str) -> str | None:
        """What the tab showed when a journey step failed (None if the tab is gone)."""
        rel = f"pages/{safe_name(name, '')}.png"
        try:
            await page.screenshot(path=str(self.root / rel), full_page=False, timeout=10_000)
        except Exception:  # noqa: BLE001 - a crashed or closed tab has nothing to show
            return None
        return rel

    def finish(self, snapshot) -> None:
        snapshot.write(self.root / "snapshot.json")
        write_manifest(self.root)
