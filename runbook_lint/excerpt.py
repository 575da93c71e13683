"""A bounded, escaped excerpt of a value, for error messages.

A value from a configuration (or the command line) may be huge, or a shared
structure that ``repr`` expands in full (a YAML alias bomb), or hold control
characters: a message shows at most ``EXCERPT`` characters of it, escaped.
"""

from __future__ import annotations

import reprlib

# The longest excerpt of a value an error message shows.
EXCERPT = 60

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4
_REPR.maxstring = _REPR.maxother = EXCERPT


def excerpt(value: object) -> str:
    """A bounded, escaped rendering of ``value`` for an error message.

    Quoted like ``repr`` (so control characters, bidirectional overrides and
    line separators come out as escapes, never raw), cut to ``EXCERPT``
    characters, and never expanding shared (aliased) structures in full.
    """
    text = _REPR.repr(value) if not isinstance(value, str) else repr(value[: EXCERPT + 1])
    if len(text) > EXCERPT:
        text = text[: EXCERPT - 3] + "..."
    return text
