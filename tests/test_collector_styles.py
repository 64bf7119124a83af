"""CSS background images and ::before/::after content wherever the page's CSS gives them.

The collector asks for an element's computed style only where a readable rule, an inline
style or a shadow root can give it one, and asks every element when a sheet cannot be
read (cross-origin CSS): each source of a background below must still be found."""
from __future__ import annotations

import http.server
import tempfile
import threading
from functools import partial
from pathlib import Path

import pytest

from linter import load_policy, scan

pytestmark = pytest.mark.browser

ASSET = "brand.legacy-asset"


def scan_files(files: dict[str, str]):
    root = Path(tempfile.mkdtemp(prefix="brandlint-styles-"))
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    snap = scan([str(root)], load_policy("permendag31"), follow=False)
    assert [p.status for p in snap.pages] == ["rendered"], snap.pages
    return snap


def asset_names(snap) -> list[str]:
    """The file names of the asset findings, sorted."""
    return sorted(f.context.rsplit("/", 1)[-1] for f in snap.findings if f.rule == ASSET)


def page(head: str, body: str) -> str:
    return f"<!doctype html><html><head><meta charset=utf-8>{head}</head><body>{body}</body></html>"


def test_background_images_from_every_kind_of_readable_rule():
    snap = scan_files({
        "index.html": page(
            "<link rel=stylesheet href=main.css>"
            "<style>@media (min-width: 1px) { .m { background-image: url(tiktok-media.svg) } }"
            " :is(.p, .q) > i { background: #fff url(tiktok-is.svg) no-repeat }"
            " .v { --bg: url(tiktok-var.svg); background-image: var(--bg) }"
            " .pe::before { content: ''; background-image: url(tiktok-pseudo-bg.svg) }</style>",
            "<div class=m>m</div><div class=q><i>i</i></div><div class=v>v</div>"
            "<div class=i>imported</div><div class=pe>p</div><p class=plain>nothing here</p>"
            "<table background=tiktok-attr.svg><tr><td>t</td></tr></table>"
            "<div style=\"background: url('tiktok-inline.svg')\">s</div>"),
        "main.css": "@import url(more.css);\n",
        "more.css": ".i { background-image: url(tiktok-imported.svg) }\n.i::after { content: ' TikTok' }\n",
    })
    # A pseudo-element's own background is not the element's: never collected.
    assert asset_names(snap) == ["tiktok-attr.svg", "tiktok-imported.svg", "tiktok-inline.svg", "tiktok-is.svg",
                                 "tiktok-media.svg", "tiktok-var.svg"]
    # ::after content from an @import-ed sheet is read as text.
    assert [f.matched for f in snap.findings if f.rule == "brand.legacy-text"] == ["TikTok"]


def test_adopted_and_shadow_root_sheets():
    snap = scan_files({"index.html": page("", """
<div class=adopted>a</div><div id=host></div>
<script>
const s = new CSSStyleSheet(); s.replaceSync(".adopted { background-image: url(tiktok-adopted.svg) }");
document.adoptedStyleSheets = [s];
const root = document.getElementById("host").attachShadow({ mode: "open" });
root.innerHTML = "<style>b { background-image: url(tiktok-shadow.svg) }</style><b>in shadow</b>";
</script>""")})
    assert asset_names(snap) == ["tiktok-adopted.svg", "tiktok-shadow.svg"]


def serve(folder: Path, host: str):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    srv = http.server.ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://{host}:{srv.server_address[1]}"


def test_an_unreadable_sheet_makes_every_element_checked():
    # The page on 127.0.0.1, its stylesheet on 127.0.0.2 without CORS: its rules cannot be read.
    css, site = Path(tempfile.mkdtemp(prefix="brandlint-css-")), Path(tempfile.mkdtemp(prefix="brandlint-site-"))
    (css / "x.css").write_text(".x { background-image: url(tiktok-cross.svg) }", encoding="utf-8")
    css_srv, css_url = serve(css, "127.0.0.2")
    (site / "index.html").write_text(page(f"<link rel=stylesheet href='{css_url}/x.css'>",
                                          "<p>a</p><div class=x>cross-origin background</div>"), encoding="utf-8")
    site_srv, site_url = serve(site, "127.0.0.1")
    try:
        snap = scan([site_url + "/"], load_policy("permendag31"), follow=False)
    finally:
        css_srv.shutdown()
        site_srv.shutdown()
    assert asset_names(snap) == ["tiktok-cross.svg"]


FEED = """<div id=feed STYLE><p>Kabar terbaru</p></div>
<script>
  // Text appears only when the container itself is scrolled to its end.
  const feed = document.getElementById("feed");
  for (let k = 0; k < 30; k++) { const p = document.createElement("p"); p.textContent = "Kiriman " + k; p.style.height = "40px"; feed.appendChild(p); }
  feed.addEventListener("scroll", () => {
    if (feed.scrollTop + feed.clientHeight > feed.scrollHeight - 50 && !document.getElementById("end")) {
      const p = document.createElement("p"); p.id = "end"; p.textContent = "Belanja di TikTok sekarang"; feed.appendChild(p);
    }
  });
</script>"""


def test_a_scroll_container_made_by_an_inline_style_is_scrolled():
    snap = scan_files({"index.html": page("", FEED.replace("STYLE", "style='height: 200px; overflow-y: auto'"))})
    assert [f.matched for f in snap.findings] == ["TikTok"]


def test_a_scroll_container_styled_by_an_unreadable_sheet_is_scrolled():
    css, site = Path(tempfile.mkdtemp(prefix="brandlint-css-")), Path(tempfile.mkdtemp(prefix="brandlint-site-"))
    (css / "x.css").write_text("#feed { height: 200px; overflow-y: scroll }", encoding="utf-8")
    css_srv, css_url = serve(css, "127.0.0.2")
    (site / "index.html").write_text(page(f"<link rel=stylesheet href='{css_url}/x.css'>", FEED.replace("STYLE", "")),
                                     encoding="utf-8")
    site_srv, site_url = serve(site, "127.0.0.1")
    try:
        snap = scan([site_url + "/"], load_policy("permendag31"), follow=False)
    finally:
        css_srv.shutdown()
        site_srv.shutdown()
    assert [f.matched for f in snap.findings] == ["TikTok"]
