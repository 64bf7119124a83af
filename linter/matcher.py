"""Find brand mentions in text and in URLs. Pure: strings and a Policy in, Mentions out.

Finding is all it does: whether a mention is a violation is for the rules
(``linter/rules/``) to say.

A mention must start a word (nothing alphanumeric before it) but the word may go on
after it (``TikToknya``, ``TikTok's``): a clitic does not change the brand. A mention of a
base brand followed by a brand's ``continuation`` (``TikTok Shop``) is that brand's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .normalize import normalize, normalize_ascii
from .policy import Policy

CONTEXT_CHARS = 40
BATCH = 64   # texts screened together by find_many
_META = set("\\.^$*+?{}[]|()")


def literal_prefix(pattern: str) -> str:
    """The letters every match of ``pattern`` starts with ('' when that is not plain to
    see): its leading literal characters up to the first metacharacter or white space,
    less the last one when a quantifier that allows none follows it."""
    if "|" in pattern:
        return ""
    out = []
    for ch in pattern:
        if ch in _META or ch.isspace():
            if ch in "*?{" and out:
                out.pop()
            break
        out.append(ch)
    return "".join(out).lower()


# What a brand pattern may not hold for a batch's screening to be sound: lookaround and
# anchors, which could see (or miss) the text's neighbours in the joined batch (\b and \B
# see white space there as at a text's ends).
_CONTEXTUAL = re.compile(r"\(\?<?[=!]|\\[AZ]|(?<!\[)\^|\$")


@dataclass(frozen=True)
class Mention:
    """One brand mention the matcher found in a text."""

    brand: str  # brand id
    start: int  # offsets into the text searched, end exclusive
    end: int
    text: str   # the text as written

    def context(self, text: str, width: int = CONTEXT_CHARS) -> str:
        """The text around the mention, white space collapsed, for people and fingerprints."""
        a, b = max(0, self.start - width), min(len(text), self.end + width)
        snippet = " ".join(text[a:b].split())
        return ("…" if a > 0 else "") + snippet + ("…" if b < len(text) else "")


class Matcher:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        bases = [b for b in policy.brands.values() if b.pattern]
        self._groups = {f"b{i}": b.id for i, b in enumerate(bases)}
        alternation = "|".join(f"(?P<b{i}>{b.pattern})" for i, b in enumerate(bases))
        self._regex = re.compile(rf"(?<!\w)(?:{alternation})")
        self._batchable = not any(_CONTEXTUAL.search(b.pattern) for b in bases)
        # Every match starts with one of these: a batch whose lower-cased text holds none
        # cannot match (white space, all that normalising changes in ASCII, is not in them).
        prefixes = [literal_prefix(b.pattern) for b in bases]
        self._prefixes = prefixes if all(prefixes) else None
        self._continuations: dict[str, list[tuple[str, re.Pattern]]] = {}
        for b in policy.brands.values():
            if b.base:
                self._continuations.setdefault(b.base, []).append((b.id, re.compile(b.continuation)))

    def find(self, text: str) -> list[Mention]:
        """Every brand mention in text, as a person reads it."""
        if not text:
            return []
        if text.isascii() and not self._regex.search(normalize_ascii(text)):
            return []  # the same text normalize() would give, without its offset map
        return self._find(text)

    def find_many(self, texts: list[str]) -> list[list[Mention]]:
        """``[find(t) for t in texts]``, with ASCII texts screened BATCH at a time: a batch
        joined by newlines whose lower-cased text holds no pattern's literal prefix, or
        whose normalised text the patterns do not match, holds no mention (most of a page);
        only a batch that matches is read text by text. A
        mention inside one text is one inside the joined batch (its neighbours are white
        space, which the leading ``(?<!\\w)`` and the patterns cannot see past), so
        screening never loses one; a pattern with lookaround or anchors is not screened."""
        if not self._batchable:
            return [self.find(t) for t in texts]
        out: list[list[Mention]] = [[] for _ in texts]
        plain = []
        for i, text in enumerate(texts):
            if text and text.isascii():
                plain.append(i)
            elif text:
                out[i] = self._find(text)
        for k in range(0, len(plain), BATCH):
            batch = plain[k:k + BATCH]
            joined = "\n".join(texts[i] for i in batch)
            if self._prefixes is not None:
                lowered = joined.lower()
                if not any(p in lowered for p in self._prefixes):
                    continue
            if self._regex.search(normalize_ascii(joined)):
                for i in batch:
                    out[i] = self.find(texts[i])
        return out

    def _find(self, text: str) -> list[Mention]:
        norm, offsets = normalize(text)
        found = []
        for m in self._regex.finditer(norm):
            brand = self._groups[m.lastgroup]
            end = m.end()
            longest = end
            for cont_id, cont in self._continuations.get(brand, ()):
                c = cont.match(norm, end)
                if c and c.end() > longest:
                    brand, longest = cont_id, c.end()
            end = longest
            start_raw = offsets[m.start()]
            end_raw = offsets[end - 1] + 1 if end > 0 else 0
            found.append(Mention(brand, start_raw, end_raw, text[start_raw:end_raw]))
        return found

    def describe_hint(self) -> str:
        """The brand patterns as one source for the browser to guess, before the matcher
        runs, which elements it will need described (an optimisation only: a pattern
        JavaScript reads differently costs a second round trip, never a finding)."""
        return "|".join(f"(?:{b.pattern})" for b in self.policy.brands.values() if b.pattern)

    def find_in_url(self, url: str) -> list[Mention]:
        """Mentions in a URL's path: '-', '_', '.' and '/' separate words there.

        Offsets are into the decoded path, which is ``url_path(url)``.
        """
        path = url_path(url)
        spaced = re.sub(r"[-_./]+", lambda m: " " * len(m.group()), path)
        return [Mention(m.brand, m.start, m.end, path[m.start:m.end]) for m in self.find(spaced)]

    def find_in_asset(self, url: str) -> list[Mention]:
        """The brands an asset URL says to a user, by the policy's asset rule
        (``Policy.assets``): its file name, else a brand folder's name. Offsets are into
        ``url_path(url)``, as for ``find_in_url``."""
        rule = self.policy.assets
        if "path" in rule.says_brand_in:
            return self.find_in_url(url)
        path = url_path(url)
        cut = path.rfind("/") + 1
        name = path[cut:]
        for suffix in rule.transform_suffixes:
            m = re.search(suffix, name)
            if m:
                name = name[:m.start()]
        found = self._in_part(path, cut, name) if "file-name" in rule.says_brand_in else []
        if found or "brand-folder" not in rule.says_brand_in:
            return found
        start = 0
        folders = path[:cut].split("/")
        for i, seg in enumerate(folders[:-1]):
            if seg.lower() in rule.brand_folders and folders[i + 1]:
                nxt = start + len(seg) + 1
                found.extend(self._in_part(path, nxt, folders[i + 1]))
            start += len(seg) + 1
        return found

    def _in_part(self, path: str, at: int, part: str) -> list[Mention]:
        spaced = re.sub(r"[-_.]+", lambda m: " " * len(m.group()), part)
        return [Mention(m.brand, at + m.start, at + m.end, path[at + m.start:at + m.end]) for m in self.find(spaced)]


def url_path(url: str) -> str:
    try:
        return unquote(urlsplit(url).path)
    except ValueError:
        return ""
