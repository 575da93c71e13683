"""Recovery: the slow path, taken only for a file that does not parse.

The file is parsed a second time, line by line, feeding the tokens to the
parser ourselves: at each line start the parser's stacks are saved, and a line
that fails is reported and skipped by restoring them.  That reports every bad
line in one run, in time linear in the file.  Keeping the block structure of a
bad `step`/`}` line stops one error from cascading.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import LexerThread

from runbook_lint.findings import Finding
from runbook_lint.syntax import ast
from runbook_lint.syntax.ast import Span
from runbook_lint.syntax.builder import Builder
from runbook_lint.syntax.grammar import load
from runbook_lint.syntax.source import split_lines

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, TypeVar

    from lark.lexer import BasicLexer
    from lark.parsers.lalr_parser_state import ParserState

    _E = TypeVar("_E")
    _State = ParserState[Any]  # lark's own annotation of parser_state
    _Saved = tuple[list[Any], list[Any], tuple[int, list[int]], tuple[int, list[bool]]]


_BLOCK_KEYWORDS = ("STEP", "PARALLEL")


def recover(text: str) -> tuple[tuple[Finding, ...], tuple[ast.Comment, ...]]:
    from runbook_lint.syntax.messages import describe_bad_character, describe_unexpected

    lark, builder = load()
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
    return tuple(problems), tuple(builder.comments)


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

    def __init__(self, lark: Lark, builder: Builder, line: str, number: int) -> None:
        self.bad_char: int | None = None
        self._open_brace = False  # a '{' was seen ...
        self._brace_closed = False  # ... and a '}' after it
        self._rest = self._lex(lark, builder, line, number)
        self.head = list(islice(self._rest, 3))

    def _lex(self, lark: Lark, builder: Builder, line: str, number: int) -> Iterator[Token]:
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
