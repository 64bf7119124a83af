"""Journey files are data: read with line numbers, every mistake a usage error naming the
file, the line and the key. No browser here."""
from __future__ import annotations

import textwrap

import pytest

from linter.errors import ConfigError
from linter.journeys import journey_files, load_journeys, parse_journey

ISSUE_EXAMPLE = """\
name: checkout                       # required, unique within a scan
start: /produk/batik-tulis           # URL, or path relative to the first seed's origin
steps:
  - click: "text=Tambah ke keranjang"          # Playwright selectors: CSS, text=, role=...
  - wait_for: "#cart-count >> text=1"
  - goto: /keranjang
  - scan: cart with one item                   # record this state under that name
  - click: 'role=button[name="Checkout"]'
  - fill: {"#alamat": "Jl. Merdeka 1, Jakarta"}
  - select: {"#kurir": "jne"}
  - check: "#setuju"
  - press: {"#alamat": "Enter"}
  - click: "text=Bayar sekarang"
  - wait_for_url: "**/pembayaran/**"
  - scan: {name: payment, zone: payment}       # a state can force its zone
"""


def test_the_issue_example_reads_as_written():
    j = parse_journey(ISSUE_EXAMPLE, "checkout.yml", zones={"commerce", "payment"})
    assert (j.name, j.start, j.states) == ("checkout", "/produk/batik-tulis", ["cart with one item", "payment"])
    assert [s.action for s in j.steps] == ["click", "wait_for", "goto", "scan", "click", "fill", "select",
                                           "check", "press", "click", "wait_for_url", "scan"]
    assert j.steps[5].pairs == (("#alamat", "Jl. Merdeka 1, Jakarta"),)
    assert (j.steps[11].target, j.steps[11].zone, j.steps[11].line) == ("payment", "payment", 15)
    assert j.steps[3].zone is None
    # "as written": the action and its value, without the comment after it
    assert j.steps[4].describe() == "step 5 (click: 'role=button[name=\"Checkout\"]')"
    assert j.steps[11].describe() == "step 12 (scan: {name: payment, zone: payment})"


def test_select_takes_a_list_and_steps_their_own_timeout():
    j = parse_journey("name: a\nstart: /\ntimeout: 3\nsteps:\n  - select: {'#c': [red, blue]}\n"
                      "  - click: '#go'\n    timeout: 1.5\n  - scan: done\n")
    assert j.timeout == 3.0
    assert j.steps[0].pairs == (("#c", ("red", "blue")),)
    assert (j.steps[1].timeout, j.steps[2].timeout) == (1.5, None)


BAD = [
    ("name: a\nstart: /\nsteps:\n  - clik: '#x'\n  - scan: s\n", 4, "steps[1].clik", "unknown action"),
    ("name: a\nstart: /\nsteps:\n  - click: '#x'\n    fill: {'#a': b}\n  - scan: s\n", 4, "steps[1]",
     "exactly one action"),
    ("name: a\nsteps:\n  - scan: s\n", 1, "start", "required key missing"),
    ("name: a\nstart: /\nsteps: []\n", 3, "steps", "non-empty list"),
    ("name: a\nstart: /\nsteps:\n  - click: '#x'\n", 4, "steps", "no scan step"),
    ("name: a\nstart: /\nsteps:\n  - scan: s\n  - scan: {name: s}\n", 5, "steps[2].scan", "already recorded by step 1"),
    ("name: a\nstart: /\nsteps:\n  - scan: {name: s, zone: paymnt}\n", 4, "steps[1].scan.zone", "unknown zone 'paymnt'"),
    ("name: a\nstart: /\nsteps:\n  - scan: {nam: s}\n", 4, "steps[1].scan.nam", "unknown key"),
    ("name: a\nstart: /\nsteps:\n  - fill: '#a'\n  - scan: s\n", 4, "steps[1].fill", "selector: value"),
    ("name: a\nstart: /\nsteps:\n  - fill: {'#a': [x]}\n  - scan: s\n", 4, "steps[1].fill.#a", "text value"),
    ("name: a\nstart: /\nsteps:\n  - click: {x: 1}\n  - scan: s\n", 4, "steps[1].click", "expected a string"),
    ("name: a\nstart: /\nsteps:\n  - click: '#x'\n    timeout: soon\n  - scan: s\n", 5, "steps[1].timeout", "seconds"),
    ("name: a\nname: b\nstart: /\nsteps:\n  - scan: s\n", 2, "name", "duplicate key"),
    ("name: a\nstart: /\nrun: python -c 1\nsteps:\n  - scan: s\n", 3, "run", "unknown key"),
    ("name: a\nstart: /\nsteps:\n  - scan: s\n   - click: x\n", 5, None, "not valid YAML"),
    ("- just\n- a list\n", 1, None, "expected a journey"),
    ("", None, None, "empty journey file"),
]


@pytest.mark.parametrize("text,line,key,message", BAD, ids=[b[3] + f"@{b[1]}" for b in BAD])
def test_a_malformed_journey_names_file_line_and_key(text, line, key, message):
    with pytest.raises(ConfigError) as err:
        parse_journey(text, "j.yml", zones={"commerce", "payment"})
    e = err.value
    assert (e.file, e.line, e.key) == ("j.yml", line, key)
    assert message in e.message
    assert str(e).startswith(f"j.yml:{line}: " if line else "j.yml: ")


def test_a_folder_means_every_yml_and_names_stay_unique(tmp_path):
    (tmp_path / "b.yml").write_text("name: b\nstart: /\nsteps:\n  - scan: s\n")
    (tmp_path / "a.yml").write_text("name: a\nstart: /\nsteps:\n  - scan: s\n")
    (tmp_path / "notes.txt").write_text("not a journey")
    assert [p.name for p in journey_files([tmp_path])] == ["a.yml", "b.yml"]
    assert [j.name for j in load_journeys([tmp_path])] == ["a", "b"]
    (tmp_path / "c.yml").write_text("# again\nname: a\nstart: /x\nsteps:\n  - scan: s\n")
    with pytest.raises(ConfigError) as err:
        load_journeys([tmp_path])
    assert str(err.value) == f"{tmp_path / 'c.yml'}:2: key 'name': journey name 'a' is already used by {tmp_path / 'a.yml'}:1"


def test_a_missing_path_and_an_empty_folder_are_errors(tmp_path):
    with pytest.raises(ConfigError, match="no such journey file"):
        load_journeys([tmp_path / "nope.yml"])
    with pytest.raises(ConfigError, match=r"no \*\.yml journey files"):
        load_journeys([tmp_path])


def test_yaml_tags_that_would_build_objects_are_refused():
    # Data, never code: the safe composer knows no python/object tags.
    text = textwrap.dedent("""\
        name: !!python/object/apply:os.system ["echo pwned"]
        start: /
        steps:
          - scan: s
        """)
    with pytest.raises(ConfigError) as err:
        parse_journey(text, "j.yml")
    assert err.value.line == 1
