"""The HTML report: self-contained, escaped, filterable; checked with lxml and in Chromium.

Browser tests open the report from a file:// URL exactly as an inspector would, with hostile
page strings, and watch for dialogs, page errors, console errors and ``window.__pwned``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from linter.reports import render
from linter.reports.i18n import EN, ID
from report_data import PWN, SHOP, XSS_IMG, XSS_SCRIPT, XSS_URL, bundle, hostile, png, storefront

ARTIFACTS = Path(__file__).parent / ".artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run"]


def _doc(text: str):
    return lxml_html.document_fromstring(text)


# --- static checks ------------------------------------------------------------------------

def test_report_is_self_contained(tmp_path):
    folder = bundle(tmp_path / "ev")
    doc = _doc(render(storefront(), "html", base_dir=folder))
    assert doc.xpath("//link") == [] and doc.xpath("//script[@src]") == [] and doc.xpath("//iframe") == []
    srcs = doc.xpath("//img/@src")
    assert len(srcs) == 4 and all(s.startswith("data:image/png;base64,") for s in srcs)
    css = "".join(doc.xpath("//style/text()"))
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)


def test_findings_are_grouped_by_page_and_the_rule_view_has_every_rule(tmp_path):
    doc = _doc(render(storefront(), "html", base_dir=bundle(tmp_path / "ev")))
    groups = doc.xpath("//section[contains(@class,'page-group')]")
    assert len(groups) == 6
    assert [len(g.xpath(".//article")) for g in groups] == [3, 2, 1, 0, 0, 0]
    assert groups[0].xpath(".//a/@href")[0] == f"{SHOP}/"
    rule_keys = doc.xpath("//div[@id='view-rule']//div[@class='group-body']/@data-key")
    assert rule_keys == ["rule:brand.legacy-asset", "rule:brand.legacy-endpoint", "rule:brand.legacy-text",
                         "rule:brand.zone-brand"]
    first = groups[0].xpath(".//article")[0]
    assert first.xpath(".//span[@class='seen']/text()") == ["TikTok"]
    assert first.xpath(".//span[@class='should']/text()") == ["TikTok Shop"]
    assert first.xpath(".//p[@class='context']/mark/text()") == ["TikTok"]


def test_figures_show_numerators_and_denominators():
    doc = _doc(render(storefront(), "html"))
    figures = [" ".join(c.text_content().split()) for c in doc.xpath("//section[@class='figures']/div")]
    assert figures[0].startswith("Touchpoint compliance 75.0% 18/24")
    assert figures[1].startswith("Page compliance 25.0% 1/4")
    assert figures[2].startswith("Violations 6 error 4 warning 1 note 1")
    assert figures[3] == "Coverage 4/5 5 attempted, 4 rendered, 1 failed, 1 skipped"
    assert doc.xpath("//div[@class='banner']")   # incomplete scan


def test_wide_crops_get_the_full_width_below_the_text(tmp_path):
    doc = _doc(render(storefront(), "html", base_dir=bundle(tmp_path / "ev")))
    wide = [a.get("id") for a in doc.xpath("//article") if "wide" in a.get("class").split()]
    assert wide == ["finding-4"]            # the 900 px crop; the others are 120 px


def test_hidden_finding_shows_no_crop_and_missing_files_are_linked_relative():
    doc = _doc(render(storefront(), "html", base_dir=None))
    hidden = doc.xpath("//article[@id='finding-3']")[0]
    assert hidden.xpath(".//img") == [] and "Hidden element" in hidden.text_content()
    assert doc.xpath("//article[@id='finding-1']//img/@src") == ["crops/home-1.png"]
    assert doc.xpath("//article[@id='finding-1']//a[text()='pages/home.png']/@href") == ["pages/home.png"]


def test_evidence_paths_cannot_leave_the_bundle(tmp_path):
    folder = tmp_path / "ev"
    png(tmp_path / "secret.png")
    snap = storefront()
    snap.findings[0].evidence["crop"] = "../secret.png"
    snap.findings[1].evidence["crop"] = str(tmp_path / "secret.png")
    doc = _doc(render(snap, "html", base_dir=bundle(folder, snap)))
    for n in (1, 2):
        article = doc.xpath(f"//article[@id='finding-{n}']")[0]
        assert article.xpath(".//img") == [] and "secret" not in " ".join(article.xpath(".//@href"))


def test_hostile_strings_are_text_not_markup():
    text = render(hostile(), "html")
    doc = _doc(text)
    assert doc.xpath("//script") and len(doc.xpath("//script")) == 1      # only our own
    assert [e for e in doc.iter() if any(a.startswith("on") for a in e.attrib)] == []
    assert doc.xpath("//img[@src='x']") == []
    hrefs = doc.xpath("//@href")
    assert all(h.startswith(("http://", "https://")) or not re.match(r"^[a-z]+:", h, re.I) for h in hrefs), hrefs
    assert not any("passwd" in h for h in hrefs)
    body = doc.text_content()
    assert f"TikTok{XSS_SCRIPT}" in body and XSS_IMG in body and XSS_URL in body and PWN in body


def test_script_is_pinned_by_the_content_security_policy():
    import base64
    import hashlib
    doc = _doc(render(storefront(), "html"))
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    script = doc.xpath("//script/text()")[0]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert directives["default-src"] == "'none'" and directives["base-uri"] == "'none'"


def _visible_labels(text: str) -> str:
    doc = _doc(text)
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    attrs = doc.xpath("//@placeholder|//@title|//@alt|//@aria-label|//@data-template")
    return doc.text_content() + "\n" + "\n".join(attrs)


def test_indonesian_report_has_no_english_label():
    english = sorted({v for k, v in EN.items() if v != ID[k] and len(v) >= 4}, key=len, reverse=True)
    found = lambda t: [v for v in english if re.search(r"(?<![\w-])" + re.escape(v) + r"(?![\w-])", t)]  # noqa: E731
    text = render(storefront(), "html", lang="id")
    assert _doc(text).get("lang") == "id"
    assert found(_visible_labels(text)) == []
    assert len(found(_visible_labels(render(storefront(), "html", lang="en")))) >= 10


# --- in Chromium --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        exe = CHROMIUM if Path(CHROMIUM).exists() else None
        b = p.chromium.launch(executable_path=exe, args=ARGS)
        yield b
        b.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    events = {"dialogs": [], "errors": [], "console": []}
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("console", lambda m: events["console"].append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, events


def _assert_inert(page, events):
    page.wait_for_timeout(150)   # let any onerror handlers fire
    assert events == {"dialogs": [], "errors": [], "console": []}
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0


@pytest.mark.browser
def test_hostile_report_is_inert_in_chromium(browser, tmp_path):
    folder = bundle(tmp_path / "ev", hostile())
    report = folder / "report.html"
    report.write_text(render(hostile(), "html", base_dir=folder), encoding="utf-8")
    page, events = _open(browser, report)
    _assert_inert(page, events)
    page.locator("input[name=group][value=rule]").check()
    page.fill("#f-text", "script")
    page.locator("details").first.evaluate("d => d.open = true")
    _assert_inert(page, events)
    assert page.locator("#finding-1 .seen").inner_text() == f"TikTok{XSS_SCRIPT}"
    page.close()


@pytest.mark.browser
def test_escaping_alone_keeps_it_inert_and_the_harness_would_notice(browser, tmp_path):
    """Without the CSP the escaping must still hold; and a page that is NOT escaped trips the
    same assertions, so the test above can fail."""
    folder = bundle(tmp_path / "ev", hostile())
    text = render(hostile(), "html", base_dir=folder)
    no_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    assert no_csp != text
    (folder / "no-csp.html").write_text(no_csp, encoding="utf-8")
    page, events = _open(browser, folder / "no-csp.html")
    _assert_inert(page, events)
    page.close()
    (tmp_path / "raw.html").write_text(f"<p>{PWN}{XSS_IMG}</p>", encoding="utf-8")
    page, events = _open(browser, tmp_path / "raw.html")
    page.wait_for_timeout(150)
    assert page.evaluate("() => window.__pwned") == 1 and events["dialogs"] == ["1"]
    page.close()


def _realistic_crops(browser, folder: Path, snap) -> None:
    """Replace the solid-colour test crops with crops Chromium renders from the finding's
    HTML, outlined as the evidence writer outlines them, so the screenshot shows real use."""
    page = browser.new_page(viewport={"width": 600, "height": 200}, device_scale_factor=1)
    for f in snap.findings:
        crop = (f.evidence or {}).get("crop")
        if not crop:
            continue
        page.set_content("<body style='margin:0;background:#fff'><div id=c style='display:inline-block;"
                         "padding:18px 22px;font:15px system-ui,sans-serif;color:#222'><span style='outline:3px "
                         "solid #e0245e;background:rgba(224,36,94,.08);padding:2px 4px'></span></div></body>")
        page.locator("#c span").evaluate("(el, t) => el.textContent = t", f.context)
        page.locator("#c").screenshot(path=str(folder / crop))
    page.close()


@pytest.mark.browser
def test_filters_and_grouping_in_chromium(browser, tmp_path):
    folder = bundle(tmp_path / "ev")
    _realistic_crops(browser, folder, storefront())
    report = folder / "report.html"
    report.write_text(render(storefront(), "html", base_dir=folder), encoding="utf-8")
    page, events = _open(browser, report)
    findings = page.locator("article.finding")
    assert findings.count() == 6
    assert page.locator("#count").inner_text() == "6 of 6 findings shown"
    visible = lambda: page.locator("article.finding:visible").count()  # noqa: E731

    page.select_option("#f-rule", "brand.legacy-text")
    assert visible() == 3 and page.locator("#count").inner_text() == "3 of 6 findings shown"
    assert page.locator("#finding-4").is_hidden()
    assert page.locator("section.page-group:visible").count() == 1          # only the home page
    page.select_option("#f-rule", "")
    page.select_option("#f-zone", "payment")
    assert visible() == 2
    page.select_option("#f-zone", "")
    page.select_option("#f-severity", "warning")
    assert visible() == 1 and page.locator("#finding-3").is_visible()
    page.select_option("#f-severity", "")
    page.fill("#f-text", "keranjang")
    assert visible() == 2
    page.fill("#f-text", "")
    assert visible() == 6

    page.locator("input[name=group][value=rule]").check()
    assert page.locator("#view-page").is_hidden() and page.locator("#view-rule").is_visible()
    in_rule = page.locator("#view-rule div[data-key='rule:brand.legacy-text'] article.finding")
    assert in_rule.count() == 3
    page.locator("input[name=group][value=page]").check()
    assert page.locator("#view-page section.page-group").first.locator("article.finding").count() == 3

    widths = page.evaluate("() => [...document.querySelectorAll('.crop img')].map(i => i.naturalWidth)")
    assert len(widths) == 4 and all(w > 100 for w in widths)          # embedded crops decode
    assert events == {"dialogs": [], "errors": [], "console": []}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.close()


def test_finding_numbers_match_the_csv_evidence_list_whatever_the_page_order():
    import csv
    import io
    snap = storefront()
    snap.findings.reverse()                   # a crawler may finish pages in any order
    doc = _doc(render(snap, "html"))
    rows = list(csv.reader(io.StringIO(render(snap, "csv")[1:])))[1:]
    for row in rows:
        article = doc.xpath(f"//article[@id='finding-{row[0]}']")[0]
        assert article.xpath(".//span[@class='seen']/text()") == [row[4]]
        assert article.get("data-rule") == row[6]
