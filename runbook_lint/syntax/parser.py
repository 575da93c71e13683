"""Runbook text to AST, and parse errors to RL001 problems.

The grammar (grammar/runbook.lark) is compiled once and cached by Lark (the
cache file is keyed by the grammar's hash), so a run does not rebuild the LALR
tables.  A Transformer builds the AST during the parse itself: no parse tree is
built and walked afterwards.

Error recovery: a clean file goes through Lark's own parse loop (the fast path).
Only when it fails is the file parsed a second time, line by line, feeding the
tokens to the parser ourselves: at each line start the parser's stacks are
saved, and a line that fails is reported and skipped by restoring them.  That
reports every bad line in one run, in time linear in the file.  The AST of a
file with syntax errors is not kept: such a file gets only RL001 diagnostics.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from itertools import islice
from sys import intern as _intern

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import LexerThread

from runbook_lint.findings import Finding
from runbook_lint.records import record
from runbook_lint.syntax import ast
from runbook_lint.syntax.ast import Span
from runbook_lint.syntax.source import split_lines

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, Protocol, TypeVar

    from lark.lexer import BasicLexer
    from lark.parsers.lalr_parser_state import ParserState

    class _Spanned(Protocol):
        @property
        def span(self) -> Span: ...

    _Node = TypeVar("_Node")
    _E = TypeVar("_E")
    # Lark hands each rule's children over untyped: tokens, None for an absent
    # optional part, and the nodes built by the methods below.
    _Children = list[Any]
    _State = ParserState[Any]  # lark's own annotation of parser_state
    _Saved = tuple[list[Any], list[Any], tuple[int, list[int]], tuple[int, list[bool]]]


@record
class ParseResult:
    runbook: ast.Runbook | None  # None when there are syntax problems
    problems: tuple[Finding, ...]
    comments: tuple[ast.Comment, ...]


def grammar_path() -> str:
    """The grammar's one home: a copy inside the installed package, else the checkout's."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package
    installed = os.path.join(here, "grammar", "runbook.lark")
    if os.path.isfile(installed):
        return installed
    return os.path.join(os.path.dirname(here), "grammar", "runbook.lark")


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


class _Builder(Transformer[Token, ast.Runbook]):
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

    def node_list(self, c: _Children) -> list[ast.Name]:
        return [_name(token) for token in c[1::2]]

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


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as stream:
        return stream.read()


@lru_cache(maxsize=1)
def _parser() -> tuple[Lark, _Builder]:
    builder = _Builder()
    lark = Lark(
        _read(grammar_path()),
        parser="lalr",
        lexer="basic",  # keywords stay reserved in every context
        transformer=builder,
        lexer_callbacks={"COMMENT": builder.on_comment},
        maybe_placeholders=True,
        cache=True,
    )
    return lark, builder


def parse(text: str) -> ParseResult:
    """Parse a runbook's text (BOM already removed)."""
    lark, builder = _parser()
    if not text.endswith("\n"):
        text += "\n"  # the grammar ends every statement with a newline
    builder.reset()
    if "\r" in text and _LONE_CR.search(text):
        # The _NL token admits a CR that ends no line inside a run of line
        # ends: the line-by-line path is the one that reports it.
        return _recover(text)
    try:
        built = lark.parse(text)
    except UnexpectedInput:
        return _recover(text)
    comments = tuple(builder.comments)
    if builder.problems:
        return ParseResult(None, tuple(builder.problems), comments)
    assert isinstance(built, ast.Runbook)  # the transformer builds it during the parse
    runbook = ast.Runbook(built.header, built.statements, comments)
    return ParseResult(runbook, (), comments)


# ---------------------------------------------------------------------------
# Recovery: the slow path, taken only for a file that does not parse.

_BLOCK_KEYWORDS = ("STEP", "PARALLEL")
_LONE_CR = re.compile(r"\r(?!\n)")


def _recover(text: str) -> ParseResult:
    from runbook_lint.syntax.messages import describe_bad_character, describe_unexpected

    lark, builder = _parser()
    builder.reset()
    problems: list[Finding] = []
    state = lark.parse_interactive().parser_state
    blocks: list[int] = []  # the lines of the blocks open at this point
    # CRLF: the CR belongs to the line ending, not to the line (an unclosed
    # block at the end of the file points just past the last character).
    lines = split_lines(text)
    if lines[-1] == "":
        lines.pop()
    # Per open block, True when its opening line was reported and dropped: its
    # closing '}' is then skipped too, rather than reported as closing nothing.
    phantoms: list[bool] = []
    # Bad 'step'/'parallel' lines without a '{' (a forgotten brace): they open
    # no block, but a '}' that then closes nothing is taken as theirs, not reported.
    braceless = 0
    for number, line in enumerate(lines, start=1):
        saved = (list(state.state_stack), list(state.value_stack), _mark(blocks), _mark(phantoms))
        tokens = _LineTokens(lark, builder, line, number)
        head = tokens.head
        if phantoms and phantoms[-1] and _closes_only(head):
            phantoms.pop()
            continue
        if braceless and not blocks and _closes_only(head):
            braceless -= 1
            continue
        failed_at: Token | int | None = None  # the bad token, or a bad character's column
        for token in tokens:
            try:
                state.feed_token(token)
            except UnexpectedToken as error:
                failed_at = token
                problems.append(describe_unexpected(error, token, blocks, line))
                break
            if token.type == "LBRACE":
                blocks.append(number)
                phantoms.append(False)
            elif token.type == "RBRACE" and blocks:
                blocks.pop()
                phantoms.pop()
        tokens.drain()  # the rest of a bad line: lexed for its braces, comment and bad character
        bad_char = tokens.bad_char
        if failed_at is None and bad_char is not None:
            problems.append(describe_bad_character(line, number, bad_char))
            failed_at = bad_char
        if failed_at is None:
            continue
        # Skip the bad line: back to the parser as it was at the line's start.
        _restore(state, blocks, phantoms, saved)
        if head and head[0].type in _BLOCK_KEYWORDS and not _opens_block(tokens, line):
            braceless += 1
            continue
        _resynchronise(state, head, blocks, phantoms, number, saved)
    end = Token("$END", "", 0, len(lines) or 1, 1)
    try:
        state.feed_token(end, True)
    except UnexpectedToken as error:
        from runbook_lint.syntax.messages import describe_end

        problems.append(describe_end(error, blocks, lines))
    problems.extend(builder.problems)
    problems.sort(key=lambda p: (p.span.line, p.span.column))
    return ParseResult(None, tuple(problems), tuple(builder.comments))


@lru_cache(maxsize=1)
def _line_lexer(lark: Lark) -> BasicLexer:
    # Lark.lex() builds a new lexer on every call (its regexes included): the
    # recovery path lexes line by line, so it keeps one.
    return lark._build_lexer()


class _LineTokens:
    """The tokens of one line with their true line number, ending with a newline.

    Lexed on demand, and never kept whole: a bad line of a million tokens
    fails at one of its first, and the rest is only scanned (``drain``) for
    what recovery needs: its braces, its comment and a bad character.  The
    first three tokens are lexed at once (``head``): enough to tell a line
    that is only '}'.  ``bad_char`` is the 0-based column of a character that
    no terminal matches (lexing stops there, and no newline token follows).
    """

    __slots__ = ("head", "bad_char", "_rest", "_open_brace", "_brace_closed")

    def __init__(self, lark: Lark, builder: _Builder, line: str, number: int) -> None:
        self.bad_char: int | None = None
        self._open_brace = False  # a '{' was seen ...
        self._brace_closed = False  # ... and a '}' after it
        self._rest = self._lex(lark, builder, line, number)
        self.head = list(islice(self._rest, 3))

    def _lex(self, lark: Lark, builder: _Builder, line: str, number: int) -> Iterator[Token]:
        first_comment = len(builder.comments)
        try:
            thread = LexerThread.from_text(_line_lexer(lark), line)
            for token in thread.lex(None):  # type: ignore[no-untyped-call]  # lark leaves LexerThread.lex unannotated
                token.line = token.end_line = number
                if token.type == "LBRACE":
                    self._open_brace = True
                elif token.type == "RBRACE" and self._open_brace:
                    self._brace_closed = True
                yield token
        except UnexpectedCharacters as error:
            self.bad_char = error.column - 1
        for i in range(first_comment, len(builder.comments)):
            # Lexed on its own, the line thought it was line 1.
            comment = builder.comments[i]
            column, end = comment.span.column, comment.span.end_column
            builder.comments[i] = ast.Comment(comment.text, Span(number, column, number, end))
        if self.bad_char is None:
            column = len(line) + 1
            yield Token("_NL", "\n", len(line), number, column, number, column + 1, len(line) + 1)

    def __iter__(self) -> Iterator[Token]:
        yield from self.head
        yield from self._rest

    def drain(self) -> None:
        for _ in self._rest:
            pass

    @property
    def opens_brace(self) -> bool:
        """Whether the line holds a '{' that no later '}' on it closes (once drained)."""
        return self._open_brace and not self._brace_closed


def _closes_only(head: list[Token]) -> bool:
    """Whether the line is just '}' (and maybe a comment)."""
    return [token.type for token in head] == ["RBRACE", "_NL"]


_ENDS_WITH_BRACE = re.compile(r"\{[ \t]*(#.*)?$")


def _opens_block(tokens: _LineTokens, line: str) -> bool:
    """Whether a bad 'step'/'parallel' line still opens a block.

    It does when it holds a '{' that no '}' on the same line closes (``step { }``
    opens and closes one; ``step "title"`` without a brace opens none, and must
    not leave a block open that is then reported as never closed).  When the
    line could not be lexed to its end, its raw text decides: does it end with
    '{' (an unclosed string may have swallowed it)?
    """
    if tokens.opens_brace:
        return True
    return tokens.bad_char is not None and _ENDS_WITH_BRACE.search(line) is not None


def _mark(stack: list[_E]) -> tuple[int, list[_E]]:
    # A line can pop at most one entry (a '}' must end its line) and push at
    # most one (so must a '{'): its length and top entry are enough to restore
    # it, in constant time however deep the blocks nest (copying the whole
    # stack at every line was quadratic on 50,000 unclosed blocks).
    return len(stack), stack[-1:]


def _unmark(stack: list[_E], mark: tuple[int, list[_E]]) -> None:
    length, top = mark
    del stack[length:]
    if len(stack) < length:
        stack.extend(top)


def _restore(state: _State, blocks: list[int], phantoms: list[bool], saved: _Saved) -> None:
    state.state_stack[:] = saved[0]
    state.value_stack[:] = saved[1]
    _unmark(blocks, saved[2])
    _unmark(phantoms, saved[3])


def _resynchronise(
    state: _State,
    tokens: list[Token],
    blocks: list[int],
    phantoms: list[bool],
    number: int,
    saved: _Saved,
) -> None:
    """Keep the block structure of a bad line, so that one error does not cascade.

    A bad line that starts with 'step' or 'parallel' still opens its block, and
    a bad line that starts with '}' still closes one.  If the parser will not
    take even that, the line is simply dropped.
    """
    if not tokens:
        return
    first = tokens[0]
    if first.type in _BLOCK_KEYWORDS:
        synthetic = [
            first,
            Token.new_borrow_pos("LBRACE", "{", first),
            Token.new_borrow_pos("_NL", "\n", first),
        ]
    elif first.type == "RBRACE":
        synthetic = [first, Token.new_borrow_pos("_NL", "\n", first)]
    else:
        return
    try:
        for token in synthetic:
            state.feed_token(token)
    except UnexpectedToken:
        _restore(state, blocks, phantoms, saved)
        if first.type in _BLOCK_KEYWORDS:
            phantoms.append(True)  # its '}' will be skipped, not reported again
        return
    if first.type == "RBRACE":
        if blocks:
            blocks.pop()
            phantoms.pop()
    else:
        blocks.append(number)
        phantoms.append(False)
