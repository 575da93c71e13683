"""The canonical layout of a runbook (the spec's editor.md), printed from the AST.

The language is line-oriented, so the formatter works line by line: every
statement keeps its own line (a `# noqa` keeps pointing at the same statement),
each is re-printed from what its node holds, with its indentation from its
block depth, and comments and blank lines are placed around them.

Strings are never re-escaped: they are copied from the source, so they stay
exactly as written.  A statement kind this module does not know (the language
grows) is printed as its source text with only its whitespace outside strings
normalised; so is a known kind whose node has fields this module does not
expect.  As a last guard, the result is parsed again and must hold the same
statements (spans aside) as the input; if it does not, the whole file falls back
to the whitespace-only printing, which cannot change a token.

Over ~300 lines on purpose: one printer per statement kind, side by side, so
the canonical layout of the whole language reads top to bottom; the fallback
and the round-trip guard are short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from runbook_lint.records import record
from runbook_lint.syntax import ast
from runbook_lint.syntax.source import BOM, split_lines

INDENT = "    "

# The grammar's STRING token; anything else outside a string is split on blanks.
_STRING = re.compile(r'"[^"\\\r\n]*(?:\\["\\][^"\\\r\n]*)*"')
_TOKEN = re.compile(r'"[^"\\\r\n]*(?:\\["\\][^"\\\r\n]*)*"|[(),{}]|[^\s(),{}"]+|"')
_NOQA_UNSPACED = re.compile(r"#noqa(?![\w-])", re.IGNORECASE)


@record
class Formatted:
    """The outcome for one text: the new text, or None and the parse problems."""

    text: str | None
    problems: tuple[Any, ...] = ()


def format_text(text: str) -> Formatted:
    """Format a runbook's decoded text (BOM and line endings are kept)."""
    from runbook_lint.syntax.parser import parse

    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    parsed = parse(body)
    if parsed.problems or parsed.runbook is None:
        return Formatted(None, tuple(parsed.problems))
    newline = _newline(body)
    lines = split_lines(body)
    result = _print(parsed.runbook, lines, parsed.comments, exact=False)
    if not _same_meaning(parsed.runbook, result):
        result = _print(parsed.runbook, lines, parsed.comments, exact=True)
    if newline != "\n":
        result = result.replace("\n", newline)
    return Formatted(bom + result)


def _newline(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


# -- statements ---------------------------------------------------------------


@record
class _Line:
    depth: int
    text: str
    opens: bool = False  # the line opens a block
    closes: bool = False  # the line closes a block


def _print(runbook: ast.Runbook, lines: list[str], comments: Any, *, exact: bool) -> str:
    printed: dict[int, _Line] = {}
    items: list[Any] = [runbook.header] if runbook.header is not None else []
    items.extend(runbook.statements)
    for node in items:
        _place(node, 0, lines, printed, exact)
    by_line = {comment.span.line: comment for comment in comments}
    return _assemble(lines, printed, by_line)


def _place(node: Any, depth: int, lines: list[str], out: dict[int, _Line], exact: bool) -> None:
    span: ast.Span = node.span
    body = getattr(node, "body", None)
    if isinstance(node, (ast.Step, ast.Parallel)) and _fields(node) == ("title", "body", "span"):
        opening = _segment(lines, span.line, span.column, None)
        text = _known(node, opening) if not exact else None
        out[span.line] = _Line(depth, text or _normalise(opening), opens=True)
        for child in node.body:
            _place(child, depth + 1, lines, out, exact)
        out[span.end_line] = _Line(depth, "}", closes=True)
        return
    if isinstance(body, tuple) and span.end_line > span.line:
        # A block kind this module does not know: its own lines as written, its
        # body placed as usual.
        out[span.line] = _Line(
            depth, _normalise(_segment(lines, span.line, span.column, None)), True
        )
        for child in body:
            _place(child, depth + 1, lines, out, exact)
        end_text = _segment(lines, span.end_line, 1, span.end_column)
        out[span.end_line] = _Line(depth, _normalise(end_text), closes=True)
        return
    for number in range(span.line, span.end_line + 1):
        start = span.column if number == span.line else 1
        end = span.end_column if number == span.end_line else None
        source = _segment(lines, number, start, end)
        text = _known(node, source) if not exact and span.line == span.end_line else None
        depth_here = depth if number == span.line else depth + 1
        out[number] = _Line(depth_here, text or _normalise(source))


def _segment(lines: list[str], number: int, start: int, end: int | None) -> str:
    """A line's text from column ``start`` to ``end`` (exclusive, 1-based), comment cut."""
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    text = line[start - 1 : (end - 1) if end is not None else None]
    return _cut_comment(text)


def _cut_comment(text: str) -> str:
    position = 0
    while True:
        hash_at = text.find("#", position)
        if hash_at < 0:
            return text
        quote = text.find('"', position, hash_at)
        if quote < 0:
            return text[:hash_at]
        string = _STRING.match(text, quote)
        position = string.end() if string else quote + 1


def _fields(node: Any) -> tuple[str, ...]:
    return tuple(getattr(type(node), "_fields", ()))


def _strings(source: str) -> list[str]:
    return _STRING.findall(source)


def _known(node: Any, source: str) -> str | None:
    """The statement printed from its node, or None for a kind (or shape) not known here."""
    strings = _strings(source)
    fields = _fields(node)
    if isinstance(node, ast.Header) and fields == ("title", "span") and len(strings) == 1:
        return f"runbook {strings[0]}"
    if isinstance(node, ast.Target) and fields == ("version", "span"):
        return f"target {node.version.text}"
    if isinstance(node, ast.Cluster) and fields in _CLUSTER_FIELDS:
        nodes = [_node(n) for n in node.nodes]
        if None in nodes:
            return None
        text = f"cluster {node.name.text} version {node.version.text}"
        if node.nodes:
            text += " nodes " + ", ".join(str(n) for n in nodes)
        node_upgrade = getattr(node, "node_upgrade", None)
        if node_upgrade is not None:
            text += f" node-upgrade {_duration(node_upgrade)}"
        return text
    kind = type(node).__name__
    if kind == "Assume" and fields == ("kind", "duration", "span"):
        return f"assume {node.kind} {_duration(node.duration)}"
    if kind == "Wait" and fields == ("duration", "reason", "span"):
        if len(strings) != (0 if node.reason is None else 1):
            return None
        return f"wait {_duration(node.duration)}" + (f" {strings[0]}" if strings else "")
    if isinstance(node, ast.Relation):
        return _relation(node, strings)
    if isinstance(node, ast.Upgrade) and fields == ("cluster", "node", "version", "span"):
        node_part = f" node {node.node.text}" if node.node is not None else ""
        return f"upgrade {node.cluster.text}{node_part} to {node.version.text}"
    if isinstance(node, (ast.Pause, ast.Resume)) and fields == ("relation", "span"):
        keyword = "pause" if isinstance(node, ast.Pause) else "resume"
        if node.relation is None:
            return f"{keyword} all"
        relation = _relation(node.relation, strings)
        return f"{keyword} {relation}" if relation is not None else None
    if isinstance(node, ast.Note) and fields == ("text", "span") and len(strings) == 1:
        return f"note {strings[0]}"
    if isinstance(node, (ast.Step, ast.Parallel)) and len(strings) <= 1:
        keyword = "step" if isinstance(node, ast.Step) else "parallel"
        if (node.title is None) != (not strings):
            return None
        return f"{keyword} {strings[0]} {{" if strings else f"{keyword} {{"
    return None


def _node(node: Any) -> str | None:
    """A node as the editor spec writes it: `es-h1 (data_hot, version 8.15.1)`.

    Attributes are kept as written, in order (a repeated one too: formatting
    never changes meaning, RL108 included); None for a shape not known here.
    """
    if not isinstance(node, ast.Node):
        return None
    attributes: list[str] = []
    for attribute in node.attributes:
        if isinstance(attribute, ast.Name):
            attributes.append(attribute.text)
        elif isinstance(attribute, ast.NodeVersion):
            attributes.append(f"version {attribute.version.text}")
        else:
            return None
    if not attributes:
        return node.name.text
    return f"{node.name.text} ({', '.join(attributes)})"


# `node_upgrade` came with durations (language.md, "Time").
_CLUSTER_FIELDS = (
    ("name", "version", "nodes", "span"),
    ("name", "version", "nodes", "span", "node_upgrade"),
)


def _duration(duration: Any) -> str:
    """A duration exactly as written."""
    text = duration.text
    assert isinstance(text, str)
    return text


def _relation(node: ast.Relation, strings: list[str]) -> str | None:
    if _fields(node) != ("follower", "leader", "qualifier", "span"):
        return None
    text = f"{node.follower.text} follows {node.leader.text}"
    if node.qualifier is None:
        return text if not strings else None
    if len(strings) != 1:
        return None
    return f"{text} {node.qualifier.kind} {strings[0]}"


def _normalise(source: str) -> str:
    """Whitespace outside strings only: one space between tokens, `, ` in lists, `(a)`."""
    out = ""
    previous = ""
    for token in _TOKEN.findall(source):
        if not out or token in (",", ")") or previous == "(":
            out += token
        else:
            out += " " + token
        previous = token
    return out


# -- comments and blank lines -------------------------------------------------


def _comment(text: str) -> str:
    text = text.rstrip()
    if len(text) > 1 and text[1] not in " \t" and not _NOQA_UNSPACED.match(text):
        return "# " + text[1:]
    return text


def _assemble(lines: list[str], printed: dict[int, _Line], comments: dict[int, ast.Comment]) -> str:
    # The depth of the next printed line, for whole-line comments.
    next_depth: list[int] = [0] * (len(lines) + 2)
    depth = 0
    for number in range(len(lines), 0, -1):
        if number in printed:
            # A comment just before a `}` stays inside the block it closes.
            depth = printed[number].depth + (1 if printed[number].closes else 0)
        next_depth[number] = depth
    out: list[str] = []
    pending_blank = False
    after_open = True  # the start of the file counts as the start of a block
    for number in range(1, len(lines) + 1):
        line = printed.get(number)
        comment = comments.get(number)
        if line is None:
            if comment is not None:
                text = INDENT * next_depth[number] + _comment(comment.text)
            elif lines[number - 1].strip():
                text = lines[number - 1].rstrip()  # cannot happen for a parsed file: keep it
            else:
                pending_blank = not after_open
                continue
        else:
            text = INDENT * line.depth + line.text
            if comment is not None:
                text += "  " + _comment(comment.text)
        if pending_blank and not (line is not None and line.closes):
            out.append("")
        pending_blank = False
        after_open = line is not None and line.opens
        out.append(text)
    return "".join(text + "\n" for text in out)


# -- the guard ----------------------------------------------------------------


def shape(node: Any) -> Any:
    """A node without its spans: what formatting must keep."""
    if isinstance(node, tuple):
        return tuple(shape(item) for item in node)
    fields = _fields(node)
    if fields:
        return (type(node).__name__,) + tuple(
            (name, shape(getattr(node, name))) for name in fields if name != "span"
        )
    return node


def statements(runbook: ast.Runbook) -> Any:
    return (shape(runbook.header), shape(runbook.statements))


def _same_meaning(before: ast.Runbook, text: str) -> bool:
    from runbook_lint.syntax.parser import parse

    after = parse(text)
    if after.problems or after.runbook is None:
        return False
    return bool(statements(after.runbook) == statements(before))


def iter_changes(before: str, after: str, path: str) -> Iterator[str]:
    """A unified diff of ``before`` and ``after``, as `--diff` prints it."""
    import difflib

    yield from difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=path,
        tofile=path,
    )
