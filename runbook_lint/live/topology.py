"""The declarations that snapshots give, written as a runbook (`runbook-lint topology`).

Everything taken from a snapshot is either a checked runbook name or goes into a
string or a comment escaped, so no snapshot can break the `.rbk` written here.
"""

from __future__ import annotations

from runbook_lint.live.names import escaped
from runbook_lint.live.relations import LiveRelation
from runbook_lint.live.snapshot import Node, Snapshot
from runbook_lint.model.roles import ROLES

SHOWN = 10  # relations named in a pair's comment; the count says how many in all


def lowest_version(nodes: list[Node]) -> str:
    from runbook_lint.model.versions import Version

    return str(min((Version.parse(node.version) for node in nodes), key=lambda v: v.key))


def string(text: str) -> str | None:
    """TEXT as a runbook string, or None where the language cannot spell it (a line break)."""
    if any(not character.isprintable() for character in text):
        return None
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def shown(relation: LiveRelation) -> str:
    """A relation for a comment: its kind and label, escaped to one printable line."""
    return f'{relation.kind} "{escaped(relation.label)}"'


def _node(node: Node, version: str) -> str:
    """A node with its attributes (live.md): its roles that the language knows (the
    snapshot's are sorted), and its `version` when it is not the cluster's."""
    attributes = [role for role in node.roles or () if role in ROLES]
    if node.version != version:
        attributes.append(f"version {node.version}")
    return f"{node.name} ({', '.join(attributes)})" if attributes else node.name


def cluster_line(snapshot: Snapshot) -> str:
    version = lowest_version(snapshot.nodes)
    nodes = ", ".join(_node(node, version) for node in snapshot.nodes)
    return f"cluster {snapshot.name} version {version} nodes {nodes}"


def write(snapshots: list[Snapshot], relations: list[LiveRelation], each: bool = False) -> str:
    """The runbook text: clusters in name order, then relations by follower and leader."""
    names = {snapshot.name for snapshot in snapshots}
    lines = [
        f"# The live topology of {len(snapshots)} cluster{'s' if len(snapshots) != 1 else ''},"
        " written by runbook-lint topology.",
        "",
    ]
    for snapshot in snapshots:
        if not snapshot.follower_side_known:
            lines.append(
                f"# {snapshot.name}: follower side unknown ({escaped(snapshot.unknown_reason)}):"
                " its relations could not be read"
            )
        lines.append(cluster_line(snapshot))
    pairs: dict[tuple[str, str], list[LiveRelation]] = {}
    for relation in relations:
        pairs.setdefault((relation.follower, relation.leader), []).append(relation)
    if pairs:
        lines.append("")
    for (follower, leader), group in sorted(pairs.items()):
        if leader not in names:
            named = ", ".join(shown(relation) for relation in group[:SHOWN])
            lines.append(
                f"# {follower} follows '{escaped(leader)}', which has no snapshot: {named}"
                f" ({_count(group)}); no relation written"
            )
            continue
        if not each:
            named = ", ".join(
                shown(relation) + ("" if relation.active else " (paused)")
                for relation in group[:SHOWN]
            )
            paused = sum(1 for relation in group if not relation.active)
            note = f"; {paused} paused" if paused else ""
            lines.append(f"{follower} follows {leader}  # {named} ({_count(group)}{note})")
            continue
        for relation in group:
            label = string(relation.label)
            if label is None:
                lines.append(
                    f"# {follower} follows {leader} {shown(relation)}: a label that a runbook"
                    " string cannot hold; not written"
                )
                continue
            line = f"{follower} follows {leader} {relation.kind} {label}"
            lines.append(line + ("" if relation.active else "  # paused"))
    return "\n".join(lines) + "\n"


def _count(group: list[LiveRelation]) -> str:
    return f"{len(group)} relation{'s' if len(group) != 1 else ''}"
