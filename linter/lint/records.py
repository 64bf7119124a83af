"""The records of ``brandlint lint``: a string a user will see (Segment), where it is in
its file (LineIndex), and what the linter reports about it (LintFinding, LintError).

A Segment is made of pieces, each a run of text copied verbatim from one place in the file.
A decoded catalog string (escapes, continuation lines) or a template paragraph split across
inline tags is several pieces; mapping a match back through them is what lets a finding
name the exact line and column of the mention in the original file.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass, field

from ..outcome import lint_exit

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (3 ms of a lint's start-up)
if TYPE_CHECKING:
    from typing import Any


@dataclass(frozen=True)
class Ctx:
    """Markup context of a template piece: a zone forced by an ancestor, social, ignored."""

    zone: str | None = None
    social: str | None = None   # the context id that makes a mention legitimate
    ignored: bool = False


PLAIN = Ctx()


class Segment:
    """One user-visible string: pieces of (file offset, text, markup context)."""

    __slots__ = ("key", "kind", "hint", "_len", "_parts", "_text", "_starts", "_raws", "_ctxs")

    def __init__(self, key: str | None = None, kind: str = "text") -> None:
        self.key = key
        self.kind = kind          # "text" or the attribute name ("alt", "title"...)
        self.hint: str | None = None  # more words for the zone than the key (gettext refs)
        self._len = 0
        self._parts: list[str] = []
        self._text: str | None = ""
        self._starts: list[int] = []
        self._raws: list[int] = []
        self._ctxs: list[Ctx] = []

    def add(self, raw_offset: int, text: str, ctx: Ctx = PLAIN) -> "Segment":
        if text:
            self._starts.append(self._len)
            self._raws.append(raw_offset)
            self._ctxs.append(ctx)
            self._parts.append(text)
            self._len += len(text)
            self._text = None
        return self

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._parts)
        return self._text

    def locate(self, index: int) -> tuple[int, Ctx]:
        """File offset and markup context of the character at index of ``text``."""
        i = bisect_right(self._starts, index) - 1
        return self._raws[i] + index - self._starts[i], self._ctxs[i]

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def __repr__(self) -> str:
        return f"Segment(key={self.key!r}, text={self.text!r})"


def plain(raw_offset: int, text: str, key: str | None = None) -> Segment:
    return Segment(key).add(raw_offset, text)


class LineIndex:
    """Offsets into a text -> 1-based (line, column); columns count Unicode code points."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        find = text.find
        pos = find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of position (1-based line and column)."""
        return self.starts[line - 1] + column - 1


@dataclass
class LintFinding:
    """A violation in a source file; ``line``/``column`` locate the mention itself."""

    file: str
    line: int
    column: int
    rule: str
    severity: str
    matched: str
    context: str
    suggestion: str
    zone: str
    key: str | None = None
    end_line: int = 0
    end_column: int = 0      # exclusive, like SARIF's endColumn
    kind: str = "text"       # "text" or the attribute name it was found in
    brand: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LintError:
    """A file that could not be read or parsed; the rest of the run goes on."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


SKIP_UNKNOWN = "unknown-format"       # looks like a catalog or template; no reader for it
SKIP_NOT_CATALOG = "not-a-catalog"    # a generic .json/.yml/.xml outside catalog folders
SKIP_IGNORED = "ignored"              # the policy's ignore.paths


@dataclass
class Skip:
    """A file the walk considered and did not lint, and why."""

    file: str
    reason: str       # one of the SKIP_* codes
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ParseError(Exception):
    """Raised by a format reader; carries a file offset or a line/column when known."""

    def __init__(self, message: str, *, offset: int | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column


@dataclass
class LintResult:
    """What a lint found, and what happened to every file it considered."""

    findings: list[LintFinding] = field(default_factory=list)
    errors: list[LintError] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    files: int = 0            # files linted (an error still counts as an attempt: see errors)
    strings: int = 0
    suppressed: int = 0
    prefiltered: int = 0      # linted files the raw-bytes prefilter proved mention-free
    strict: bool = False      # --strict: a skip fails the run too

    @property
    def strict_skips(self) -> list[Skip]:
        """The skips --strict fails on: all but the files the policy itself ignores."""
        return [s for s in self.skipped if s.reason != SKIP_IGNORED]

    @property
    def exit_code(self) -> int:
        """See ``linter.outcome.lint_exit``: 2 for an unreadable file (or, under --strict, a
        skipped one), 1 on violations, else 0."""
        return lint_exit(self)
