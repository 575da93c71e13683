"""The live state of one run: snapshots read once, aliases resolved, relations listed."""

from __future__ import annotations

import os

from runbook_lint.live.relations import (
    Aliases,
    LivePair,
    LiveRelation,
    live_pairs,
    parse_alias,
    resolve,
)
from runbook_lint.live.snapshot import Snapshot, SnapshotError, read_all
from runbook_lint.records import field, record


@record(frozen=False)
class LiveState:
    snapshots: list[Snapshot]
    aliases: Aliases
    # Pairs by alias resolution: runbooks of one run nearly always resolve alike.
    cache: dict[tuple[tuple[tuple[str, str], str], ...], dict[tuple[str, str], LivePair]] = field(
        default_factory=dict
    )

    def pairs(
        self, declared: frozenset[str] = frozenset(), runbook: str | None = None
    ) -> dict[tuple[str, str], LivePair]:
        """The live relations by (follower, leader), for a runbook declaring DECLARED."""
        resolved = resolve(self.snapshots, self.aliases, declared, runbook)
        key = tuple(sorted(resolved.items()))
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = live_pairs(self.snapshots, resolved)
        return found

    def relations(
        self, declared: frozenset[str] = frozenset(), runbook: str | None = None
    ) -> list[LiveRelation]:
        """Every live relation, sorted by follower, leader, kind and label."""
        return [r for pair in self.pairs(declared, runbook).values() for r in pair.relations()]


def merge_aliases(configured: Aliases | None, options: list[str]) -> Aliases:
    """The configuration's `aliases` with each `--alias` on top (the command line wins)."""
    merged: Aliases = {follower: dict(table) for follower, table in (configured or {}).items()}
    for text in options:
        try:
            follower, alias, leader = parse_alias(text)
        except ValueError as error:
            raise SnapshotError(str(error)) from None
        merged.setdefault(follower, {})[alias] = leader
    return merged


def load(entries: list[str], aliases: Aliases) -> LiveState:
    return LiveState(read_all(entries), aliases)


def configured_entries(entries: list[str], root: str) -> list[str]:
    """The configuration's `live` entries: globs and paths relative to its folder."""
    import glob

    found: list[str] = []
    for entry in entries:
        head, sep, tail = entry.partition("=")
        name, path = (head, tail) if sep and "/" not in head else (None, entry)
        full = os.path.join(root, path)
        matches = sorted(glob.glob(full)) if glob.has_magic(full) else [full]
        found.extend(f"{name}={match}" if name else match for match in matches)
    return found
