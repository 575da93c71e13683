"""Building the AST while Lark parses: the Transformer and its helpers.

A Transformer builds the AST during the parse itself: no parse tree is built
and walked afterwards.  The problems it finds in tokens the grammar accepts (a
version part too long, a bad duration) are RL001 findings like the parser's.
"""

from __future__ import annotations

import re
from sys import intern as _intern

from lark import Token, Transformer

from runbook_lint.findings import Finding
from runbook_lint.syntax import ast
from runbook_lint.syntax.ast import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Protocol, TypeVar

    class _Spanned(Protocol):
        @property
        def span(self) -> Span: ...

    _Node = TypeVar("_Node")
    # Lark hands each rule's children over untyped: tokens, None for an absent
    # optional part, and the nodes built by the methods below.
    _Children = list[Any]


# _POSITIONS: lark types a Token's line and columns Optional, but its basic
# lexer (the only one used here) always sets them.


def _span(first: Token | _Spanned, last: Token | _Spanned) -> Span:
    """The span from the start of ``first`` to the end of ``last`` (tokens or AST nodes)."""
    a = first if isinstance(first, Token) else first.span
    if isinstance(last, Token):
        return Span(a.line, a.column, last.end_line, last.end_column)  # type: ignore[arg-type]  # see _POSITIONS
    b = last.span
    if isinstance(first, Token):
        return Span(first.line, first.column, b.end_line, b.end_column)  # type: ignore[arg-type]  # see _POSITIONS
    return Span(a.line, a.column, b.end_line, b.end_column)  # type: ignore[arg-type]  # see _POSITIONS


def _token_span(token: Token) -> Span:
    return Span(token.line, token.column, token.end_line, token.end_column)  # type: ignore[arg-type]  # see _POSITIONS


_ESCAPE = re.compile(r"\\([\"\\])")

MAX_DIGITS = 9  # language.md: a version's numeric part, a duration's number
_LONG_PART = re.compile(f"[0-9]{{{MAX_DIGITS + 1}}}")


_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_PAIR = re.compile(r"([0-9]+)([dhms])")


def duration_value(text: str) -> tuple[int, str | None]:
    """A duration's seconds, and the RL001 message when it breaks language.md's rules.

    The lexer takes any run of NUMBER UNIT pairs; the units' order (d, h, m, s),
    their repetition and the 9-digit bound are checked here, so that the
    message names the problem rather than a terminal.
    """
    seconds = 0
    seen: list[str] = []
    for number, unit in _PAIR.findall(text):
        if len(number) > MAX_DIGITS:
            return 0, (f"'{_excerpt(text)}': a duration's number has at most {MAX_DIGITS} digits")
        if unit in seen:
            return 0, f"'{_excerpt(text)}': the unit '{unit}' appears twice in this duration"
        if seen and "dhms".index(unit) < "dhms".index(seen[-1]):
            return 0, (
                f"'{_excerpt(text)}': a duration's units go in the order d, h, m, s "
                "(e.g. 1d6h, 1h30m)"
            )
        seen.append(unit)
        seconds += int(number) * _UNITS[unit]
    return seconds, None


def _excerpt(text: str, limit: int = 40) -> str:
    """At most ``limit`` characters of ``text``, for a message: a 5,000-digit part is not echoed."""
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _string(token: Token) -> str:
    inner = token.value[1:-1]
    return _ESCAPE.sub(r"\1", inner) if "\\" in inner else inner


def _name(token: Token) -> ast.Name:
    # Interned, like versions: a name recurs on many lines and the checker looks
    # every one up; one shared string keeps those lookups in the cache.
    return ast.Name(
        _intern(token.value),
        Span(token.line, token.column, token.end_line, token.end_column),  # type: ignore[arg-type]  # see _POSITIONS
    )


def _version(token: Token) -> ast.VersionText:
    return ast.VersionText(
        _intern(token.value),
        Span(token.line, token.column, token.end_line, token.end_column),  # type: ignore[arg-type]  # see _POSITIONS
    )


class Builder(Transformer[Token, ast.Runbook]):
    """Builds AST nodes as the LALR parser reduces each rule.

    Also makes the one context check that the grammar leaves to code: the
    header may stand only once, as the first statement.
    """

    def __init__(self) -> None:
        super().__init__(visit_tokens=False)
        self.reset()

    def reset(self) -> None:
        self.problems: list[Finding] = []
        self.comments: list[ast.Comment] = []
        self.statement_seen = False

    def _seen(self, node: _Node) -> _Node:
        self.statement_seen = True
        return node

    def on_comment(self, token: Token) -> None:
        self.comments.append(ast.Comment(token.value, _token_span(token)))

    def start(self, children: _Children) -> ast.Runbook:
        header = None
        statements: list[ast.Statement] = []
        for child in children:
            if isinstance(child, ast.Header):
                if header is None:
                    header = child
            else:
                statements.append(child)
        return ast.Runbook(header, tuple(statements), ())

    def header(self, c: _Children) -> ast.Header:
        node = ast.Header(_string(c[1]), _span(c[0], c[1]))
        if self.statement_seen:
            self.problems.append(
                Finding(
                    "RL001",
                    _token_span(c[0]),
                    "the 'runbook' header may appear only once, as the first statement",
                )
            )
        self.statement_seen = True
        return node

    def _bounded(self, token: Token) -> Token:
        # language.md bounds a version's numeric part to 9 digits: a longer one
        # is RL001 here, never a huge int later (Python refuses to convert more
        # than 4,300 digits, which aborted the whole run).
        if _LONG_PART.search(token.value.split("-", 1)[0]):
            self.problems.append(
                Finding(
                    "RL001",
                    _token_span(token),
                    f"'{_excerpt(token.value)}': a version's numeric part has at most "
                    f"{MAX_DIGITS} digits",
                )
            )
        return token

    def target(self, c: _Children) -> ast.Target:
        self._bounded(c[1])
        return self._seen(ast.Target(_version(c[1]), _span(c[0], c[1])))

    def cluster(self, c: _Children) -> ast.Cluster:
        self._bounded(c[3])
        nodes = c[4] or ()
        last = c[4][-1] if c[4] else c[3]
        duration = c[5] if len(c) > 5 else None  # `node-upgrade D`, the clause's last
        if duration is not None:
            last = duration
        return self._seen(
            ast.Cluster(_name(c[1]), _version(c[3]), tuple(nodes), _span(c[0], last), duration)
        )

    def cluster_duration(self, c: _Children) -> ast.Duration:
        return self._duration(c[1])

    def _duration(self, token: Token) -> ast.Duration:
        seconds, problem = duration_value(token.value)
        if problem is not None:
            self.problems.append(Finding("RL001", _token_span(token), problem))
        return ast.Duration(token.value, seconds, _token_span(token))

    def assume(self, c: _Children) -> ast.Assume:
        duration = self._duration(c[2])
        return self._seen(ast.Assume(c[1].value, duration, _span(c[0], c[2])))

    def wait(self, c: _Children) -> ast.Wait:
        duration = self._duration(c[1])
        reason = _string(c[2]) if c[2] is not None else None
        last = c[2] if c[2] is not None else c[1]
        return self._seen(ast.Wait(duration, reason, _span(c[0], last)))

    def node_list(self, c: _Children) -> list[ast.Node]:
        return c[1::2]  # the nodes, without the commas

    def node(self, c: _Children) -> ast.Node:
        name = _name(c[0])
        if len(c) == 1 or c[1] is None:  # no attribute list
            return ast.Node(name, (), name.span)
        attributes = tuple(c[2:-1:2])  # between the parentheses, without the commas
        return ast.Node(name, attributes, _span(c[0], c[-1]))

    def attribute(self, c: _Children) -> ast.Name | ast.NodeVersion:
        if len(c) == 1:
            return _name(c[0])  # a role: the model knows which names are roles
        self._bounded(c[1])
        return ast.NodeVersion(_version(c[1]), _span(c[0], c[1]))

    def relation(self, c: _Children) -> ast.Relation:
        qualifier = c[3]
        last = qualifier if qualifier is not None else c[2]
        return self._seen(ast.Relation(_name(c[0]), _name(c[2]), qualifier, _span(c[0], last)))

    def qualifier(self, c: _Children) -> ast.Qualifier:
        return ast.Qualifier(c[0].value, _string(c[1]), _span(c[0], c[1]))

    def upgrade(self, c: _Children) -> ast.Upgrade:
        self._bounded(c[5])
        node = _name(c[3]) if c[3] is not None else None
        return self._seen(ast.Upgrade(_name(c[1]), node, _version(c[5]), _span(c[0], c[5])))

    def pause(self, c: _Children) -> ast.Pause:
        relation = c[1] if isinstance(c[1], ast.Relation) else None
        return self._seen(ast.Pause(relation, _span(c[0], c[1])))

    def resume(self, c: _Children) -> ast.Resume:
        relation = c[1] if isinstance(c[1], ast.Relation) else None
        return self._seen(ast.Resume(relation, _span(c[0], c[1])))

    def note(self, c: _Children) -> ast.Note:
        return self._seen(ast.Note(_string(c[1]), _span(c[0], c[1])))

    def step(self, c: _Children) -> ast.Step:
        title = _string(c[1]) if c[1] is not None else None
        return self._seen(ast.Step(title, tuple(c[3:-1]), _span(c[0], c[-1])))

    def parallel(self, c: _Children) -> ast.Parallel:
        title = _string(c[1]) if c[1] is not None else None
        return self._seen(ast.Parallel(title, tuple(c[3:-1]), _span(c[0], c[-1])))
