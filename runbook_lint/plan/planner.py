"""The planner: from a topology to a correct upgrade plan (``runbook-lint plan``).

Pure functions from a ``model.Topology`` (plus the target, the ``--via``
versions and ``--parallel``) to a ``Plan``: stages (hops), steps, upgrades,
pauses, resumes, notes and parallel blocks. Rendering the plan as a runbook or
as Markdown is the templates' job (``commands/plan.py``); all the reasoning is
here. Version knowledge comes from ``versions`` only (``hops``,
``upgrade_path``, ``compatibility``); nothing here knows a version number.

The design, and why it is correct
=================================

Order within a hop. Clusters that can reach each other along the relations
(leader -> follower) form a bi-directional group; collapsing each group to one
node leaves a DAG (the condensation). Every *component* (a group, or a cluster
in no group) gets a *level*: 0 when none of its followers outside it moves in
this hop, else one more than the highest level among those followers. Levels
are upgraded in increasing order, so every follower is upgraded before its
leader, and a chain A <- B <- C goes C, B, A. Within a level, components go in
declaration order. Two components on one level have no relation path between
them, which is what makes ``--parallel`` safe (below).

Hops, aligned by version. Each cluster's own route to the target is
``versions.hops(start, target, via)``: the latest patch of each minor it
must pass through that came out no later than the next hop, then the target
(every node's own start is checked against the target the same way). The *stage versions* V1 < ... < Vn are the
union of every cluster's route, and stage k is "Vk": every cluster that must,
moves to Vk, and every cluster finishes stage k before any cluster starts stage
k+1. Which clusters must? Let own(c, k) be the highest version of c's own route
that is <= Vk (its start if none). A component's version after stage k is

    t(C, k) = max(own(C, k), t(L, k) for every leader component L of C)

computed leaders first. So a follower is never left older than its leader at
the end of a stage, even when it starts higher and needs fewer hops: a 7.17.24
follower of a 7.16.3 leader goes to 7.17.29 in the stage where its leader does
(the stage's version, not the cluster's hop count, decides), while an unrelated
7.17.24 cluster skips that stage and saves a rolling upgrade. Every version a
cluster moves to is Vk itself, and the proof that nothing breaks is:

* end of stage k: t(F, k) >= t(L, k) for every relation, by construction;
* during stage k, followers go first: when a leader moves to Vk its followers
  already run t(F, k) >= Vk (no RL201); when a follower moves to Vk its leader
  still runs t(L, k-1) <= Vk, and Vk is reachable from the leader's minor, so
  by the data (an upgrade path is always a compatible follower/leader pair,
  and compatibility is monotonic, see ``versions.compatibility``) the pair is
  compatible (no RL204);
* a start that already breaks following is refused (``PlanError``) before any
  of this.

``plan`` also simulates its own result and checks every move with
``upgrade_path`` and every relation with ``compatibility``: should a strange
``--via`` defeat the argument above, the command says so (exit status 2) rather
than writing a wrong runbook. tests/test_plan.py checks the whole by linting the
plans of random topologies: no diagnostic at all.

Pauses: per hop, not across all hops. A bi-directional group's relations (index
and auto-follow) are paused just before the group's first upgrade *in each
hop* and resumed just after its last upgrade of that hop, when every cluster of
the group runs that hop's version (RL203 allows it: one version everywhere in
the group). A pause spanning all hops would last until every other cluster of
the topology had finished every hop — easily longer than the leader's
soft-deletes retention lease (12 hours by default), after which a paused
follower must be re-created. Per hop, a pause lasts only as long as the group's
own rolling upgrades. No relation outside a group is ever paused: the order
alone keeps uni-directional following valid. Auto-follow patterns are paused
first (so no new follower index appears after the indices were paused) and
resumed last.

A pause names its relation exactly as declared. A pause of an unqualified
relation (``b follows a``) covers every relation of that pair, so a pair with an
unqualified relation gets one statement (``pause b follows a``) rather than a
second explicit one that would find its relation already paused (RL307).

Rolling upgrades: a cluster that declares ``nodes`` is upgraded node by node
(``upgrade C node N to V``), with a health note between nodes.

``--parallel``: one step per level of each hop. A ``parallel`` block may not
hold two upgrades of one cluster (RL308: a rolling upgrade takes one node at a
time), so a level is upgraded in *rounds*: round r is one parallel block
holding the r-th upgrade of every cluster of the level — its r-th node, or the
whole cluster in round 1 — so rolling upgrades of independent clusters advance
side by side, one node of each at a time. The clusters of a group sit in the
same rounds (their relations are paused before round 1); a group's relations
are resumed right after the round that finishes the group. A block that would
hold one upgrade is written as a plain upgrade.

Over 300 lines on purpose: the argument above is about all of it (levels,
stages, the schedule, the parallel steps); the plan's records are in
``model.py`` and its check, the simulation, in ``verify.py``.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

from runbook_lint.model.ccr_api import PATTERN_PAUSE_SINCE
from runbook_lint.model.roles import upgrade_order
from runbook_lint.model.topology import ClusterModel, Topology
from runbook_lint.model.versions import (
    NoUpgradePath,
    Version,
    compatibility,
    hops,
)
from runbook_lint.plan.model import (
    Action,
    Note,
    Parallel,
    Plan,
    PlanError,
    PlannedCluster,
    RelationRef,
    Stage,
    Step,
    Switch,
    Upgrade,
)

PATTERN_PAUSE = Version(*PATTERN_PAUSE_SINCE)

__all__ = [
    "HEALTH_NOTE",
    "Note",
    "Parallel",
    "Plan",
    "PlanError",
    "PlannedCluster",
    "RelationRef",
    "Stage",
    "Step",
    "Switch",
    "Upgrade",
    "plan",
]

HEALTH_NOTE = "wait for green cluster health on {cluster} before the next node"


def _ref(topology: Topology, r: int) -> RelationRef:
    relation = topology.relations[r]
    return RelationRef(
        topology.clusters[relation.follower].name,
        topology.clusters[relation.leader].name,
        relation.kind,
        relation.label,
    )


def check_start(topology: Topology) -> None:
    """PlanError when the declared versions already break following (RL204 at the start)."""
    for relation in topology.relations:
        follower = topology.clusters[relation.follower]
        leader = topology.clusters[relation.leader]
        # A cluster's nodes may start on several versions: its lowest against the leader's highest.
        verdict = compatibility(min(follower.starts), max(leader.starts))
        if not verdict.ok:
            raise PlanError(
                f"'{relation.describe()}' already breaks following as declared: {verdict.reason}; "
                "correct the declared versions first"
            )


class _Components:
    """The condensation of the topology: groups and lone clusters, leaders -> followers."""

    def __init__(self, topology: Topology) -> None:
        of: dict[int, int] = {}
        members: list[tuple[int, ...]] = []
        group_component: dict[int, int] = {}
        for cluster in topology.clusters:
            if cluster.group is None:
                of[cluster.index] = len(members)
                members.append((cluster.index,))
            elif cluster.group in group_component:
                of[cluster.index] = group_component[cluster.group]
            else:
                group_component[cluster.group] = len(members)
                of[cluster.index] = len(members)
                members.append(tuple(topology.groups[cluster.group]))
        self.of = of
        self.members = members
        self.group = [topology.clusters[m[0]].group for m in members]
        self.followers: list[set[int]] = [set() for _ in members]
        self.leaders: list[set[int]] = [set() for _ in members]
        for relation in topology.relations:
            f, lead = of[relation.follower], of[relation.leader]
            if f != lead:
                self.followers[lead].add(f)
                self.leaders[f].add(lead)
        self.leaders_first = self._leaders_first()

    def _leaders_first(self) -> list[int]:
        """A topological order of the components, leaders before followers (Kahn, stable)."""
        waiting = [len(ls) for ls in self.leaders]
        # Components are numbered in the order of their first cluster: a heap of
        # numbers gives the same order as sorting by declaration.
        ready = [c for c in range(len(self.members)) if waiting[c] == 0]
        heapq.heapify(ready)
        order: list[int] = []
        while ready:
            c = heapq.heappop(ready)
            order.append(c)
            for f in self.followers[c]:
                waiting[f] -= 1
                if waiting[f] == 0:
                    heapq.heappush(ready, f)
        assert len(order) == len(self.members), "the condensation has a cycle"
        return order


def _routes(topology: Topology, target: Version, via: Sequence[Version]) -> list[list[Version]]:
    routes = []
    for cluster in topology.clusters:
        try:
            routes.append(hops(min(cluster.starts), target, list(via)))
            # A node ahead of the cluster's lowest must reach the target too: a
            # target released before that node's version is refused here, with
            # the reason, rather than as an RL303 the guard finds in the plan.
            for start in sorted(set(cluster.starts))[1:]:
                hops(start, target, list(via))
        except NoUpgradePath as error:
            raise PlanError(f"cluster '{cluster.name}': {error.reason}") from None
    return routes


def _schedule(
    topology: Topology, components: _Components, stages: list[Version], routes: list[list[Version]]
) -> list[list[Version]]:
    """``t[c][k]``: the version of component c after stage k (k = 0: the start)."""
    t: list[list[Version]] = [[] for _ in components.members]
    for c in components.leaders_first:
        first = components.members[c][0]
        start = min(topology.clusters[first].starts)  # its lowest node
        route = routes[first]  # the members of a group share their start, hence their route
        row = [start]
        for version in stages:
            own = max([start, *(v for v in route if v <= version)])
            row.append(max([own, *(t[lead][len(row)] for lead in components.leaders[c])]))
        t[c] = row
    return t


def _levels(components: _Components, moving: set[int]) -> dict[int, int]:
    """Level 0: no moving follower; else one more than the highest moving follower's level."""
    level: dict[int, int] = {}
    for c in reversed(components.leaders_first):  # followers before their leaders
        if c in moving:
            below = [level[f] for f in components.followers[c] if f in moving]
            level[c] = 1 + max(below) if below else 0
    return level


def _switches(
    topology: Topology, relations: Iterable[int], action: str, recreate: bool = False
) -> list[Switch]:
    """The pause (or resume) statements that cover exactly ``relations`` of one group
    (``recreate``: its leaders predate the pattern pause API)."""
    by_pair: dict[tuple[int, int], list[int]] = {}
    for r in relations:
        relation = topology.relations[r]
        by_pair.setdefault((relation.follower, relation.leader), []).append(r)
    pause = action == "pause"

    def api_order(rs: list[int]) -> tuple[RelationRef, ...]:
        autos = [r for r in rs if topology.relations[r].kind == "auto-follow"]
        others = [r for r in rs if topology.relations[r].kind != "auto-follow"]
        ordered = autos + others if pause else others + autos
        return tuple(_ref(topology, r) for r in ordered)

    switches: list[Switch] = []
    for (follower, leader), rs in by_pair.items():
        if any(topology.relations[r].kind is None for r in rs):
            # An unqualified pause covers the whole pair: one statement.
            operand = RelationRef(topology.clusters[follower].name, topology.clusters[leader].name)
            switches.append(Switch(action, operand, api_order(rs), recreate))
        else:
            switches.extend(
                Switch(action, _ref(topology, r), (_ref(topology, r),), recreate) for r in rs
            )

    def rank(switch: Switch) -> int:
        auto = all(ref.kind == "auto-follow" for ref in switch.relations)
        return 0 if auto == pause else 1

    return sorted(switches, key=rank)  # stable: declaration order within a rank


def _rolling(topology: Topology, cluster: int, version: Version) -> list[Upgrade]:
    """The cluster's node upgrades to ``version``: in Elastic's node order (RL309),
    by name within a rank, and only the nodes not already on it or higher (a
    node's own starting version may be ahead of its cluster's)."""
    model = topology.clusters[cluster]
    if not model.declares_nodes:
        return [Upgrade(model.name, None, version)]
    order = upgrade_order(model.roles, model.nodes)
    return [
        Upgrade(model.name, model.nodes[i], version) for i in order if model.starts[i] < version
    ]


def _declared_nodes(cluster: ClusterModel) -> tuple[str, ...]:
    """Each node as the plan declares it: with its roles and its own `version`, so
    that the plan is checked on the same topology (RL309 needs the roles)."""
    versions: dict[str, str] = {}
    for node in cluster.declaration.nodes:
        if node.name.text not in versions and node.version is not None:
            versions[node.name.text] = node.version.text
        versions.setdefault(node.name.text, "")
    out = []
    for name, roles in zip(cluster.nodes, cluster.roles, strict=True):
        attributes = list(roles)
        if versions.get(name):
            attributes.append(f"version {versions[name]}")
        out.append(f"{name} ({', '.join(attributes)})" if attributes else name)
    return tuple(out)


def _names(topology: Topology, clusters: Iterable[int]) -> tuple[str, ...]:
    return tuple(topology.clusters[c].name for c in clusters)


def _title(names: Sequence[str], version: Version, group: bool, rolling: bool) -> str:
    who = ", ".join(names)
    if group:
        who = f"bi-directional group {who}"
    elif len(names) > 1:
        who = f"{who} together"
    return f"{who} to {version}" + (", node by node" if rolling else "")


# What a step is made of: cluster names, bi-directional or not, its actions, its title.
_StepParts = tuple[tuple[str, ...], bool, tuple[Action, ...], str]


def _sequential_step(
    topology: Topology, components: _Components, c: int, version: Version, old: set[int]
) -> _StepParts:
    members = components.members[c]
    group = components.group[c]
    actions: list[Action] = []
    if group is not None:
        actions.extend(_switches(topology, topology.group_relations[group], "pause", group in old))
    for member in members:
        upgrades = _rolling(topology, member, version)
        for i, upgrade in enumerate(upgrades):
            if i:
                actions.append(Note(HEALTH_NOTE.format(cluster=upgrade.cluster)))
            actions.append(upgrade)
    if group is not None:
        actions.extend(_switches(topology, topology.group_relations[group], "resume", group in old))
    names = _names(topology, members)
    rolling = any(topology.clusters[m].declares_nodes for m in members)
    return (
        names,
        group is not None,
        tuple(actions),
        _title(names, version, group is not None, rolling),
    )


def _parallel_step(
    topology: Topology, components: _Components, level: list[int], version: Version, old: set[int]
) -> _StepParts:
    clusters = [m for c in level for m in components.members[c]]
    queues = {m: _rolling(topology, m, version) for m in clusters}
    rounds = max(len(q) for q in queues.values())
    groups = [g for g in (components.group[c] for c in level) if g is not None]
    actions: list[Action] = []
    for group in groups:
        actions.extend(_switches(topology, topology.group_relations[group], "pause", group in old))
    for r in range(rounds):
        upgrades = tuple(queues[m][r] for m in clusters if r < len(queues[m]))
        if len(upgrades) == 1:
            actions.append(upgrades[0])
        else:
            what = ", ".join(u.cluster for u in upgrades)
            title = f"round {r + 1} of {rounds}: {what}" if rounds > 1 else what
            actions.append(Parallel(title, upgrades))
        going_on = [m for m in clusters if r + 1 < len(queues[m])]
        if going_on:
            for m in going_on:
                actions.append(Note(HEALTH_NOTE.format(cluster=topology.clusters[m].name)))
        for group in groups:
            if max(len(queues[m]) for m in topology.groups[group]) == r + 1:
                actions.extend(
                    _switches(topology, topology.group_relations[group], "resume", group in old)
                )
    names = _names(topology, clusters)
    rolling = rounds > 1
    bidirectional = bool(groups)
    if len(level) == 1:
        title = _title(names, version, bidirectional, rolling)
    else:
        title = f"{', '.join(names)} to {version}, in parallel"
        if rolling:
            title += ", one node of each at a time"
    return names, bidirectional, tuple(actions), title


def plan(
    topology: Topology,
    target: Version,
    via: Sequence[Version] = (),
    parallel: bool = False,
) -> Plan:
    """The upgrade plan that takes every cluster of ``topology`` to ``target``.

    ``via``: versions to go through (``--via``), for every cluster they lie
    between its start and the target. PlanError when the start already breaks
    following or some cluster has no supported path to the target.
    """
    check_start(topology)
    routes = _routes(topology, target, via)
    stages = sorted({v for route in routes for v in route})
    components = _Components(topology)
    t = _schedule(topology, components, stages, routes)

    planned_stages: list[Stage] = []
    number = 0
    for k, version in enumerate(stages, start=1):
        moving = {c for c in range(len(components.members)) if t[c][k] > t[c][k - 1]}
        if not moving:
            continue
        level = _levels(components, moving)
        # Groups whose clusters still run a version without the pattern pause API.
        old = {
            group
            for c in moving
            if (group := components.group[c]) is not None and t[c][k - 1] < PATTERN_PAUSE
        }
        ordered = sorted(moving, key=lambda c: (level[c], c))
        made = []
        if parallel:
            for depth in range(max(level.values()) + 1):
                at = [c for c in ordered if level[c] == depth]
                made.append(_parallel_step(topology, components, at, version, old))
        else:
            made = [_sequential_step(topology, components, c, version, old) for c in ordered]
        steps = []
        for names, bidirectional, actions, title in made:
            number += 1
            steps.append(Step(number, title, names, bidirectional, actions))
        planned_stages.append(Stage(len(planned_stages) + 1, version, tuple(steps)))

    clusters = []
    for cluster in topology.clusters:
        c = components.of[cluster.index]
        route = tuple(t[c][k] for k in range(1, len(t[c])) if t[c][k] > t[c][k - 1])
        clusters.append(
            PlannedCluster(
                cluster.name,
                cluster.declaration.version.text,
                cluster.nodes if cluster.declares_nodes else (),
                _declared_nodes(cluster) if cluster.declares_nodes else (),
                cluster.group,
                route,
                cluster.declaration.node_upgrade.text
                if cluster.declaration.node_upgrade is not None
                else None,
            )
        )
    result = Plan(
        target,
        parallel,
        tuple(clusters),
        tuple(_ref(topology, r.index) for r in topology.relations),
        tuple(_ref(topology, r) for rs in topology.group_relations for r in rs),
        tuple(_names(topology, members) for members in topology.groups),
        tuple(planned_stages),
        assume_node_upgrade=_assumed(topology, "node-upgrade"),
        assume_lease=_assumed(topology, "retention-lease"),
    )
    from runbook_lint.plan import timing
    from runbook_lint.plan.verify import verify

    timeline, step_of = verify(topology, result)  # the same simulation as `check`
    raised = timing.raised_lease(result, timeline, step_of)
    if raised is not None:
        result = raised
        timeline, step_of = verify(topology, result)
    return timing.with_times(result, timeline, step_of)


def _assumed(topology: Topology, kind: str) -> str | None:
    """FILE's ``assume KIND D``, as written: the plan declares it too."""
    assumption = topology.assumptions.get(kind)
    return assumption.duration.text if assumption is not None else None
