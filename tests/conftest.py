"""Shared fixtures: scans of the bundled fixture sites, done once per session."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# ../shared/corpus beside the checkout, or beside the folder of worktrees holding it.
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus")
               if p.is_dir()), ROOT.parent / "shared" / "corpus")

# The page timeout for tests whose pages answer: generous, because a loaded machine may
# take seconds to lay out a page. A test of a timeout uses a page that never answers
# (the fault server's /hang), so its own short timeout cannot depend on the machine.
ANSWERS = 60

_scans: dict = {}


def scan_folder(folder: Path, **options):
    """Scan a fixture folder with the public API; cached per folder and options."""
    from linter import scan
    key = (str(folder), tuple(sorted(options.items())))
    if key not in _scans:
        _scans[key] = scan([str(folder)], **options)
    return _scans[key]


def path_of(url: str | None) -> str | None:
    return urlsplit(url).path if url else None


def finding_key(f) -> tuple:
    """What EXPECTED.json pins down for a finding (ports and hosts left out)."""
    return (path_of(f.url), f.rule, f.kind, f.matched, f.zone, f.visible, f.attribute, path_of(f.frame_url))


def expected_key(page: str, v: dict) -> tuple:
    return (page, v["rule"], v["kind"], v["matched"], v["zone"], v["visible"], v["attribute"], v["frame"])


def load_expected(folder: Path) -> dict:
    return json.loads((folder / "EXPECTED.json").read_text(encoding="utf-8"))


def pixel_capabilities(logos: bool = False) -> set[str]:
    """What a scan with the default ``--visual auto`` reads here, in EXPECTED.json's
    ``needs`` words: "visual" (the visual extra: logos, colours), "ocr" (Tesseract too),
    and "logos" when the scan's policy names reference logos."""
    from linter.visual import missing
    have = set()
    if missing() is None:
        have.add("visual")
        from linter.visual.ocr import available
        if available() is None:
            have.add("ocr")
        if logos:
            have.add("logos")
    return have


def expected_here(folder: Path, have: set[str]) -> dict:
    """EXPECTED.json as a scan with these capabilities finds it: violations whose
    ``needs`` is missing are left out, and so are their touchpoints (one each); a page's
    ``with_logos`` figures replace its own when the policy names reference logos."""
    exp = load_expected(folder)
    dropped = Counter(v["page"] for v in exp["violations"] if v.get("needs") and v["needs"] not in have)
    pages = {}
    for page, info in exp["pages"].items():
        base = info["with_logos"] if "logos" in have and "with_logos" in info else info
        logo_only = sum(1 for v in exp["violations"] if v["page"] == page and v.get("needs") == "logos")
        off = dropped[page] - (logo_only if "logos" not in have else 0)
        pages[page] = {"touchpoints": base["touchpoints"] - off, "violations": base["violations"] - off}
    violations = [v for v in exp["violations"] if not v.get("needs") or v["needs"] in have]
    return {**exp, "pages": pages, "violations": violations}


def diff_multisets(got: Counter, want: Counter) -> str:
    extra = got - want
    missing = want - got
    lines = [f"  unexpected: {k}" for k in sorted(extra.elements(), key=str)]
    lines += [f"  missing:    {k}" for k in sorted(missing.elements(), key=str)]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def shop_snapshot():
    return scan_folder(FIXTURES / "sites" / "shop")


@pytest.fixture(scope="session")
def surfaces_snapshot():
    return scan_folder(FIXTURES / "sites" / "surfaces")


def assert_findings(html: str, expected: list[str], path: str = "index.html", policy=None) -> None:
    """One-line scan assertion: ``assert_findings("<p>TikTok</p>", ["brand.legacy-text@'TikTok'"])``.

    Serves html as ``path`` of a fresh folder, scans it in Chromium with ``policy`` (a
    Policy, a preset name or a TOML string), and compares ``rule@'matched'`` in order."""
    import tempfile

    from linter import Policy, load_policy, scan
    root = Path(tempfile.mkdtemp(prefix="brandlint-case-"))
    if isinstance(policy, str) and "\n" in policy:
        (root / "policy.toml").write_text(policy, encoding="utf-8")
        policy = load_policy(root / "policy.toml")
    elif not isinstance(policy, Policy):
        policy = load_policy(policy or "permendag31")
    page = root / "site" / path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<!doctype html><html><head><meta charset=utf-8></head><body>{html}</body></html>",
                    encoding="utf-8")
    snap = scan([str(root / "site")], policy, follow=False)
    assert [p.status for p in snap.pages] == ["rendered"], snap.pages
    got = [f"{f.rule}@'{f.matched}'" for f in snap.findings]
    assert got == expected
    return snap


@pytest.fixture(scope="session")
def generated_site(tmp_path_factory):
    """The scale-out tests' site (tests/sitegen.py): 150 linked pages on a real HTTP server."""
    from sitegen import SiteServer, generate
    folder = generate(tmp_path_factory.mktemp("gensite"))
    with SiteServer(folder) as srv:
        yield srv.url


@pytest.fixture(scope="session")
def generated_reference(generated_site):
    """The one-process scan every scaled-out scan of the generated site must equal."""
    from linter import scan
    return scan([generated_site], concurrency=1)
