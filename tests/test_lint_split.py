"""``linter/lint/run.py``: a big tree is linted by several processes, with the result one
process gives, in the same order; a worker that dies loses nothing; files are read whole."""
from __future__ import annotations

import os

import pytest

from linter.lint import lint_paths, run
from linter.policy import load_policy

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the split forks")

BODIES = {  # format -> (path pattern, body with {text})
    "json": ("locales/{l}/page{n}.json", '{{\n  "title": "{text}",\n  "cta": "Beli sekarang"\n}}\n'),
    "po": ("locale/{l}/LC_MESSAGES/page{n}.po", 'msgid "title"\nmsgstr "{text}"\n'),
    "yml": ("config/locales/{l}/page{n}.yml", 'id:\n  title: "{text}"\n'),
    "html": ("templates/{l}/page{n}.html", "<div>\n  <p>{text}</p>\n</div>\n"),
    "xlf": ("i18n/{l}/page{n}.xlf", '<xliff version="1.2"><file><body>\n<trans-unit id="t"><source>t</source>'
                                    "<target>{text}</target></trans-unit>\n</body></file></xliff>\n"),
}


@pytest.fixture(scope="module")
def big_tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("big")
    n = 0
    for lang in ("id", "en", "ms"):
        for fmt, (pattern, body) in BODIES.items():
            for i in range(60):
                n += 1
                text = "Bayar di TikTok" if n % 7 == 0 else "Belanja hemat di toko kami"
                path = root / pattern.format(l=lang, n=i)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body.format(text=text), encoding="utf-8")
    return root


def _as_seen(result):
    return ([f.to_dict() for f in result.findings], result.files, result.strings,
            result.prefiltered, [e.to_dict() for e in result.errors])


def test_several_processes_give_one_process_result(big_tree, monkeypatch):
    monkeypatch.chdir(big_tree)
    policy = load_policy("permendag31")
    alone = lint_paths(["."], policy, jobs=1)
    assert alone.files == 900 and len(alone.findings) == 900 // 7
    for jobs in (2, 3):
        assert _as_seen(lint_paths(["."], policy, jobs=jobs)) == _as_seen(alone)


def test_a_worker_that_dies_loses_nothing(big_tree, monkeypatch, tmp_path):
    """A forked worker that dies halfway (here: on the first XLIFF file it reads, the end of the list its share starts at) sends
    nothing back; every chunk it took is linted by this process instead."""
    died = tmp_path / "died"
    monkeypatch.chdir(big_tree)
    policy = load_policy("permendag31")
    alone = lint_paths(["."], policy, jobs=1)
    parent, lint_one = os.getpid(), run._lint_one

    def dies_in_a_child(t):
        if os.getpid() != parent and t.fmt == "xliff":
            died.write_text(t.path)
            os._exit(1)
        return lint_one(t)

    monkeypatch.setattr(run, "_lint_one", dies_in_a_child)
    assert _as_seen(lint_paths(["."], policy, jobs=2)) == _as_seen(alone)
    assert died.exists()  # the worker did die


@pytest.mark.parametrize("size", [0, 1, run.READ_AHEAD - 1, run.READ_AHEAD, run.READ_AHEAD + 1, 5 * run.READ_AHEAD + 7])
def test_files_of_any_size_are_read_whole(tmp_path, size):
    data = bytes((i * 7) % 251 for i in range(size))
    path = tmp_path / "f.json"
    path.write_bytes(data)
    assert run._read_all(str(path)) == data
