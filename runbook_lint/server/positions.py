"""Between runbook-lint's spans (1-based lines, code-point columns) and LSP positions.

LSP counts columns in UTF-16 code units (unless a client negotiates otherwise,
which this server does not ask for): a character outside the Basic
Multilingual Plane, an emoji say, is two units, a CJK character one.
"""

from __future__ import annotations

from lsprotocol import types

from runbook_lint.syntax.ast import Span
from runbook_lint.syntax.source import split_lines


class Lines:
    """A buffer's lines without their line endings, as the parser counts them."""

    def __init__(self, text: str, bom: bool = False) -> None:
        self.lines = split_lines(text)
        # A byte-order mark the editor kept in its buffer is one UTF-16 unit
        # before the first line's text, which the parser never sees.
        self.bom = 1 if bom else 0

    def line(self, index: int) -> str:
        """The 0-based line ``index`` ('' past the end)."""
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def to_utf16(self, index: int, column: int) -> int:
        """A 0-based code-point column of line ``index`` in UTF-16 units."""
        text = self.line(index)[:column]
        shift = self.bom if index == 0 else 0
        return shift + column + sum(1 for char in text if ord(char) > 0xFFFF)

    def from_utf16(self, index: int, units: int) -> int:
        """A UTF-16 column of line ``index`` as a 0-based code-point column."""
        count = 0
        units -= self.bom if index == 0 else 0
        for column, char in enumerate(self.line(index)):
            count += 2 if ord(char) > 0xFFFF else 1
            if count > units:
                return column
        return len(self.line(index))

    def position(self, line: int, column: int) -> types.Position:
        """A 1-based line and code-point column (runbook-lint's) as an LSP position."""
        index = max(line - 1, 0)
        return types.Position(line=index, character=self.to_utf16(index, max(column - 1, 0)))

    def range(self, span: Span) -> types.Range:
        return types.Range(
            start=self.position(span.line, span.column),
            end=self.position(span.end_line, span.end_column),
        )

    def offset(self, position: types.Position) -> tuple[int, int]:
        """An LSP position as a 1-based line and code-point column."""
        return position.line + 1, self.from_utf16(position.line, position.character) + 1

    def end(self) -> types.Position:
        last = len(self.lines) - 1
        return types.Position(line=last, character=self.to_utf16(last, len(self.line(last))))


def contains(span: Span, line: int, column: int) -> bool:
    """Whether a 1-based (line, column) lies in ``span`` (its end included: a cursor after a word)."""
    if (line, column) < (span.line, span.column):
        return False
    return (line, column) <= (span.end_line, span.end_column)
