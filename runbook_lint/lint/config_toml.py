"""A configuration in TOML: `pyproject.toml`'s `[tool.runbook-lint]` table.

Parsed by the standard library's tomllib (Python 3.11 and later; on 3.10 by
tomli, the package tomllib was made from, a dependency only there).  The
table holds the same keys as `.runbook-lint.yaml` and config.validate checks
them.  tomllib gives no positions, so `key_lines` scans the text once (after
tomllib accepted it) for the line of every key and array item: messages and
`--show-settings` name the line as they do for YAML.

A `pyproject.toml` without the table is not a configuration (ruff's rule for
`[tool.ruff]`): `configures` says which, without importing tomllib when the
file never mentions runbook-lint.
"""

from __future__ import annotations

import os
import re
import sys

# config.py imports this module (when a TOML file is read), so nothing of it is
# imported here: config.load turns a TomlError into its ConfigError.
Lines = dict[tuple[object, ...], int]  # as config.Lines


class TomlError(Exception):
    """A message naming the file, the line where known, and the key."""


TABLE = ("tool", "runbook-lint")
PYPROJECT = "pyproject.toml"


def configures(path: str) -> bool:
    """Whether the `pyproject.toml` at ``path`` holds a `[tool.runbook-lint]` table.

    A file that is not valid TOML is taken as a configuration when a table
    header names runbook-lint (so that its error is shown, not the file
    ignored), and as someone else's file otherwise.
    """
    data = _read(path)
    if b"runbook-lint" not in data or not _MAY_HOLD_THE_TABLE.search(data):
        return False  # the common case: no parse at all (a project named runbook-lint too)
    try:
        document = _parse(path, data)
    except TomlError:
        return any(
            line.lstrip().startswith(b"[") and b"runbook-lint" in line for line in data.splitlines()
        )
    return _table(document) is not None


# Every way TOML can spell the table: `[tool.runbook-lint]`, `[tool."runbook-lint"]`,
# dotted keys (`tool.runbook-lint.select = ...`), a `[tool]` table or a `tool = {...}`
# value holding a `runbook-lint` key.  Only a file that matches is parsed.
_MAY_HOLD_THE_TABLE = re.compile(
    rb"""tool\s*\.\s*["']?runbook-lint|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*=""",
    re.MULTILINE,
)


def read_toml(path: str) -> tuple[dict[object, object], Lines]:
    """The configuration's mapping and the lines of its keys.

    `pyproject.toml` (by name) holds it in `[tool.runbook-lint]`; any other
    `*.toml` file named by `--config` holds it at the top, as `ruff.toml` does.
    """
    data = _read(path)
    document = _parse(path, data)
    text = data.decode("utf-8")
    prefix: tuple[object, ...] = TABLE if os.path.basename(path) == PYPROJECT else ()
    table = _table(document) if prefix else document
    lines = key_lines(text)
    if table is None:
        raise TomlError(f"{path}: no [tool.runbook-lint] table (the configuration's keys)")
    if not isinstance(table, dict):
        where = f"{path}:{lines[prefix]}" if prefix in lines else path
        raise TomlError(
            f"{where}: 'tool.runbook-lint' must be a table of keys (select, ignore, ...)"
        )
    size = len(prefix)
    return table, {key[size:]: line for key, line in lines.items() if key[:size] == prefix}


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError as error:
        raise TomlError(f"{path}: cannot read the configuration: {error}") from None


def _parse(path: str, data: bytes) -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - 3.10 only
        import tomli as tomllib

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TomlError(f"{path}: invalid TOML: not UTF-8 ({error.reason})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problem, line = _position(str(error), text)
        where = f"{path}:{line}" if line is not None else path
        raise TomlError(f"{where}: invalid TOML: {problem}") from None
    except RecursionError:  # arrays nested thousands deep: tomllib recurses per level
        raise TomlError(f"{path}: invalid TOML: nested too deeply") from None


def _position(message: str, text: str) -> tuple[str, int | None]:
    """tomllib's message without its position, and the line it names.

    tomllib ends a message with "(at line L, column C)" or "(at end of document)".
    """
    head, sep, tail = message.rpartition(" (at ")
    if not sep:
        return message, None
    if tail.startswith("end of document"):
        return head, text.count("\n") + 1
    number = tail.removeprefix("line ").partition(",")[0]
    return head, int(number) if number.isdigit() else None


def _table(document: dict[str, object]) -> object:
    tool = document.get("tool")
    return tool.get("runbook-lint") if isinstance(tool, dict) else None


_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class _Scanner:
    """One pass over valid TOML, noting the line where each key and array item starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.line = 1
        self.lines: Lines = {}

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip_blank(self, newlines: bool) -> None:
        """Spaces, tabs and comments; newlines too when ``newlines``."""
        while self.at < len(self.text):
            char = self.text[self.at]
            if char in " \t\r":
                self.at += 1
            elif char == "\n" and newlines:
                self.line += 1
                self.at += 1
            elif char == "#":
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            else:
                return

    def string(self) -> str:
        """A quoted string (basic, literal, either multi-line) from its opening quote."""
        quote = self.text[self.at]
        start = self.at
        closing = quote * 3 if self.text.startswith(quote * 3, self.at) else quote
        self.at += len(closing)
        while self.at < len(self.text):
            if quote == '"' and self.text[self.at] == "\\":
                self.at += 2
                continue
            if self.text.startswith(closing, self.at):
                self.at += len(closing)
                # A multi-line string may end with up to two more quotes of its own.
                while len(closing) == 3 and self.peek() == quote:
                    self.at += 1
                break
            self.at += 1
        raw = self.text[start : self.at]
        self.line += raw.count("\n")
        body = raw[len(closing) : len(raw) - len(closing)]
        if quote == '"' and "\\" in body:
            return _unescape(raw)
        return body

    def key(self) -> list[str]:
        """A dotted key: bare or quoted parts, dots between, spaces around the dots."""
        parts: list[str] = []
        while True:
            self.skip_blank(False)
            char = self.peek()
            if char in ('"', "'"):
                parts.append(self.string())
            else:
                start = self.at
                while self.peek() and self.peek() in _BARE:
                    self.at += 1
                if self.at == start:
                    return parts
                parts.append(self.text[start : self.at])
            self.skip_blank(False)
            if self.peek() != ".":
                return parts
            self.at += 1

    def note(self, base: tuple[object, ...], parts: list[str]) -> tuple[object, ...]:
        for end in range(1, len(parts) + 1):
            self.lines.setdefault((*base, *parts[:end]), self.line)
        return (*base, *parts)

    def value(self, path: tuple[object, ...]) -> None:
        """One value: arrays' items and inline tables' keys noted under ``path``."""
        self.skip_blank(False)
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            self.at += 1
            index = 0
            while True:
                self.skip_blank(True)
                if self.peek() in ("]", ""):
                    self.at += 1
                    return
                before = self.at
                self.lines.setdefault((*path, index), self.line)
                self.value((*path, index))
                self.skip_blank(True)
                if self.peek() == ",":
                    self.at += 1
                    index += 1
                elif self.at == before:  # not TOML after all: step over it
                    self.at += 1
        elif char == "{":
            self.at += 1
            while True:
                self.skip_blank(True)
                if self.peek() in ("}", ""):
                    self.at += 1
                    return
                if self.peek() == ",":
                    self.at += 1
                    continue
                before = self.at
                inner = self.note(path, self.key())
                self.skip_blank(False)
                if self.peek() == "=":
                    self.at += 1
                    self.value(inner)
                if self.at == before:  # not TOML after all: give up on this table
                    self.at += 1
        else:
            # A number, boolean or date (which may hold one space): up to the
            # next separator.
            while self.peek() not in ("", ",", "]", "}", "\n", "#"):
                self.at += 1

    def document(self) -> Lines:
        table: tuple[object, ...] = ()
        while self.at < len(self.text):
            self.skip_blank(True)
            if self.at >= len(self.text):
                break
            before = self.at
            if self.peek() == "[":
                double = self.text.startswith("[[", self.at)
                self.at += 2 if double else 1
                parts = self.key()
                table = self.note((), parts)
                if double:  # an array of tables: its keys are no configuration's
                    table = (*table, "[]")
            else:
                path = self.note(table, self.key())
                self.skip_blank(False)
                if self.peek() == "=":
                    self.at += 1
                    self.value(path)
            # The rest of the line (a header's closing brackets, a comment).
            end = self.text.find("\n", self.at)
            self.at = len(self.text) if end < 0 else end
            if self.at == before:
                self.at += 1
        return self.lines


def key_lines(text: str) -> Lines:
    """The line of every key (by its path of keys) and array item (by index) in ``text``.

    Meant for text tomllib accepted; on other text it stops or skips, never
    loops: every step moves forward.
    """
    return _Scanner(text).document()


def _unescape(raw: str) -> str:
    # A quoted key with escapes (rare): tomllib itself reads it.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - 3.10 only
        import tomli as tomllib
    try:
        value = tomllib.loads(f"k = {raw}")["k"]
    except tomllib.TOMLDecodeError:
        return raw
    return value if isinstance(value, str) else raw
