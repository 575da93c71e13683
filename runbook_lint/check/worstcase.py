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

Over ~300 lines on purpose: every question the rules ask (relations, versions,
RL204, RL309) answered for a block in one view, which the reference model
checks as a whole; RL204 across majors is ``crossmajor.py``'s.
"""

from __future__ import annotations

from bisect import bisect_left

from runbook_lint.check.crossmajor import CrossMajor, broken
from runbook_lint.check.ranks import LISTED, RANKS
from runbook_lint.model.versions import Version, compatibility

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

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
        self._lowered: dict[int, _Lowered] = {}
        self._crossing: dict[tuple[int, bool], CrossMajor] = {}
        self._extents: dict[int, _Extent] = {}
        self._verdicts: dict[tuple[int, int, tuple[int | None, Version] | None], str | None] = {}

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
        if cluster not in self.moves_of:
            return self.state.low[cluster]  # the block does not upgrade it
        return self._extent(cluster).low

    def current_low(self, cluster: int) -> Version:
        """The lowest version before the block."""
        return self.state.low[cluster]

    def highest(self, cluster: int, judged: Upgraded | None = None) -> Version:
        """The highest node version the cluster can show, right after ``judged`` if given."""
        if judged is None:
            if cluster not in self.moves_of:
                return self.state.high[cluster]
            return self._extent(cluster).high
        if judged.node is None:
            return judged.version  # every node was just set to it
        return self._extent(cluster).highest_after(judged.node, judged.version)

    def _extent(self, cluster: int) -> _Extent:
        found = self._extents.get(cluster)
        if found is None:
            found = self._extents[cluster] = _Extent(
                self.state, cluster, self.moves_of.get(cluster, ())
            )
        return found

    def behind(self, judged: Upgraded) -> tuple[list[int], int]:
        """RL309's worst case: the nodes ranked before the judged node that run a
        version below its target in some order of the block.

        A node's version just before the judged action is its version before
        the block, or that of any one upgrade of the block that sets it (placed
        last before the judged one): its lowest is the least of those.  So a
        whole-cluster upgrade of the block below the target puts every node
        ranked before behind; otherwise a node is behind when it ran a lower
        version before the block, or a node-level upgrade of the block takes it
        lower (``_Lowered``).
        """
        ranks = self.state.ranks[judged.cluster]
        if ranks is None or judged.node is None:
            return [], 0
        before = ranks.rank[judged.node]
        if before is None:
            return [], 0
        lowered = self._lowered.get(judged.cluster)
        if lowered is None:
            lowered = _Lowered(self.state, judged.cluster, self.moves_of.get(judged.cluster, ()))
            self._lowered[judged.cluster] = lowered
        version = judged.version
        if lowered.whole is not None and lowered.whole < version:
            return ranks.ranked_before(before)
        shown, count = ranks.below(before, version)
        extra = lowered.count(before, version)
        if extra:
            count += extra
            if len(shown) < LISTED:
                shown.extend(lowered.nodes(before, version, LISTED - len(shown)))
        return shown, count

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
        # Relations of one pair (an index each) ask the same question: once.
        key = (follower, leader, None if judged is None else (judged.node, judged.version))
        if key in self._verdicts:
            return self._verdicts[key]
        pair = broken(self._cross(follower, True).best(judged), self._cross(leader, False).best())
        reason = None if pair is None else compatibility(*pair).reason
        self._verdicts[key] = reason
        return reason

    def _cross(self, cluster: int, follower: bool) -> CrossMajor:
        """The cluster's side of RL204 across majors, built once per block and side."""
        key = (cluster, follower)
        found = self._crossing.get(key)
        if found is None:
            moves = self.moves_of.get(cluster, ())
            found = self._crossing[key] = CrossMajor(self.state.nodes[cluster], moves, follower)
        return found


_After = tuple[list[tuple["Version", int]], "Version | None", list[tuple["Version", int]]]


class _Extent:
    """A cluster's lowest and highest node version over the orders of one block.

    Computed once per block, so that each judged upgrade asks in O(1): the
    highest right after a node-level upgrade is the largest of its version, the
    other nodes' versions before the block, the block's whole-cluster upgrades
    (when the cluster has another node for them to set), and the node-level
    upgrades of other nodes (two per side are kept, so one node can be left out).
    Those are gathered only when a node-level upgrade first asks: most clusters
    of a block are upgraded once, as a whole.
    """

    __slots__ = ("low", "high", "_state", "_cluster", "_moves", "_after")

    def __init__(self, state: State, cluster: int, moves: Sequence[Upgraded]) -> None:
        low, high = state.low[cluster], state.high[cluster]
        for move in moves:
            v = move.version
            if v < low:
                low = v
            if v > high:
                high = v
        self.low, self.high = low, high
        self._state, self._cluster, self._moves = state, cluster, moves
        # (the two highest nodes before the block, the highest whole-cluster
        # upgrade, the two nodes with the highest node-level upgrade): empty until asked.
        self._after: _After = ([], None, [])

    def _gathered(self) -> _After:
        nodes = self._state.nodes[self._cluster]
        whole: Version | None = None
        by_node: dict[int, Version] = {}
        for move in self._moves:
            v = move.version
            if move.node is None:
                if len(nodes) > 1 and (whole is None or v > whole):
                    whole = v  # it also sets a node that the judged one does not overwrite
            else:
                found = by_node.get(move.node)
                if found is None or v > found:
                    by_node[move.node] = v
        before = sorted(((v, i) for i, v in enumerate(nodes)), reverse=True)[:2]
        moved = sorted(((v, i) for i, v in by_node.items()), reverse=True)[:2]
        return before, whole, moved

    def highest_after(self, node: int, version: Version) -> Version:
        if not self._after[0]:
            self._after = self._gathered()
        before, whole, moved = self._after
        candidates = [version, _other_than(before, node), _other_than(moved, node), whole]
        return max(v for v in candidates if v is not None)


def _other_than(top: list[tuple[Version, int]], node: int) -> Version | None:
    """The highest version of the top two (version, node) pairs that is not ``node``'s."""
    for v, i in top:
        if i != node:
            return v
    return None


class _Lowered:
    """What a block's upgrades of one cluster can do to its ranked nodes (RL309).

    ``whole``: the lowest version of the block's whole-cluster upgrades of it.
    Per rank, of the nodes that node-level upgrades of the block name: their
    lowest possible version (before the block, or an upgrade's) and their
    version before the block, each sorted, so that how many such nodes a node
    upgrade to V finds behind only because of the block is two bisections per
    rank: those whose lowest is below V but whose version before was not.
    """

    __slots__ = ("whole", "low", "pre", "_touched", "_state", "_cluster")

    def __init__(self, state: State, cluster: int, moves: Sequence[Upgraded]) -> None:
        self._state = state
        self._cluster = cluster
        ranks = state.ranks[cluster]
        assert ranks is not None
        nodes = state.nodes[cluster]
        self.whole: Version | None = None
        lowest: dict[int, Version] = {}
        for move in moves:
            if move.node is None:
                if self.whole is None or move.version < self.whole:
                    self.whole = move.version
            elif ranks.rank[move.node] is not None:
                found = lowest.get(move.node, nodes[move.node])
                if move.version < found:
                    lowest[move.node] = move.version
        self._touched = lowest  # the nodes an upgrade of the block takes lower
        self.low: list[list[Version]] = [[] for _ in range(RANKS)]
        self.pre: list[list[Version]] = [[] for _ in range(RANKS)]
        for node, version in lowest.items():
            r = ranks.rank[node]
            assert r is not None
            self.low[r].append(version)
            self.pre[r].append(nodes[node])
        for r in range(RANKS):
            self.low[r].sort()
            self.pre[r].sort()

    def count(self, before: int, version: Version) -> int:
        """Nodes ranked before ``before`` behind ``version`` only through the block."""
        return sum(
            bisect_left(self.low[r], version) - bisect_left(self.pre[r], version)
            for r in range(before)
        )

    def nodes(self, before: int, version: Version, limit: int) -> list[int]:
        """Up to ``limit`` of those nodes (only when a diagnostic names them)."""
        ranks = self._state.ranks[self._cluster]
        assert ranks is not None
        nodes = self._state.nodes[self._cluster]
        found: list[int] = []
        for node, low in self._touched.items():
            r = ranks.rank[node]
            if r is not None and r < before and low < version <= nodes[node]:
                found.append(node)
                if len(found) == limit:
                    break
        return found
