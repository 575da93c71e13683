"""`check --live`: a runbook's declarations compared with the live state (RL401-RL406).

The live state is read once per run (state.LiveState); only alias resolution
is per runbook, since an alias may resolve to a name that the runbook declares.
"""

from __future__ import annotations

from runbook_lint.diagnostics import Diagnostic
from runbook_lint.findings import Finding
from runbook_lint.lint.stamp import stamp
from runbook_lint.live.names import escaped
from runbook_lint.live.relations import LiveRelation
from runbook_lint.live.snapshot import Snapshot, SnapshotError
from runbook_lint.live.state import LiveState
from runbook_lint.live.topology import SHOWN, cluster_line, lowest_version, shown
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (milliseconds of start-up)
if TYPE_CHECKING:
    from typing import Any


class LiveCheckError(Exception):
    """Live state that cannot be compared with a runbook (an alias): exit status 2."""


def _same_version(first: str, second: str) -> bool:
    if first == second:
        return True  # the common case, without parsing (a large estate has thousands of nodes)
    from runbook_lint.model.versions import Version

    try:
        return Version.parse(first) == Version.parse(second)
    except ValueError:
        return False


def _covers(relation: ast.Relation, live: LiveRelation) -> bool:
    if relation.follower.text != live.follower or relation.leader.text != live.leader:
        return False
    qualifier = relation.qualifier
    return qualifier is None or (qualifier.kind, qualifier.label) == (live.kind, live.label)


def _listed(relations: list[LiveRelation], state: bool = True) -> str:
    named = ", ".join(
        shown(r) + ((" (active)" if r.active else " (paused)") if state else "")
        for r in relations[:SHOWN]
    )
    count = len(relations)
    return f"{named} ({count} relation{'s' if count != 1 else ''})"


def check(path: str, runbook: ast.Runbook, state: LiveState) -> list[Diagnostic]:
    clusters: dict[str, ast.Cluster] = {}
    relations: list[ast.Relation] = []
    for statement in runbook.statements:
        if isinstance(statement, ast.Cluster):
            clusters.setdefault(statement.name.text, statement)
        elif isinstance(statement, ast.Relation):
            relations.append(statement)
    try:
        live_by_pair = state.pairs(frozenset(clusters), path)
    except SnapshotError as error:
        raise LiveCheckError(f"{path}: {error}") from None
    snapshots = {snapshot.name: snapshot for snapshot in state.snapshots}
    found: list[Diagnostic] = []
    # Relations by (follower, leader): coverage is only ever looked up within a pair.
    declared_by_pair: dict[tuple[str, str], list[ast.Relation]] = {}
    for declared in relations:
        key = (declared.follower.text, declared.leader.text)
        declared_by_pair.setdefault(key, []).append(declared)

    def report(code: str, span: ast.Span, message: str, help: str | None = None) -> None:
        found.extend(stamp(path, [Finding(code, span, message, help=help)]))

    # RL401: live relations that no declared relation covers, per pair (B, A).
    uncovered: dict[tuple[str, str], list[LiveRelation]] = {}
    for key, group in live_by_pair.items():
        if key[0] not in clusters and key[1] not in clusters:
            continue
        pair = declared_by_pair.get(key, ())
        if any(declared.qualifier is None for declared in pair):
            continue  # `B follows A` covers every live relation from A to B
        qualified = {(d.qualifier.kind, d.qualifier.label) for d in pair if d.qualifier}
        missing = [r for r in group.relations() if (r.kind, r.label) not in qualified]
        if missing:
            uncovered[key] = missing
    for (follower, leader), missing in sorted(uncovered.items()):
        where = clusters.get(follower) or clusters[leader]
        lines = [f"add `{follower} follows {leader}`"]
        for name in (follower, leader):
            if name not in clusters and name in snapshots:
                lines.append(f"and `{cluster_line(snapshots[name])}`")
        report(
            "RL401",
            where.span,
            f"live relations from '{leader}' to '{follower}' that no declared relation covers:"
            f" {_listed(missing)}",
            " ".join(lines),
        )
    # RL402 and RL405, per declared relation.
    for declared in relations:
        live_pair = live_by_pair.get((declared.follower.text, declared.leader.text))
        if declared.qualifier is None:
            # The common declaration: the whole pair, without a LiveRelation per relation.
            covered = live_pair.relations() if live_pair and live_pair.any_paused() else None
            empty = not live_pair
        else:
            candidates = live_pair.relations() if live_pair else ()
            covered = [relation for relation in candidates if _covers(declared, relation)]
            empty = not covered
        if empty:
            side = snapshots.get(declared.follower.text)
            if side is not None and side.follower_side_known:
                report(
                    "RL402",
                    declared.span,
                    f"'{declared.describe()}' is declared, but no live relation matches it",
                )
            continue
        paused = [relation for relation in covered or () if not relation.active]
        if paused:
            report(
                "RL405",
                declared.span,
                f"'{declared.describe()}' covers live relations that somebody paused:"
                f" {_listed(paused, state=False)}; the runbook treats them as active",
            )
    # RL403, RL404, RL406, per declared cluster.
    for name, cluster in sorted(clusters.items()):
        snapshot = snapshots.get(name)
        if snapshot is None:
            report(
                "RL406",
                cluster.span,
                f"no snapshot of cluster '{name}': its state and relations could not be compared",
            )
            continue
        if not snapshot.follower_side_known:
            report(
                "RL406",
                cluster.span,
                f"the follower side of '{name}' is unknown ({escaped(snapshot.unknown_reason)}):"
                " its relations could not be compared",
            )
        _versions_and_nodes(cluster, snapshot, report)
    return found


def _declared_version(cluster: ast.Cluster, node: Any) -> str:
    # A node's `version` attribute, once the language has node attributes.
    version = getattr(node, "version", None)
    text = getattr(version, "text", None)
    return text if isinstance(text, str) else cluster.version.text


def _node_name(node: Any) -> str:
    name = getattr(node, "name", node)
    text = getattr(name, "text", None)
    return text if isinstance(text, str) else str(node)


def _versions_and_nodes(cluster: ast.Cluster, snapshot: Snapshot, report: Any) -> None:
    name = cluster.name.text
    live = {node.name: node for node in snapshot.nodes}
    if cluster.nodes:
        declared = {_node_name(node): node for node in cluster.nodes}
        differences = [
            f"{node} is {_declared_version(cluster, declared[node])} in the runbook,"
            f" {live[node].version} live"
            for node in sorted(declared)
            if node in live
            and not _same_version(_declared_version(cluster, declared[node]), live[node].version)
        ]
        problems = [
            f"live node {node} is not declared" for node in sorted(live) if node not in declared
        ]
        problems += [
            f"declared node {node} is not live" for node in sorted(declared) if node not in live
        ]
        for node in sorted(declared):
            roles = getattr(declared[node], "roles", None)
            if roles and node in live and live[node].roles is not None:
                mine = tuple(sorted(getattr(role, "text", str(role)) for role in roles))
                if mine != live[node].roles:
                    problems.append(
                        f"{node} has roles {', '.join(mine)} in the runbook,"
                        f" {', '.join(live[node].roles or ()) or 'none'} live"
                    )
        if problems:
            report(
                "RL404",
                cluster.span,
                f"the nodes of '{name}' differ from the live ones: {'; '.join(problems)}",
            )
    else:
        differences = [
            f"{node.name} runs {node.version}"
            for node in snapshot.nodes
            if not _same_version(cluster.version.text, node.version)
        ]
        if differences:
            differences.insert(0, f"the runbook starts it at {cluster.version.text}")
    if differences:
        report(
            "RL403",
            cluster.span,
            f"'{name}' does not start where the live cluster is: {'; '.join(differences)}",
            f"declare it as live: `{cluster_line(snapshot)}`"
            if cluster.nodes
            else f"declare `version {lowest_version(snapshot.nodes)}`"
            " (the lowest live version) or list the nodes",
        )
