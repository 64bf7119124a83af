"""Run expat over a decoded XML file and report positions as offsets into that text.

Expat counts columns in UTF-8 bytes; findings count characters, so a column on a line with
non-ASCII text is converted through that line's bytes.
"""
from __future__ import annotations

import re
import xml.parsers.expat as expat

from collections.abc import Iterator

from .records import LineIndex, ParseError, Segment

_DECL_ENCODING = re.compile(r"""^(<\?xml[^>]*?)\sencoding=["'][^"']*["']""")


class XmlReader:
    """Subclass and define start(name, attrs, offset), end(name), data(text, offset)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[Segment] = []   # what the subclass reads, in document order
        self.index = LineIndex(text)
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self._data

    def offset(self) -> int:
        line, col = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber
        start = self.index.starts[line - 1]
        end = self.index.starts[line] if line < len(self.index.starts) else len(self.text)
        chunk = self.text[start:end]
        if not chunk.isascii():
            col = len(chunk.encode("utf-8")[:col].decode("utf-8", "ignore"))
        return start + col

    @classmethod
    def segments(cls, text: str) -> Iterator[Segment]:
        """Parse text with this reader and return the segments it read."""
        reader = cls(text)
        reader.run()
        return iter(reader.out)

    def run(self) -> None:
        # the text is already decoded: drop a declared encoding so expat reads it as UTF-8
        text = _DECL_ENCODING.sub(r"\1", self.text, count=1)
        try:
            self.parser.Parse(text.encode("utf-8"), True)
        except expat.ExpatError as exc:
            raise ParseError(f"invalid XML: {expat.ErrorString(exc.code)}", line=exc.lineno,
                             column=self._char_column(exc.lineno, exc.offset) + 1) from None

    def _char_column(self, line: int, col: int) -> int:
        if line > len(self.index.starts):
            return col
        start = self.index.starts[line - 1]
        chunk = self.text[start:start + col * 4 + 4]
        return len(chunk.encode("utf-8")[:col].decode("utf-8", "ignore"))

    def _start(self, name, attrs):
        self.start(name, attrs, self.offset())

    def _data(self, data):
        self.data(data, self.offset())

    def start(self, name: str, attrs: dict, offset: int) -> None: ...
    def end(self, name: str) -> None: ...
    def data(self, text: str, offset: int) -> None: ...
