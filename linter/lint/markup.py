"""What a person reads in markup: text joined across inline tags, visible attributes, and
the zone, social context or ignore marker each piece inherits from its ancestors.

Both the HTML tokenizer (templates.py) and the JSX scanner (jsx.py) feed this sink with
tags, attributes and text at their file offsets. Text runs until a block-level tag, so
``Tik<span>Tok</span>`` is one string and ``TikTok<br>Shop`` reads "TikTok Shop"; each
piece keeps its own Ctx, and a mention takes the context of the piece it starts in.
"""
from __future__ import annotations

import html
import re

from ..policy import Policy
from .records import Ctx, PLAIN, Segment
from .zones import matches_any

INLINE = frozenset("""a abbr b bdi bdo big cite code data del dfn em font i ins kbd label
mark nobr q s samp small span strong sub sup time tt u var wbr""".split())
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
SKIP = frozenset(("script", "style"))
TEXT_ATTRS = frozenset(("alt", "title", "aria-label", "aria-description", "placeholder"))
META_NAMES = ("og:", "twitter:")
META_EXACT = frozenset(("description", "application-name"))
META_URL_WORDS = ("image", "url", "video", "audio", "player")
ASSET_ATTRS = frozenset(("src", "srcset", "poster"))
ICON_RELS = frozenset(("icon", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon"))
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')\s]+)\1\s*\)""")
_SRCSET_URL = re.compile(r"\s*([^\s,]+)(?:\s+[^,]*)?,?")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def unescape_into(seg: Segment, text: str, start: int, end: int, ctx: Ctx = PLAIN) -> Segment:
    """Append text[start:end] with HTML character references decoded, offsets kept."""
    pos = start
    for m in _ENTITY.finditer(text, start, end):
        seg.add(pos, text[pos:m.start()], ctx)
        seg.add(m.start(), html.unescape(m.group()), ctx)
        pos = m.end()
    return seg.add(pos, text[pos:end], ctx)


def asset_urls(tag: str, name: str, value: str, attrs: dict[str, str]) -> list[tuple[int, str]]:
    """(offset in value, URL) of each image or icon URL in an attribute, as scan collects
    them: src, srcset, poster, link rel=icon/apple-touch-icon, og:image/twitter:image
    meta, and CSS url() in a style attribute."""
    if name in ("src", "poster"):
        return [(len(value) - len(value.lstrip()), value.strip())] if value.strip() else []
    if name == "srcset":
        return [(m.start(1), m.group(1)) for m in _SRCSET_URL.finditer(value) if m.group(1)]
    if name == "href" and tag == "link" and ICON_RELS & set(attrs.get("rel", "").lower().split()):
        return [(0, value)]
    if name == "content" and tag == "meta":
        which = (attrs.get("property") or attrs.get("name") or "").lower()
        return [(0, value)] if which.endswith((":image", ":image:url", ":image:src")) else []
    if name == "style":
        return css_urls(value)
    return []


def css_urls(css: str) -> list[tuple[int, str]]:
    return [(m.start(2), m.group(2)) for m in _CSS_URL.finditer(css)]


def visible_attribute(tag: str, name: str, attrs: dict[str, str]) -> bool:
    if name in TEXT_ATTRS:
        return True
    if name == "value":
        return tag == "button" or (tag == "input" and attrs.get("type", "text").lower() != "hidden")
    if name == "content" and tag == "meta":
        which = (attrs.get("property") or attrs.get("name") or "").lower()
        if any(word in which for word in META_URL_WORDS):
            return False  # og:image, og:url, twitter:player...: addresses, not text
        return which.startswith(META_NAMES) or which in META_EXACT
    return False


class MarkupSink:
    def __init__(self, text: str, policy: Policy) -> None:
        self.text = text
        self.policy = policy
        self.zone_selectors = [(z.id, z.selectors) for z in policy.zones.values() if z.selectors]
        self.stack: list[tuple[str, Ctx]] = []
        self.out: list[Segment] = []
        self.block = Segment()
        self.skipping = 0
        self.skip_tag = ""

    @property
    def ctx(self) -> Ctx:
        return self.stack[-1][1] if self.stack else PLAIN

    def _ctx_for(self, tag: str, attrs: dict[str, str]) -> Ctx:
        parent = self.ctx
        zone, social, ignored = parent.zone, parent.social, parent.ignored
        for zid, selectors in self.zone_selectors:
            if matches_any(selectors, tag, attrs):
                zone = zid
        for cid, selectors in self.policy.contexts.items():
            if social is None and matches_any(selectors, tag, attrs):
                social = cid
        if not ignored and matches_any(self.policy.ignore_selectors, tag, attrs):
            ignored = True
        if (zone, social, ignored) == (parent.zone, parent.social, parent.ignored):
            return parent
        return Ctx(zone, social, ignored)

    def start(self, tag: str, attrs: list[tuple[str, str | None, int | None]], offset: int,
              self_closing: bool = False) -> None:
        """attrs: (name, value, file offset of the value or None when not a literal)."""
        tag = tag.lower() if tag[:1].islower() or tag.isupper() else tag
        if self.skipping:
            if tag in SKIP and not self_closing:
                self.skipping += 1
            return
        if tag.lower() not in INLINE and tag.lower() != "br":
            self.flush()
        if tag.lower() == "br":  # a line break inside a sentence: still one sentence
            self.block.add(offset, " ", self.ctx)
        values = {n.lower(): (html.unescape(v) if "&" in v else v) for n, v, _ in attrs if v is not None}
        ctx = self._ctx_for(tag.lower(), values)
        for name, value, voff in attrs:
            if value and voff is not None:
                self._attribute(tag.lower(), name.lower(), value, voff, values, ctx)
        if self_closing or tag.lower() in VOID:
            return
        if tag.lower() in SKIP:
            self.skipping, self.skip_tag = 1, tag.lower()
            return
        self.stack.append((tag, ctx))

    def _attribute(self, tag: str, name: str, value: str, voff: int, values: dict[str, str], ctx: Ctx) -> None:
        if visible_attribute(tag, name, values):
            self.out.append(unescape_into(Segment(kind=name), self.text, voff, voff + len(value), ctx))
        for start, url in asset_urls(tag, name, value, values):
            self._asset(voff + start, url, name, ctx)

    def _asset(self, offset: int, url: str, attr: str, ctx: Ctx) -> None:
        """An image or icon URL: kind ``asset:<attribute>``; check.py reads its path."""
        self.out.append(unescape_into(Segment(kind=f"asset:{attr}"), self.text, offset, offset + len(url), ctx))

    def end(self, tag: str) -> None:
        tag_l = tag.lower()
        if self.skipping:
            if tag_l in SKIP:
                self.skipping -= 1
            return
        if tag_l not in INLINE:
            self.flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0].lower() == tag_l:
                del self.stack[i:]
                break

    def data(self, offset: int, text: str) -> None:
        if not self.skipping:
            self.block.add(offset, text, self.ctx)
        elif self.skip_tag == "style":  # CSS background images are assets too
            for start, url in css_urls(text):
                self._asset(offset + start, url, "style", self.ctx)

    def entity(self, offset: int, raw: str) -> None:
        if not self.skipping:
            self.block.add(offset, html.unescape(raw), self.ctx)

    def flush(self) -> None:
        if self.block:
            self.out.append(self.block)
        self.block = Segment()

    def close(self) -> list[Segment]:
        self.flush()
        return self.out
