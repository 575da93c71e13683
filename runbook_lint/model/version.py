"""``Version``: a version's syntax and order (semantic-versioning precedence).

Pure syntax, no data, and fast: the checker compares versions millions of
times.  What Elastic's rules say about versions is ``versions.py``'s.
"""

from __future__ import annotations

import functools
import re

# language.md, "Lexical structure": MAJOR.MINOR.PATCH, optional -[0-9A-Za-z.]+.
# ASCII classes on purpose: str.isdigit() would also accept digits like "²".
_VERSION_RE = re.compile(r"([0-9]+)\.([0-9]+)\.([0-9]+)(?:-([0-9A-Za-z.]+))?")
_PRE_RE = re.compile(r"[0-9A-Za-z.]+")
_SHORT_RE = re.compile(r"[0-9]+\.[0-9]+")

# The last element of a sort key. A release must sort after every pre-release
# of the same MAJOR.MINOR.PATCH: pre-releases get (0, ...), releases (1,).
_RELEASE = (1,)


def _pre_key(pre: str) -> tuple[object, ...]:
    # Semantic-versioning precedence for pre-release identifiers: numeric ones
    # compare numerically and sort before alphanumeric ones (hence the 0/1 tag,
    # which also keeps ints and strs from ever being compared); a shorter list
    # sorts before a longer one with the same prefix (tuple order does that).
    # An empty identifier ("rc..1") is an alphanumeric "" rather than an error:
    # the grammar accepts it, so the checker must not crash on it.
    ids: list[tuple[int, tuple[int, str] | str]] = []
    for ident in pre.split("."):
        if ident.isdigit():  # ASCII only: the regex admits nothing else
            # Compared as (length, digits) without leading zeros: numerically
            # the same order, and no int() that refuses more than 4,300 digits.
            digits = ident.lstrip("0")
            ids.append((0, (len(digits), digits)))
        else:
            ids.append((1, ident))
    return (0, *ids)


class Version:
    """An Elasticsearch version: ``MAJOR.MINOR.PATCH[-PRE]``.

    Immutable and hashable. Ordering is semantic-versioning precedence, decided
    by one precomputed tuple (``key``), so a comparison is one tuple comparison.
    Equality is equality of precedence: ``8.1.0`` equals ``08.1.0``, while
    ``str()`` gives back each one's own text.
    """

    __slots__ = ("major", "minor", "patch", "pre", "_key", "_hash", "_text")

    major: int
    minor: int
    patch: int
    pre: str | None
    _key: tuple[object, ...]  # the sort key: (major, minor, patch, _RELEASE or _pre_key)
    _hash: int
    _text: str  # as written

    def __init__(self, major: int, minor: int, patch: int, pre: str | None = None) -> None:
        for part in (major, minor, patch):
            if type(part) is not int or part < 0:
                raise ValueError(f"version parts must be non-negative integers, not {part!r}")
        if pre is not None and (not isinstance(pre, str) or not _PRE_RE.fullmatch(pre)):
            raise ValueError(f"invalid pre-release {pre!r}: expected [0-9A-Za-z.]+")
        text = f"{major}.{minor}.{patch}" if pre is None else f"{major}.{minor}.{patch}-{pre}"
        _init(self, major, minor, patch, pre, text)

    @classmethod
    def parse(cls, text: str) -> Version:
        """The version ``text`` spells; ValueError if it is not one."""
        if not isinstance(text, str):
            raise TypeError(f"Version.parse() takes a str, not {type(text).__name__}")
        return _parse(text)

    @property
    def key(self) -> tuple[object, ...]:
        """A sort key: ``a.key < b.key`` exactly when ``a < b``."""
        return self._key

    # Ordering works on the precomputed keys. try/except rather than isinstance:
    # this is the checker's hottest code, and the exception path is the rare one.
    def __lt__(self, other: Version) -> bool:
        try:
            return self._key < other._key
        except AttributeError:
            return NotImplemented

    def __le__(self, other: Version) -> bool:
        try:
            return self._key <= other._key
        except AttributeError:
            return NotImplemented

    def __gt__(self, other: Version) -> bool:
        try:
            return self._key > other._key
        except AttributeError:
            return NotImplemented

    def __ge__(self, other: Version) -> bool:
        try:
            return self._key >= other._key
        except AttributeError:
            return NotImplemented

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Version):
            return self._key == other._key
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        if isinstance(other, Version):
            return self._key != other._key
        return NotImplemented

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Version({self._text!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Version is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Version is immutable")

    # __slots__ plus a refusing __setattr__ defeat the default pickling (which
    # sets the slots one by one); rebuilding from the text keeps the spelling.
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Version.parse, (self._text,))

    def __copy__(self) -> Version:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Version:
        return self


_set = object.__setattr__


def _init(v: Version, major: int, minor: int, patch: int, pre: str | None, text: str) -> None:
    key = (major, minor, patch, _RELEASE if pre is None else _pre_key(pre))
    _set(v, "major", major)
    _set(v, "minor", minor)
    _set(v, "patch", patch)
    _set(v, "pre", pre)
    _set(v, "_key", key)
    _set(v, "_hash", hash(key))
    _set(v, "_text", text)


# Runbooks repeat the same few versions over and over, and Versions are
# immutable, so one instance per text can be shared.
@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Version:
    m = _VERSION_RE.fullmatch(text)
    if m is None:
        if _SHORT_RE.fullmatch(text):
            raise ValueError(
                f"{text!r} is not a full version: a full version such as {text}.0 is needed"
            )
        raise ValueError(
            f"{text!r} is not a version: expected MAJOR.MINOR.PATCH with an optional "
            "pre-release suffix, such as 8.15.1 or 9.0.0-rc1"
        )
    if max(len(m[1]), len(m[2]), len(m[3])) > 9:  # language.md's bound on a numeric part
        raise ValueError(
            f"{text[:40]!r}{'...' if len(text) > 40 else ''} is not a version: "
            "a numeric part has at most 9 digits"
        )
    v = object.__new__(Version)
    _init(v, int(m[1]), int(m[2]), int(m[3]), m[4], text)
    return v
