"""Names from a live cluster made into runbook names (live.md, "Snapshots")."""

from __future__ import annotations

import re

# The grammar's NAME and its reserved words (grammar/runbook.lark).
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
KEYWORDS = frozenset(
    "runbook target cluster version nodes follows index auto-follow upgrade node to "
    "pause resume all note step parallel assume wait node-upgrade retention-lease".split()
)
_OUTSIDE = re.compile(r"[^A-Za-z0-9_.\-]")


def is_runbook_name(name: str) -> bool:
    return NAME.match(name) is not None and name not in KEYWORDS


def node_name(name: str) -> str:
    """A node name as the runbook spells it: other characters become `_`."""
    replaced = _OUTSIDE.sub("_", name)
    if not replaced or not (
        replaced[0].isascii() and (replaced[0].isalpha() or replaced[0] == "_")
    ):
        replaced = "_" + replaced
    if replaced in KEYWORDS:
        replaced = "_" + replaced
    return replaced


def escaped(text: str) -> str:
    """A name from a snapshot quoted for a one-line message: no control character survives."""
    return text.encode("unicode_escape").decode("ascii")
