"""RL001 messages in a runbook author's words, never the grammar's terminal names.

Imported only when a file fails to parse.
"""

from __future__ import annotations

import re

from lark import Token

from runbook_lint.findings import Finding
from runbook_lint.syntax.ast import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from lark.exceptions import UnexpectedToken

# How each terminal of grammar/runbook.lark is named to a person, in the order
# the alternatives are listed in a message.
_WORDS = {
    "RUNBOOK": "'runbook'",
    "TARGET": "'target'",
    "CLUSTER": "'cluster'",
    "NAME": "a name",
    "FOLLOWS": "'follows'",
    "VERSION_KW": "'version'",
    "NODES": "'nodes'",
    "INDEX": "'index'",
    "AUTO_FOLLOW": "'auto-follow'",
    "UPGRADE": "'upgrade'",
    "NODE": "'node'",
    "TO": "'to'",
    "VERSION": "a version such as 8.15.0",
    "PAUSE": "'pause'",
    "RESUME": "'resume'",
    "ALL": "'all'",
    "NOTE": "'note'",
    "STEP": "'step'",
    "PARALLEL": "'parallel'",
    "ASSUME": "'assume'",
    "WAIT": "'wait'",
    "NODE_UPGRADE": "'node-upgrade'",
    "RETENTION_LEASE": "'retention-lease'",
    "DURATION": "a duration such as 45m or 1h30m",
    "STRING": "a quoted string",
    "COMMA": "','",
    "LPAR": "'('",
    "RPAR": "')'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "_NL": "the end of the line",
    "$END": "the end of the file",
}
_ORDER = {name: i for i, name in enumerate(_WORDS)}
_STATEMENT_STARTS = {
    "RUNBOOK",
    "TARGET",
    "CLUSTER",
    "NAME",
    "UPGRADE",
    "PAUSE",
    "RESUME",
    "NOTE",
    "STEP",
    "PARALLEL",
    "ASSUME",
    "WAIT",
}
# What may open a node's attribute (after '(' or a ',' inside the parentheses).
_ATTRIBUTE_START = {"NAME", "VERSION_KW"}
_DECLARATION_STARTS = {"RUNBOOK", "TARGET", "CLUSTER", "NAME", "ASSUME"}


def _is_keyword(token_type: str) -> bool:
    word = _WORDS.get(token_type, "")
    return word.startswith("'") and word[1:2].isalpha()


def _found(token: Token) -> str:
    kind = token.type
    if kind == "NAME":
        return f"name '{token.value}'"
    if kind == "VERSION":
        return f"version '{token.value}'"
    if kind == "DURATION":
        return f"duration '{token.value}'"
    if kind == "STRING":
        value = token.value if len(token.value) <= 40 else token.value[:37] + '..."'
        return f"string {value}"
    if _is_keyword(kind):
        return f"keyword '{token.value}'"
    return _WORDS.get(kind, repr(token.value))


def _alternatives(expected: set[str]) -> str:
    words = [
        _WORDS[name] for name in sorted(expected, key=lambda n: _ORDER.get(n, 99)) if name in _WORDS
    ]
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _span_of(token: Token) -> Span:
    # lark types the positions Optional; recovery.s tokens all have them (builder._POSITIONS).
    return Span(
        token.line,  # type: ignore[arg-type]  # see above
        token.column,  # type: ignore[arg-type]  # see above
        token.end_line or token.line,  # type: ignore[arg-type]  # see above
        token.end_column or token.column + 1,  # type: ignore[operator]  # see above
    )


def describe_unexpected(
    error: UnexpectedToken, token: Token, blocks: list[int], line: str
) -> Finding:
    expected = {name for name in error.expected if name != "$END"} or set(error.expected)
    kind = token.type
    span = _span_of(token)
    if kind == "VERSION" and "TO" in expected:
        message = "expected 'to' before the version"
    elif kind == "RBRACE" and not blocks:
        message = "'}' closes no block: no 'step' or 'parallel' block is open here"
    elif expected == _ATTRIBUTE_START and kind not in expected:
        # language.md: inside a node's parentheses, a keyword other than
        # `version` (or anything else) is RL001; say what an attribute is.
        message = (
            f"expected a node role (such as master or data_hot) or 'version', found "
            f"{_found(token)}: a node's attributes are its roles and 'version VERSION'"
        )
    elif _is_keyword(kind) and "NAME" in expected and kind not in expected:
        message = f"'{token.value}' is a keyword and cannot be used as a name"
    elif blocks and kind == "RUNBOOK" and kind not in expected and expected & {"UPGRADE", "RBRACE"}:
        # The header is not a declaration: say what the header rule is.
        message = "the 'runbook' header may appear only once, as the first statement"
    elif (
        blocks
        and kind in _DECLARATION_STARTS
        and kind not in expected
        and expected & {"UPGRADE", "RBRACE"}
    ):
        message = (
            "a declaration cannot stand inside a block: declare clusters, relations "
            "and the target before the first action"
        )
    elif (
        blocks
        and kind in _STATEMENT_STARTS
        and kind not in expected
        and expected & {"UPGRADE", "RBRACE"}
    ):
        message = (
            f"'{token.value}' cannot stand here: a 'step' holds actions and 'parallel' "
            "blocks, a 'parallel' holds actions only"
        )
    elif kind == "_NL":
        message = f"expected {_alternatives(expected)} before the end of the line"
        span = Span(token.line, len(line) + 1, token.line, len(line) + 2)  # type: ignore[arg-type]  # see _span_of
    elif expected == {"_NL"}:
        message = f"expected the end of the line, found {_found(token)}: one statement per line"
    else:
        message = f"expected {_alternatives(expected)}, found {_found(token)}"
    return Finding("RL001", span, message)


_VERSIONISH = re.compile(r"[0-9][0-9A-Za-z.\-]*")
# The words a duration follows: a bare number after them lacks its unit.
_DURATION_BEFORE = re.compile(r"(?:^|[ \t])(?:wait|node-upgrade|retention-lease)[ \t]+$")


def describe_bad_character(line: str, number: int, column0: int) -> Finding:
    """A character where no token can start (or a version with the wrong shape)."""
    char = line[column0]
    start = column0
    while start > 0 and (line[start - 1].isdigit() or line[start - 1] == "."):
        start -= 1
    run = _VERSIONISH.match(line, start) if line[start : start + 1].isdigit() else None
    if run is not None:
        numbers = run.group(0).split("-", 1)[0].split(".")
        span = Span(number, start + 1, number, run.end() + 1)
        if run.group(0).isdigit() and _DURATION_BEFORE.search(line, 0, start):
            return Finding(
                "RL001",
                span,
                f"'{run.group(0)}': a duration needs a unit, d, h, m or s (e.g. {run.group(0)}m)",
            )
        if len(numbers) < 3:
            return Finding(
                "RL001", span, f"'{run.group(0)}': a version needs three parts, e.g. 8.15.0"
            )
        if len(numbers) > 3:
            return Finding(
                "RL001", span, f"'{run.group(0)}': a version has exactly three parts, e.g. 8.15.0"
            )
        return Finding(
            "RL001", span, f"'{run.group(0)}' is not a valid version (e.g. 8.15.0 or 9.0.0-rc1)"
        )
    span = Span(number, column0 + 1, number, column0 + 2)
    if char == '"':
        return _describe_bad_string(line, number, column0, span)
    if char == "\r":
        return Finding(
            "RL001",
            span,
            "a carriage return that does not end the line (line endings are LF or CRLF)",
        )
    if char.isprintable():
        return Finding("RL001", span, f"unexpected character '{char}'")
    return Finding("RL001", span, f"unexpected character U+{ord(char):04X}")


def _describe_bad_string(line: str, number: int, column0: int, span: Span) -> Finding:
    """Why the string opening at ``column0`` does not lex: the first obstacle in it.

    Scanned as the lexer does, so that a raw carriage return is named as such
    and not taken for an escape (there may be no backslash at all).
    """
    i = column0 + 1
    while i < len(line):
        char = line[i]
        if char == '"':
            break
        if char == "\r":
            return Finding(
                "RL001",
                Span(number, i + 1, number, i + 2),
                "a carriage return inside this string: a string holds one line "
                "(line endings are LF or CRLF)",
            )
        if char == "\\":
            if line[i + 1 : i + 2] in ('"', "\\"):
                i += 2
                continue
            return Finding(
                "RL001", span, 'unknown escape in this string: only \\" and \\\\ are allowed'
            )
        i += 1
    else:
        return Finding("RL001", span, "this string is not closed on its line")
    return Finding("RL001", span, 'unknown escape in this string: only \\" and \\\\ are allowed')


def describe_end(error: UnexpectedToken, blocks: list[int], lines: list[str]) -> Finding:
    last = len(lines)
    column = len(lines[-1]) + 1 if lines else 1
    if last == 0:
        last = 1
    span = Span(last, column, last, column)
    if blocks:
        return Finding("RL001", span, f"block opened at line {blocks[-1]} is never closed")
    return Finding(
        "RL001", span, f"unexpected end of file: expected {_alternatives(set(error.expected))}"
    )
