"""Glob patterns of the configuration (`exclude`, `per-file-ignores`), matched in linear time.

A glob used to be translated to a regular expression, which Python's ``re``
matches by backtracking: ``**a**a**a**a**a**a**a**a**a**a**a**a**z`` against a
32-character name took 27 s.  Here a glob is compiled to a small automaton
(Thompson's construction) and run over the path once, keeping the set of
states it can be in: time is at most the path's length times the pattern's,
whatever the pattern.

Syntax: ``**`` crosses folders (``**/`` is zero or more whole folders), ``*``
and ``?`` do not cross ``/``, ``[abc]``, ``[a-z]`` and ``[!a-z]`` (or ``[^a-z]``)
match one character that is not ``/``; everything else matches itself.  An
unclosed ``[``, an empty class and a reversed range such as ``[z-a]`` are
errors (``GlobError``), where they used to match nothing in silence.
"""

from __future__ import annotations

from functools import lru_cache

from runbook_lint.records import record


class GlobError(ValueError):
    """A pattern that is not a valid glob; the message says why."""


# State kinds.  A state consumes one character (CHAR, ONE, ANY, CLASS), or
# branches without consuming (SPLIT), or accepts (MATCH).
CHAR, ONE, ANY, CLASS, SPLIT, MATCH = range(6)


@record
class _Class:
    negated: bool
    singles: frozenset[str]
    ranges: tuple[tuple[str, str], ...]

    def __contains__(self, char: str) -> bool:
        inside = char in self.singles or any(low <= char <= high for low, high in self.ranges)
        return inside != self.negated


class Glob:
    """A compiled glob: ``fullmatch(text)`` and ``prefix_matches(path)``."""

    __slots__ = ("pattern", "_kind", "_arg", "_next", "_alt", "_start")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._kind: list[int] = []
        self._arg: list[object] = []
        self._next: list[int] = []
        self._alt: list[int] = []
        self._start = self._build(pattern)

    def _state(self, kind: int, arg: object = None) -> int:
        self._kind.append(kind)
        self._arg.append(arg)
        self._next.append(-1)
        self._alt.append(-1)
        return len(self._kind) - 1

    def _build(self, pattern: str) -> int:
        """The automaton, built backwards from its accepting state; its start state."""
        pieces = _pieces(pattern)
        following = self._state(MATCH)
        for kind, arg in reversed(pieces):
            if kind in (CHAR, ONE, CLASS):
                state = self._state(kind, arg)
                self._next[state] = following
                following = state
            elif kind == ANY and arg == "*":  # any run of characters but '/'
                following = self._loop(ONE, following)
            elif kind == ANY and arg == "**":  # any run of characters
                following = self._loop(ANY, following)
            else:  # "**/": nothing, or any run of characters that ends with '/'
                slash = self._state(CHAR, "/")
                self._next[slash] = following
                loop = self._loop(ANY, slash)
                split = self._state(SPLIT)
                self._next[split], self._alt[split] = loop, following
                following = split
        return following

    def _loop(self, kind: int, following: int) -> int:
        split = self._state(SPLIT)
        step = self._state(kind)
        self._next[step] = split
        self._next[split], self._alt[split] = step, following
        return split

    def _closure(self, states: list[int]) -> set[int]:
        """``states`` and every state reached from them without consuming a character."""
        seen: set[int] = set()
        todo = list(states)
        while todo:
            state = todo.pop()
            if state in seen:
                continue
            seen.add(state)
            if self._kind[state] == SPLIT:
                todo.append(self._next[state])
                todo.append(self._alt[state])
        return seen

    def _step(self, states: set[int], char: str) -> set[int]:
        moved = []
        for state in states:
            kind = self._kind[state]
            if (
                (kind == CHAR and self._arg[state] == char)
                or (kind == ONE and char != "/")
                or kind == ANY
                or (kind == CLASS and char != "/" and char in self._arg[state])  # type: ignore[operator]
            ):
                moved.append(self._next[state])
        return self._closure(moved)

    def _accepts(self, states: set[int]) -> bool:
        return any(self._kind[state] == MATCH for state in states)

    def fullmatch(self, text: str) -> bool:
        """Whether the whole of ``text`` matches."""
        states = self._closure([self._start])
        for char in text:
            if not states:
                return False
            states = self._step(states, char)
        return self._accepts(states)

    def prefix_matches(self, path: str) -> bool:
        """Whether ``path`` or one of its leading folders (``a``, ``a/b``, ...) matches.

        One pass over the path: the automaton is asked at each ``/`` and at the end.
        """
        states = self._closure([self._start])
        for char in path:
            if char == "/" and self._accepts(states):
                return True
            states = self._step(states, char)
            if not states:
                return False
        return self._accepts(states)


def _pieces(pattern: str) -> list[tuple[int, object]]:
    """The pattern as (kind, argument) pieces; runs of stars collapsed into one."""
    pieces: list[tuple[int, object]] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            j = i
            while j < len(pattern) and pattern[j] == "*":
                j += 1
            if j - i == 1:
                piece: tuple[int, object] = (ANY, "*")
            elif j < len(pattern) and pattern[j] == "/":
                piece, j = (ANY, "**/"), j + 1
            else:
                piece = (ANY, "**")
            pieces.append(piece)  # a run of stars is one piece: no loops side by side
            i = j
        elif char == "?":
            pieces.append((ONE, None))
            i += 1
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise GlobError(f"'[' at column {i + 1} is not closed by ']'")
            pieces.append((CLASS, _character_class(pattern[i + 1 : end], i)))
            i = end + 1
        else:
            pieces.append((CHAR, char))
            i += 1
    return pieces


def _character_class(body: str, at: int) -> _Class:
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    if not body:
        raise GlobError(f"the character class at column {at + 1} is empty")
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            low, high = body[i], body[i + 2]
            if low > high:
                raise GlobError(f"the range {low}-{high} is reversed (write {high}-{low})")
            ranges.append((low, high))
            i += 3
        else:
            singles.add(body[i])
            i += 1
    return _Class(negated, frozenset(singles), tuple(ranges))


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> Glob:
    """The compiled glob (cached: a configuration's few patterns are matched per file)."""
    return Glob(pattern)
