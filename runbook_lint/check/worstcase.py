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
actions applied in file order (``simulation.py``).  The whole costs time
near-linear in the block's size; tests/test_parallel_reference.py checks it
against brute force.

``BlockView`` answers the questions of ``view.ExactView`` with these worst cases.
"""

from __future__ import annotations

from runbook_lint.model.versions import Version, compatibility

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.events import Block, Switched, Upgraded
    from runbook_lint.check.state import State
    from runbook_lint.model.topology import Topology


class BlockView:
    """What the block's actions can do, precomputed once; the rules' view inside it."""

    exact = False

    def __init__(self, state: State, block: Block) -> None:
        self.state = state
        self.topology: Topology = state.topology
        moves, switches = block.moves, block.switches
        self.moves_of: dict[int, list[Upgraded]] = {}
        for move in moves:
            self.moves_of.setdefault(move.cluster, []).append(move)
        self.pause_all = 0
        self.resume_all = 0
        self.paused_by: dict[int, int] = {}  # relation -> explicit pauses naming it
        self.resumed_by: dict[int, int] = {}
        for switch in switches:
            is_pause = switch.pauses
            if switch.everything:
                if is_pause:
                    self.pause_all += 1
                else:
                    self.resume_all += 1
                continue
            counter = self.paused_by if is_pause else self.resumed_by
            for r in switch.members:
                counter[r] = counter.get(r, 0) + 1
        self._group_active: dict[int, list[int]] = {}
        self._group_varies: dict[int, bool] = {}

    # -- relations ---------------------------------------------------------

    def may_be_active(self, r: int, besides: Switched | None = None) -> bool:
        """Active before the judged action in some order (``besides`` is that action)."""
        return self.state.active[r] or self._other(r, besides, self.resume_all, self.resumed_by)

    def may_be_paused(self, r: int, besides: Switched | None = None) -> bool:
        return not self.state.active[r] or self._other(r, besides, self.pause_all, self.paused_by)

    @staticmethod
    def _other(r: int, besides: Switched | None, everything: int, explicit: dict[int, int]) -> bool:
        count = everything + explicit.get(r, 0)
        if besides is not None and (besides.everything or r in besides.members):
            count -= 1
        return count > 0

    def active_in_group(self, group: int) -> list[int]:
        found = self._group_active.get(group)
        if found is None:
            found = [r for r in self.topology.group_relations[group] if self.may_be_active(r)]
            self._group_active[group] = found
        return found

    def group_varies(self, group: int) -> bool:
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

    def current_low(self, cluster: int) -> Version:
        """The lowest version before the block."""
        return self.state.low[cluster]

    def highest(self, cluster: int, judged: Upgraded | None = None) -> Version:
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
        self, cluster: int, highest: bool, judged: Upgraded | None = None
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

    def incompatible(
        self, follower: int, leader: int, judged: Upgraded | None = None
    ) -> str | None:
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
