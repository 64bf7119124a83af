"""Big pages degrade gracefully: a page's timeout bounds the site's own load, never
brandlint's reading of a page that loaded; past the element budget the page is still read
for its text, its styles are not, and its record says so.

No timing: the slow page is slow by construction (its own getAttribute spins for a fixed
wall time when brandlint's collector first reads it), so its reading outlasts its page
timeout on any machine, while it loads at once (a few hundred bytes from disk)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE_TIMEOUT = 10.0    # the page itself loads in milliseconds; ten seconds leave room for any load
SPIN_S = PAGE_TIMEOUT + 3 + 4   # past the old hard cap (page timeout + 3 s grace), well within own_work_s (30 s)

SLOW_TO_READ = f"""<!doctype html><meta charset=utf-8><title>Slow to read</title>
<main><p id=slow title="produk">Produk lokal</p><p>Belanja di TikTok sekarang</p></main>
<script>
  // Called by no script of the page: only brandlint's collector reads this attribute.
  const el = document.getElementById("slow"), orig = Element.prototype.getAttribute;
  let spun = false;
  el.getAttribute = function (name) {{
    if (!spun) {{ spun = true; const end = performance.now() + {SPIN_S * 1000}; while (performance.now() < end) {{}} }}
    return orig.call(this, name);
  }};
</script>"""


def test_a_page_whose_reading_outlasts_its_timeout_is_scanned_not_timed_out(tmp_path):
    from linter import scan
    (tmp_path / "index.html").write_text(SLOW_TO_READ, encoding="utf-8")
    snap = scan([str(tmp_path)], follow=False, page_timeout=PAGE_TIMEOUT, retries=0, visual="off")
    (page,) = snap.pages
    assert page.status == "rendered", page.error
    assert page.attempts == 1
    assert page.elapsed_ms >= SPIN_S * 1000, "the reading did outlast the page timeout and its grace"
    assert [(f.matched, f.context) for f in snap.findings] == [("TikTok", "Belanja di TikTok sekarang")]


def _cards(n: int, start: int = 0) -> str:
    return "".join(f"<div class=c><h3>Produk {i}</h3><p>promo {i}</p></div>" for i in range(start, start + n))


# A CSS ::before that says TikTok on the first card and on the last one, and a legacy
# mention in plain text at the very end.
BUDGETED = ("<!doctype html><meta charset=utf-8><style>.brand::before{content:'TikTok'}</style><main>"
            "<div class=brand>Toko</div>" + _cards(1500) + "<div class=brand>Akhir</div>"
            "<footer><p>Belanja di TikTok sekarang</p></footer></main>")


@pytest.mark.parametrize("max_elements", [None, 1000], ids=["within", "past"])
def test_past_the_element_budget_text_is_read_and_styles_are_not(tmp_path, max_elements):
    from linter import scan
    (tmp_path / "index.html").write_text(BUDGETED, encoding="utf-8")
    extra = {} if max_elements is None else {"max_elements": max_elements}
    snap = scan([str(tmp_path)], follow=False, page_timeout=120, visual="off", **extra)
    (page,) = snap.pages
    assert page.status == "rendered", page.error
    contexts = [f.context for f in snap.findings]
    assert any("Belanja di TikTok sekarang" in c for c in contexts), "the text is read to its end"
    pseudo = [c for c in contexts if "Belanja" not in c]
    budget_notes = [n for n in page.notes if n.startswith("element budget:")]
    if max_elements is None:
        assert len(pseudo) == 2, contexts
        assert not budget_notes, page.notes
    else:
        assert len(pseudo) == 1 and "Toko" in pseudo[0], "only the card within the budget has its ::before read"
        (note,) = budget_notes
        assert "past max_elements (1000)" in note and "::before/::after" in note, note
