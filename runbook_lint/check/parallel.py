"""Checking a `parallel` block without enumerating its orders.

The actions of a block may run in any order; an action gets a diagnostic when at
least one order gives it one.  An order puts some subset P of the other actions
before the action judged, in some order of its own.  Because every rule below is
monotone — a follower lower, a leader higher, a relation active (or paused) only
make it fire more — it is enough to find, per relation, the worst state that
some P can produce:

* a node can end P on its version before the block, or on the version of any
  single upgrade of the block that names it (put that upgrade last in P);
* within one cluster the choices are coupled only through whole-cluster
  upgrades: after P, every node runs either its own version "base" — the
  version before the block, or that of one whole-cluster upgrade w in P — or
  the version of one of its node-level upgrades placed after w.  So per base
  there is one highest and one lowest state (each node at its highest or lowest
  choice), and the worst case is one of those few states;
* a relation can be active before the action when it was active before the
  block, or when some resume of the block names it; paused likewise.  Pauses,
  resumes and upgrades touch disjoint things, so the worst cases combine.

The order-independent rules (RL101, RL105, RL106, RL301-RL303, RL308) are judged
on the state before the block.  Afterwards the state is that of the block's
actions applied in file order.  The whole costs time near-linear in the block's
size; tests/test_parallel_reference.py checks it against brute force.
"""

from __future__ import annotations

from runbook_lint.model.versions import Version, compatibility
from runbook_lint.records import record
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Collection

    from runbook_lint.check.checker import Checker


@record(frozen=False)
class _Move:
    statement: ast.Upgrade
    cluster: int
    node: int | None
    version: Version


@record(frozen=False)
class _Switch:
    statement: ast.Pause | ast.Resume
    relations: Collection[int]  # a range (for `all`), else a set of relation indices
    everything: bool  # `pause all` / `resume all`


class _Block:
    """What the block's actions can do, precomputed once."""

    def __init__(self, checker: Checker, moves: list[_Move], switches: list[_Switch]) -> None:
        self.checker = checker
        self.state = checker.state
        self.topology = checker.topology
        self.moves_of: dict[int, list[_Move]] = {}
        for move in moves:
            self.moves_of.setdefault(move.cluster, []).append(move)
        self.pause_all = 0
        self.resume_all = 0
        self.paused_by: dict[int, int] = {}  # relation -> explicit pauses naming it
        self.resumed_by: dict[int, int] = {}
        for switch in switches:
            is_pause = type(switch.statement) is ast.Pause
            if switch.everything:
                if is_pause:
                    self.pause_all += 1
                else:
                    self.resume_all += 1
                continue
            counter = self.paused_by if is_pause else self.resumed_by
            for r in switch.relations:
                counter[r] = counter.get(r, 0) + 1
        self._group_active: dict[int, list[int]] = {}
        self._group_varies: dict[int, bool] = {}

    # -- relations ---------------------------------------------------------

    def may_be_active(self, r: int, besides: _Switch | None = None) -> bool:
        """Active before the judged action in some order (``besides`` is that action)."""
        return self.state.active[r] or self._other(r, besides, self.resume_all, self.resumed_by)

    def may_be_paused(self, r: int, besides: _Switch | None = None) -> bool:
        return not self.state.active[r] or self._other(r, besides, self.pause_all, self.paused_by)

    @staticmethod
    def _other(r: int, besides: _Switch | None, everything: int, explicit: dict[int, int]) -> bool:
        count = everything + explicit.get(r, 0)
        if besides is not None and (besides.everything or r in besides.relations):
            count -= 1
        return count > 0

    def group_may_be_active(self, group: int) -> list[int]:
        found = self._group_active.get(group)
        if found is None:
            found = [r for r in self.topology.group_relations[group] if self.may_be_active(r)]
            self._group_active[group] = found
        return found

    def group_may_vary(self, group: int) -> bool:
        """Some order leaves the group's nodes on more than one version."""
        varies = self._group_varies.get(group)
        if varies is None:
            versions = self.state.group_versions[group]
            if len(versions) > 1:
                varies = True
            else:
                (common,) = versions
                varies = any(
                    move.version != common
                    for member in self.topology.groups[group]
                    for move in self.moves_of.get(member, ())
                )
            self._group_varies[group] = varies
        return varies

    # -- versions ------------------------------------------------------------

    def lowest(self, cluster: int) -> Version:
        """The lowest node version the cluster can show in some order."""
        low = self.state.low[cluster]
        for move in self.moves_of.get(cluster, ()):
            if move.version < low:
                low = move.version
        return low

    def highest(self, cluster: int, judged: _Move | None = None) -> Version:
        """The highest node version the cluster can show, right after ``judged`` if given."""
        if judged is None:
            high = self.state.high[cluster]
            for move in self.moves_of.get(cluster, ()):
                if move.version > high:
                    high = move.version
            return high
        if judged.node is None:
            return judged.version  # every node was just set to it
        nodes = self.state.nodes[cluster]
        high = judged.version
        for i, version in enumerate(nodes):
            if i != judged.node and version > high:
                high = version
        for move in self.moves_of.get(cluster, ()):
            if move is judged or move.version <= high:
                continue
            if move.node is None:
                if len(nodes) > 1:  # it also sets a node that `judged` does not overwrite
                    high = move.version
            elif move.node != judged.node:
                high = move.version
        return high

    def extremes(
        self, cluster: int, highest: bool, judged: _Move | None = None
    ) -> list[tuple[Version, Version]]:
        """(lowest, highest) node version of each candidate worst state of the cluster.

        ``highest`` asks for the states with every node as high as it can be (a
        follower's worst case), else as low (a leader's).  ``judged`` is applied
        last when given.
        """
        if judged is not None and judged.node is None:
            return [(judged.version, judged.version)]
        pick = max if highest else min
        nodes = self.state.nodes[cluster]
        node_moves: dict[int, list[Version]] = {}
        bases: list[Version | None] = [None]  # None: the versions before the block
        for move in self.moves_of.get(cluster, ()):
            if move is judged:
                continue
            if move.node is None:
                bases.append(move.version)
            else:
                node_moves.setdefault(move.node, []).append(move.version)
        result: list[tuple[Version, Version]] = []
        for base in bases:
            values: list[Version] = []
            for i, before in enumerate(nodes):
                value = before if base is None else base
                if i in node_moves:
                    value = pick(value, pick(node_moves[i]))
                if judged is not None and i == judged.node:
                    value = judged.version
                values.append(value)
            result.append((min(values), max(values)))
        return result

    def incompatible(self, follower: int, leader: int, judged: _Move | None = None) -> str | None:
        """RL204's worst case: a follower not older than its leader but outside the matrix."""
        # Shortcut: the newest follower version any order can show against the
        # oldest leader version.  Compatible there means compatible everywhere,
        # since the versions a leader allows form an interval [L, hi(L)] with hi
        # non-decreasing (tests/test_versions.py checks that of the data).
        # The split column (9.0 followers refuse 8.19 leaders, 9.1+ accept them)
        # is the one exception to that interval, so across majors the shortcut
        # is not safe: there every pair of extremes is judged. Within one major
        # every pair with the follower not older is compatible.
        newest, oldest = self.highest(follower), self.lowest(leader)
        if newest < oldest or (newest.major == oldest.major and compatibility(newest, oldest).ok):
            return None
        for f_low, f_high in self.extremes(follower, True, judged):
            for l_low, l_high in self.extremes(leader, False):
                if f_low >= l_high:
                    verdict = compatibility(f_high, l_low)
                    if not verdict.ok:
                        return verdict.reason
        return None


def check_parallel(checker: Checker, block: ast.Parallel) -> None:
    state = checker.state
    topology = checker.topology
    moves: list[_Move] = []
    switches: list[_Switch] = []
    ordered: list[_Move | _Switch] = []
    upgraded: set[int] = set()
    # Order-independent rules, on the state before the block.
    for action in block.body:
        if type(action) is ast.Upgrade:
            resolved = checker.resolve_upgrade(action)
            if resolved is None:
                continue
            move = _Move(action, *resolved)
            checker.judge_move(
                action, move.cluster, move.node, move.version, state.nodes[move.cluster]
            )
            if move.cluster in upgraded:
                name = topology.clusters[move.cluster].name
                checker.emit(
                    "RL308",
                    action.span,
                    f"'{name}' is upgraded more than once in this parallel block",
                    ((block.span, "the parallel block starts here"),),
                    "a rolling upgrade takes one node at a time: put these upgrades in a 'step'",
                )
            upgraded.add(move.cluster)
            moves.append(move)
            ordered.append(move)
        elif type(action) is ast.Pause or type(action) is ast.Resume:
            relations = checker.resolve_relations(action)
            if relations is None:
                continue
            switch = _Switch(action, relations, action.relation is None)
            if not switch.everything:
                switch.relations = set(relations)
            switches.append(switch)
            ordered.append(switch)

    possible = _Block(checker, moves, switches)
    for item in ordered:
        if isinstance(item, _Move):
            _judge_upgrade(checker, possible, item)
        elif type(item.statement) is ast.Pause:
            _judge_pause(checker, possible, item)
        else:
            _judge_resume(checker, possible, item)

    # The state after the block: its actions applied in file order.
    for item in ordered:
        if isinstance(item, _Move):
            state.move(item.cluster, item.node, item.version)
        else:
            active = type(item.statement) is ast.Resume
            for r in item.relations:
                state.set_active(r, active, item.statement.span)


def _judge_upgrade(checker: Checker, possible: _Block, move: _Move) -> None:
    topology = checker.topology
    cluster = topology.clusters[move.cluster]
    if cluster.group is not None:
        active = possible.group_may_be_active(cluster.group)
        if active:
            checker.bidirectional_active(move.statement, cluster, active)
    high = None
    for r in cluster.leads:
        relation = topology.relations[r]
        if relation.group is not None or not possible.may_be_active(r):
            continue
        if high is None:
            high = possible.highest(move.cluster, move)
        low = possible.lowest(relation.follower)
        if low < high:
            checker.leader_first(move.statement, relation, low, high)
    for r in cluster.follows:
        if possible.may_be_active(r):
            relation = topology.relations[r]
            reason = possible.incompatible(move.cluster, relation.leader, move)
            if reason:
                checker.incompatible(move.statement.span, relation, reason)


def _judge_pause(checker: Checker, possible: _Block, switch: _Switch) -> None:
    relation = switch.statement.relation
    if relation is None:  # `pause all`: switch.everything
        return
    if all(possible.may_be_paused(r, switch) for r in switch.relations):
        checker.emit(
            "RL307",
            switch.statement.span,
            f"'{relation.describe()}' is already paused in some order of this block",
            help="remove this pause, or move it out of the parallel block",
        )


def _judge_resume(checker: Checker, possible: _Block, switch: _Switch) -> None:
    topology = checker.topology
    named = switch.statement.relation  # None for `resume all`: switch.everything
    if named is not None and all(possible.may_be_active(r, switch) for r in switch.relations):
        checker.emit(
            "RL307",
            switch.statement.span,
            f"'{named.describe()}' is already active in some order of this block",
            help="remove this resume, or move it out of the parallel block",
        )
    early: list[tuple[int, str]] = []
    for r in sorted(switch.relations):
        if not possible.may_be_paused(r):
            continue  # this resume never turns it on
        relation = topology.relations[r]
        follower, leader = relation.follower, relation.leader
        low, high = possible.lowest(follower), possible.highest(leader)
        if low < high:
            early.append(
                (
                    r,
                    f"follower '{topology.clusters[follower].name}' may run {low}, older than "
                    f"leader '{topology.clusters[leader].name}' on {high}",
                )
            )
        elif relation.group is not None and possible.group_may_vary(relation.group):
            early.append((r, "its bi-directional group may not yet be on one version"))
        reason = possible.incompatible(follower, leader)
        if reason:
            checker.incompatible(switch.statement.span, relation, reason)
    if early:
        checker.resumed_too_early(switch.statement, early)
