"""HTML-family templates: HTML, Jinja/Django/Twig/Nunjucks, Liquid, Handlebars/Mustache,
ERB/EJS, Razor, Blade, Vue and Svelte single-file components. Never rendered, never executed.

Template syntax is blanked out before tokenizing: each character of ``{{ ... }}``,
``{% ... %}``, ``{# ... #}``, a whole ``{% comment %}...{% endcomment %}`` block (Liquid,
Django), Handlebars' ``{{!-- --}}`` and ``{{! }}``, ERB's ``<%# %>``/``<%= %>``/``<% %>``,
Razor's ``@* *@``, ``@{ }``, ``@( )`` and ``@if (...)``, Blade's ``{{-- --}}``, ``{!! !!}``
and ``@directive(...)``, and Svelte's ``{...}`` becomes a space (new lines stay), so every
offset in the blanked text is the offset in the file. Comments of every engine are thus
never linted. Code is not UI: an expression's string literals are not
checked (their text belongs in a catalog, which is checked). ``html.parser`` is the
tokenizer because it is in the standard library and reports the position of every token.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from ..policy import Policy
from .markup import MarkupSink
from .records import LineIndex, Segment

# A block comment first (its body may hold tags or braces), then the tags of the engine.
_COMMENT_BLOCK = r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}"
_JINJA = re.compile(_COMMENT_BLOCK + r"|\{\{!--.*?--\}\}|\{\{!.*?\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_ERB = re.compile(r"<%.*?%>", re.S)   # <%# comment %>, <%= expr %>, <% code %>, <%- %>
_BLADE = re.compile(r"\{\{--.*?--\}\}|\{!!.*?!!\}|@?\{\{.*?\}\}|@php\b.*?@endphp\b", re.S)
_BLADE_DIRECTIVE = re.compile(r"(?<![\w@.])@(?:[a-z][A-Za-z]*)(?=\s*\()|(?<![\w@.])@(?:else|endif|endforeach|endfor|endwhile|endunless|endisset|endempty|endswitch|break|continue|default|csrf|endsection|show|stop|append|overwrite|endpush|endprepend|endonce|endauth|endguest|endenv|endproduction|endcomponent|endslot|endverbatim|verbatim|parent|endcan|endcannot|endcanany|endauth|endforelse|empty)\b")
_VUE = re.compile(r"\{\{.*?\}\}", re.S)
_ATTR = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group())


def _blank_span(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _blank_blade(text: str) -> str:
    text = _BLADE.sub(_blank, text)
    chars = None
    for m in _BLADE_DIRECTIVE.finditer(text):
        chars = chars if chars is not None else list(text)
        end = m.end()
        rest = text[end:]
        stripped = rest.lstrip()
        if stripped.startswith("("):  # the balanced argument list
            i = end + len(rest) - len(stripped)
            depth = 0
            while i < len(text):
                depth += text[i] == "("
                depth -= text[i] == ")"
                i += 1
                if depth == 0:
                    break
            end = i
        _blank_span(chars, m.start(), end)
    return "".join(chars) if chars is not None else text


def _blank_braces(text: str) -> str:
    """Svelte: blank every balanced {...} outside <script>/<style>."""
    chars = list(text)
    lower = text.lower()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "<" and lower.startswith(("<script", "<style"), i):
            tag = "</script" if lower.startswith("<script", i) else "</style"
            j = lower.find(tag, i)
            i = n if j < 0 else j + len(tag)
            continue
        if c == "{":
            depth, j = 0, i
            while j < n:
                depth += text[j] == "{"
                depth -= text[j] == "}"
                j += 1
                if depth == 0:
                    break
            _blank_span(chars, i, j)
            i = j
            continue
        i += 1
    return "".join(chars)


_RAZOR_COMMENT = re.compile(r"@\*.*?\*@", re.S)
_RAZOR_START = re.compile(r"(?<![\w@])@(?:(?P<open>[({])|(?P<kw>if|else|for|foreach|while|switch|using|"
                          r"try|catch|finally|lock|do|section|functions|code)\b|(?P<expr>[A-Za-z_][\w.]*))")


def _balanced(text: str, i: int) -> int:
    """End of the bracketed run starting at text[i] ('(' or '{'), strings not counted."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    stack = [pairs[text[i]]]
    j = i + 1
    while j < len(text) and stack:
        c = text[j]
        if c in "\"'":
            k = text.find(c, j + 1)
            j = len(text) if k < 0 else k + 1
            continue
        if c in pairs:
            stack.append(pairs[c])
        elif c == stack[-1]:
            stack.pop()
        j += 1
    return j


def _blank_razor(text: str) -> str:
    """Razor: @* comments *@, @{ code }, @( expr ), @if (...) and @model.Member(args)."""
    chars = list(_RAZOR_COMMENT.sub(_blank, text))
    text = "".join(chars)
    for m in _RAZOR_START.finditer(text):
        if chars[m.start()] == " ":
            continue  # inside a span already blanked
        end = m.end()
        if m.group("open"):
            end = _balanced(text, m.start() + 1)
        elif m.group("kw"):
            rest = re.match(r"\s*\(", text[end:])
            if rest:
                end = _balanced(text, end + rest.end() - 1)
        else:
            while end < len(text) and text[end] in "([":
                end = _balanced(text, end)
        _blank_span(chars, m.start(), end)
    return "".join(chars)


def preprocess(text: str, path: str) -> str:
    """Template code blanked to spaces (new lines kept), per engine."""
    name = path.lower()
    if name.endswith(".blade.php"):
        return _blank_blade(text)
    if name.endswith((".cshtml", ".razor", ".vbhtml")):
        return _blank_razor(text)
    if name.endswith((".erb", ".ejs")):
        return _ERB.sub(_blank, text)
    if name.endswith(".svelte"):
        return _blank_braces(text)
    if name.endswith(".vue"):
        return _VUE.sub(_blank, text)
    return _JINJA.sub(_blank, text)


class _Tokenizer(HTMLParser):
    def __init__(self, text: str, sink: MarkupSink) -> None:
        super().__init__(convert_charrefs=False)
        self.sink = sink
        self.index = LineIndex(text)
        self.text = text

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.index.starts[line - 1] + col

    def _attrs(self, offset: int) -> list[tuple[str, str | None, int | None]]:
        raw = self.get_starttag_text() or ""
        m = re.match(r"<[^\s/>]+", raw)
        out = []
        for a in _ATTR.finditer(raw, m.end() if m else 1):
            value, group = None, None
            for g in (2, 3, 4):
                if a.group(g) is not None:
                    value, group = a.group(g), g
                    break
            out.append((a.group(1), value, offset + a.start(group) if group else None))
        return out

    def handle_starttag(self, tag, attrs):
        off = self._offset()
        self.sink.start(tag, self._attrs(off), off)

    def handle_startendtag(self, tag, attrs):
        off = self._offset()
        self.sink.start(tag, self._attrs(off), off, self_closing=True)

    def handle_endtag(self, tag):
        self.sink.end(tag)

    def handle_data(self, data):
        self.sink.data(self._offset(), data)

    def handle_entityref(self, name):
        self.sink.entity(self._offset(), f"&{name};")

    def handle_charref(self, name):
        self.sink.entity(self._offset(), f"&#{name};")


def template_segments(text: str, path: str, policy: Policy) -> list[Segment]:
    blanked = preprocess(text, path)
    sink = MarkupSink(blanked, policy)
    tok = _Tokenizer(blanked, sink)
    tok.feed(blanked)
    tok.close()
    return sink.close()
