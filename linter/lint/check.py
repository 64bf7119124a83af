"""Lint one source file: decode it, read its UI strings, match, apply zones and suppressions.

A finding's zone, strongest first: a markup ancestor (``[data-brand-zone]``), the catalog
key (with gettext's msgctxt and ``#:`` references), the file path, the default zone. Each
mention becomes a Touchpoint (``url`` = the file's path) that the same rule registry as
the scan's judges (``linter.rules.judge``): a rule added there works here too.
"""
from __future__ import annotations

from fnmatch import fnmatchcase

from ..matcher import Matcher, Mention, url_path
from ..model import Touchpoint
from ..rules import judge
from .formats import FORMATS, _read
from .records import LineIndex, LintError, LintFinding, ParseError
from .social import is_social
from .suppress import suppressed_lines
from .zones import zone_for_name

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(data: bytes, fmt: str) -> str:
    """Bytes -> text; raises ParseError naming the line and column of a bad byte."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(f"cannot decode as {encoding}: {exc.reason}") from None
    if fmt == "strings" and b"\x00" in data[:256]:  # UTF-16 without a BOM
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"cannot decode as {encoding}: {exc.reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fmt == "properties":  # Java's own fallback for resource bundles
            return data.decode("latin-1")
        before = data[:exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise ParseError(f"not valid UTF-8: byte 0x{data[exc.start]:02x} ({exc.reason})",
                         line=line, column=col) from None


class FileResult:
    __slots__ = ("findings", "error", "strings", "suppressed")

    def __init__(self) -> None:
        self.findings: list[LintFinding] = []
        self.error: LintError | None = None
        self.strings = 0
        self.suppressed = 0


def lint_text(text: str, path: str, fmt: str, matcher: Matcher) -> FileResult:
    """Lint decoded text; ``path`` is the path reported (and the one zones read)."""
    policy = matcher.policy
    result = FileResult()
    spec = FORMATS[fmt]
    reader = _read(fmt)
    try:
        segments = list(reader(text, path, policy) if spec.markup else reader(text, path))
    except ParseError as exc:
        result.error = _error(path, text, exc)
        return result
    index = LineIndex(text)
    suppressed = suppressed_lines(text, spec.comments)
    path_zone = zone_for_name(policy, path) or policy.default_zone
    key_zones: dict[str | None, object] = {}
    for seg in segments:
        if not seg:
            continue
        result.strings += 1
        if seg.key and policy.ignore_keys and any(fnmatchcase(seg.key, g) for g in policy.ignore_keys):
            continue
        asset = seg.kind.startswith("asset:")
        mentions = _url_mentions(matcher, seg.text) if asset else matcher.find(seg.text)
        if not mentions:
            continue
        # gettext sets hint (msgctxt + references): its msgid key is prose, not a name
        words = seg.hint if seg.hint is not None else (seg.key or "")
        if words not in key_zones:
            key_zones[words] = zone_for_name(policy, words) or path_zone
        # a value that is only a profile URL or handle is a social context (social.py)
        social = not asset and is_social(seg.text, [(m.start, m.end) for m in mentions], policy)
        for m in mentions:
            start, ctx = seg.locate(m.start)
            if ctx.ignored:
                continue
            zone = policy.zones[ctx.zone] if ctx.zone in policy.zones else key_zones[words]
            seen = touchpoint(seg, m, zone.id, ctx.social or ("social-string" if social else None), path)
            verdict = judge(seen, zone, policy)
            if verdict is None:
                continue
            line, column = index.position(start)
            if line in suppressed:
                result.suppressed += 1
                continue
            end_line, end_column = index.position(seg.locate(m.end - 1)[0] + 1)
            result.findings.append(LintFinding(
                file=path, line=line, column=column, rule=verdict.rule,
                severity=policy.severity_of(verdict.rule), matched=m.text,
                context=m.context(seg.text), suggestion=verdict.suggestion, zone=zone.id,
                key=seg.key, end_line=end_line, end_column=end_column, kind=seg.kind,
                brand=m.brand))
    return result


def touchpoint(seg, m: Mention, zone: str, social: str | None, path: str) -> Touchpoint:
    """A mention in a source string as the rules see it: text, an attribute's value, or an
    asset URL (``asset:src``...; its context is the whole URL, as in a scan)."""
    if seg.kind.startswith("asset:"):
        return Touchpoint(kind="asset", brand=m.brand, matched=m.text, context=seg.text, zone=zone,
                          url=path, attribute=seg.kind[len("asset:"):], social=social)
    attribute = None if seg.kind == "text" else seg.kind
    return Touchpoint(kind="text" if attribute is None else "attribute", brand=m.brand,
                      matched=m.text, context=m.context(seg.text), zone=zone, url=path,
                      attribute=attribute, social=social)


def _url_mentions(matcher: Matcher, url: str) -> list[Mention]:
    """Mentions in an asset URL by the policy's asset rule (scan's), at offsets into the URL."""
    path = url_path(url)
    at = url.find(path) if path else -1
    out = []
    for m in matcher.find_in_asset(url):
        start = at + m.start if at >= 0 else 0
        end = at + m.end if at >= 0 else len(url)
        out.append(Mention(m.brand, start, end, url[start:end]))
    return out


def lint_file(fs_path: str, path: str, fmt: str, matcher: Matcher) -> FileResult:
    try:
        with open(fs_path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        result = FileResult()
        result.error = LintError(path, f"cannot read: {exc.strerror}")
        return result
    return lint_bytes(data, path, fmt, matcher)


def lint_bytes(data: bytes, path: str, fmt: str, matcher: Matcher) -> FileResult:
    try:
        text = decode(data, fmt)
    except ParseError as exc:
        result = FileResult()
        result.error = LintError(path, exc.message, exc.line, exc.column)
        return result
    return lint_text(text, path, fmt, matcher)


def _error(path: str, text: str, exc: ParseError) -> LintError:
    line, column = exc.line, exc.column
    if exc.offset is not None:
        line, column = LineIndex(text).position(exc.offset)
    return LintError(path, exc.message, line, column)
