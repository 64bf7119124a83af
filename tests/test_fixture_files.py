"""The fixture sites and their EXPECTED.json files agree with each other (no browser).

The scanner tests assert findings equal EXPECTED.json exactly, so a typo here would send
someone hunting a scanner bug that is not there. These checks keep the expectations honest:
well-formed, pointing at pages and frames that exist, reachable by a crawler, naming text
that is really in the page, and (for the migration stages) only ever fixing violations.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from linter.model import KINDS
from linter.policy import load_policy
from linter.rules import RULES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHOP = FIXTURES / "sites" / "shop"
STAGES = sorted((FIXTURES / "stages").glob("[0-9]-*"))
SITES = [SHOP, FIXTURES / "sites" / "surfaces", FIXTURES / "sites" / "clean", *STAGES]
SITE_IDS = [str(s.relative_to(FIXTURES)) for s in SITES]

PIXEL_KINDS = {"image-text", "logo", "color"}
NEEDS = ("ocr", "visual", "logos")      # what finds a pixel case: see the shop's EXPECTED.json notes
RULE_IDS = {r.ID for r in RULES}
RULE_KINDS = {r.ID: set(r.KINDS) for r in RULES}
ZONES = set(load_policy("permendag31").zones)
FIELDS = ("rule", "kind", "matched", "zone", "visible", "attribute", "frame")
ORIGIN = "http://fixture.test"


def load(site: Path) -> dict:
    return json.loads((site / "EXPECTED.json").read_text(encoding="utf-8"))


def violations_by_page(expected: dict) -> dict[str, list[dict]]:
    """Both layouts: the shop's flat ``violations`` list, or a list under each page."""
    out: dict[str, list[dict]] = {page: [] for page in expected["pages"]}
    for page, info in expected["pages"].items():
        if isinstance(info["violations"], list):
            out[page] = info["violations"]
    for v in expected.get("violations", []):
        out[v["page"]].append(v)
    return out


def file_for(site: Path, url_path: str) -> Path:
    path = urlsplit(url_path).path
    return site / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def same_origin_links(site: Path, url_path: str) -> set[str]:
    """Same-origin <a href> targets of a page, as paths without query or fragment."""
    out = set()
    for a in soup_of(file_for(site, url_path)).find_all("a", href=True):
        target = urljoin(ORIGIN + url_path, a["href"])
        if target.startswith(ORIGIN + "/"):
            out.add(urlsplit(target).path)
    return out


def crawl(site: Path, start: str = "/") -> set[str]:
    seen, todo = set(), [start]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        todo.extend(same_origin_links(site, page) - seen)
    return seen


def readable_sources(site: Path, page: str) -> str:
    """Everything a mention on the page can come from: its text (split elements joined),
    attribute values, script bodies (late, lazy and shadow text), the site's CSS, frames."""
    parts, files = [], [file_for(site, page)]
    soup = soup_of(files[0])
    for frame in soup.find_all("iframe", src=True):
        if frame["src"].startswith("/"):
            files.append(file_for(site, frame["src"]))
    for f in files:
        s = soup_of(f)
        parts.append(s.get_text())
        parts += [str(v) for tag in s.find_all(True) for v in tag.attrs.values()]
        parts += [t.string or "" for t in s.find_all(["script", "style"])]
    parts += [css.read_text(encoding="utf-8") for css in site.rglob("*.css")]
    return "\n".join(parts)


@pytest.mark.parametrize("site", SITES, ids=SITE_IDS)
def test_expected_is_well_formed(site):
    expected = load(site)
    assert expected["pages"], "no pages listed"
    for page, info in expected["pages"].items():
        assert file_for(site, page).is_file(), f"{page}: no file"
        assert isinstance(info["touchpoints"], int) and info["touchpoints"] >= 0
    for page, violations in violations_by_page(expected).items():
        count = expected["pages"][page]["violations"]
        counted = [v for v in violations if v.get("needs") != "logos"]     # the preset names no logos
        assert count == len(counted) if isinstance(count, int) else count == violations
        with_logos = expected["pages"][page].get("with_logos")
        if with_logos:
            assert with_logos["violations"] == len(violations) and with_logos["touchpoints"] >= len(violations)
        assert expected["pages"][page]["touchpoints"] >= len(violations), page
        for v in violations:
            where = f"{page}: {v}"
            assert v["rule"] in RULE_IDS, where
            assert v["kind"] in KINDS and v["kind"] in RULE_KINDS[v["rule"]], where
            assert v["zone"] in ZONES, where
            assert isinstance(v["visible"], bool), where
            assert v["attribute"] is None or isinstance(v["attribute"], str), where
            assert (v["attribute"] is None) == (v["kind"] == "text"), where
            assert isinstance(v["matched"], str) and v["matched"], where
            if v["frame"] is not None:
                assert file_for(site, v["frame"]).is_file(), where
            if v["kind"] == "endpoint":
                assert v["zone"] == "payment" and re.match(r"https?://", v["matched"]), where
            if v["rule"] == "brand.zone-brand":
                assert v["zone"] == "payment", where
            assert v.get("needs") in (None, *NEEDS), where
            assert (v["kind"] in PIXEL_KINDS) == ("needs" in v), where


def test_shop_violations_are_listed_in_page_order():
    expected = load(SHOP)
    order = list(expected["pages"])
    seen = [order.index(v["page"]) for v in expected["violations"]]
    assert seen == sorted(seen)
    assert all(set(v) - {"needs"} == {"page", *FIELDS, "note"} for v in expected["violations"])


@pytest.mark.parametrize("site", SITES, ids=SITE_IDS)
def test_matched_text_is_in_the_page(site):
    for page, violations in violations_by_page(load(site)).items():
        sources = readable_sources(site, page)
        for v in violations:
            if v["kind"] in PIXEL_KINDS:
                _check_pixel_case(site, page, v)
                continue
            assert v["matched"] in sources, f"{page}: {v['matched']!r} is not in the page's sources"


def _check_pixel_case(site: Path, page: str, v: dict) -> None:
    """A mention only pixels show: the picture its note names is on the page and is a file
    (a canvas: the page draws one); a colour is in the page's CSS."""
    html = file_for(site, page).read_text(encoding="utf-8")
    if v["kind"] == "color":
        css = html + "".join(c.read_text(encoding="utf-8") for c in site.rglob("*.css"))
        assert v["matched"].lower() in css.lower(), f"{page}: {v['matched']} is in no CSS"
    elif v["attribute"] == "canvas":
        assert "<canvas" in html and "getContext" in html, f"{page}: no canvas drawn"
    else:
        name = v["note"].split(" ", 1)[0].split(":", 1)[0]
        assert f"/img/{name}" in html and (site / "img" / name).is_file(), f"{page}: {name} not shown"


@pytest.mark.parametrize("site", [s for s in SITES if s.name != "surfaces"],
                         ids=[i for i in SITE_IDS if not i.endswith("surfaces")])
def test_crawler_reaches_exactly_the_listed_pages(site):
    """From '/', <a href> links reach every listed page and nothing else (no 404s, no frames)."""
    assert crawl(site) == set(load(site)["pages"])


def test_surfaces_index_links_every_page():
    site = FIXTURES / "sites" / "surfaces"
    assert crawl(site) == set(load(site)["pages"])


@pytest.mark.parametrize("site", SITES, ids=SITE_IDS)
def test_local_assets_exist(site):
    """Every root-relative image, icon, poster, script, stylesheet and frame resolves to a file."""
    urls = []
    for page in site.rglob("*.html"):
        s = soup_of(page)
        for tag in s.find_all(True):
            for attr in ("src", "poster", "data-src"):
                if tag.get(attr):
                    urls.append(tag[attr])
            if tag.name == "link" and tag.get("href"):
                urls.append(tag["href"])
            if tag.get("srcset"):
                urls += [c.split()[0] for c in tag["srcset"].split(",")]
            if tag.name == "meta" and tag.get("property") == "og:image":
                urls.append(tag["content"])
        urls += re.findall(r"url\(['\"]?([^'\")]+)", page.read_text(encoding="utf-8"))
    for css in site.rglob("*.css"):
        urls += re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8"))
    missing = sorted({u for u in urls if u.startswith("/") and not (site / u.lstrip("/")).is_file()})
    assert not missing


def test_clean_site_has_no_violations():
    expected = load(FIXTURES / "sites" / "clean")
    assert all(not v for v in violations_by_page(expected).values())
    assert sum(p["touchpoints"] for p in expected["pages"].values()) > 0


def test_stages_only_fix_violations():
    assert [s.name for s in STAGES] == ["1-early", "2-mostly", "3-nearly", "4-complete"]
    shop = load(SHOP)

    def key_counts(expected):
        return Counter(tuple((v["page"], *[v[f] for f in FIELDS])) for v in expected["violations"])

    previous = key_counts(shop)
    for stage in STAGES:
        expected = load(stage)
        assert list(expected["pages"]) == list(shop["pages"]), stage.name
        current = key_counts(expected)
        assert not current - previous, f"{stage.name} adds violations: {current - previous}"
        assert sum(current.values()) < sum(previous.values()), f"{stage.name} fixes nothing"
        lines = (stage / "STAGE.md").read_text(encoding="utf-8").strip().splitlines()
        assert len(lines) == 1 and f"{sum(current.values())} violations" in lines[0]
        previous = current
    assert not previous, "the last stage must have no violations"
