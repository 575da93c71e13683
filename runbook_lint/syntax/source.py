"""Reading a runbook: bytes to text, and the lines that reports quote.

Decoding is the one place that can produce RL002; everything after it works on
text.  Lines are split on LF only (a CR before it is dropped), never with
``str.splitlines``, which would also break on form feeds and Unicode separators
and so disagree with the parser's line numbers.
"""

from __future__ import annotations

from runbook_lint.records import record

BOM = "\ufeff"


def split_lines(text: str) -> list[str]:
    """The one line splitter: on LF only, a CR before it dropped (CRLF files).

    Every piece is kept, so text ending in a newline ends in an empty string:
    callers that count lines as the parser does drop it.
    """
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


@record(frozen=False)
class Source:
    path: str  # as it is reported: given on the command line or found below a directory
    text: str | None  # None when the bytes could not be decoded
    problem: str | None = None  # why the text is None (RL002's message)
    _lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        """The file's lines without their line endings (computed once, on demand)."""
        if self._lines is None:
            lines = split_lines(self.text or "")
            if lines[-1] == "" and len(lines) > 1:
                lines.pop()  # the newline that ends the last line starts no new line
            self._lines = lines
        return self._lines

    def line(self, number: int) -> str:
        lines = self.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""


def decode(path: str, data: bytes) -> Source:
    """Decode UTF-8 (with or without a byte-order mark); anything else is RL002."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return Source(
            path,
            None,
            f"not valid UTF-8 text: byte 0x{data[error.start]:02x} at offset {error.start} "
            "cannot be decoded (is it a binary file or another encoding?)",
        )
    if "\x00" in text:
        # Valid UTF-8 in theory, but a NUL byte means a binary file in practice.
        offset = data.index(b"\x00")  # a byte offset, as for invalid UTF-8 above
        return Source(path, None, f"not a text file: NUL byte at offset {offset}")
    if text.startswith(BOM):
        text = text[1:]
    return Source(path, text)
