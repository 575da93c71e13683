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

from bisect import bisect_left

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

    def options(
        self, cluster: int, highest: bool, judged: Upgraded | None = None
    ) -> list[list[tuple[Version, ...]]]:
        """Each candidate worst state of the cluster: per node, the versions it can run.

        One candidate per "base" (the versions before the block, or one
        whole-cluster upgrade of the block placed first); in each, a node runs
        its base version or that of one of its node-level upgrades.  The first
        of a node's versions is its worst case: the highest when ``highest``
        (a follower's), else the lowest (a leader's).  ``judged`` is applied last.
        """
        nodes = self.state.nodes[cluster]
        if judged is not None and judged.node is None:
            return [[(judged.version,)] * len(nodes)]
        node_moves: dict[int, list[Version]] = {}
        bases: list[Version | None] = [None]  # None: the versions before the block
        for move in self.moves_of.get(cluster, ()):
            if move is judged:
                continue
            if move.node is None:
                bases.append(move.version)
            else:
                node_moves.setdefault(move.node, []).append(move.version)
        result: list[list[tuple[Version, ...]]] = []
        for base in bases:
            state: list[tuple[Version, ...]] = []
            for i, before in enumerate(nodes):
                if judged is not None and i == judged.node:
                    state.append((judged.version,))
                    continue
                value = before if base is None else base
                choices = {value, *node_moves.get(i, ())}
                state.append(tuple(sorted(choices, reverse=highest)))
            result.append(state)
        return result

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
        for f_state in self.options(follower, True, judged):
            for l_state in self.options(leader, False):
                reason = _broken(f_state, l_state)
                if reason:
                    return reason
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


def _broken(follower: list[tuple[Version, ...]], leader: list[tuple[Version, ...]]) -> str | None:
    """RL204 within one pair of candidate states: some choice of node versions with
    every follower node at least as new as every leader node, and one follower
    node and one leader node outside the matrix.

    The extreme choice first (every follower node at its highest, every leader
    node at its lowest), which the matrix's interval property makes decisive
    within one major.  Across majors it is not (9.0 refuses 8.19, 9.1 accepts
    it), so then each node's other versions are tried, one node at a time with
    every other node at its extreme, which leaves the most room.  Compatibility
    across majors depends on major.minor only: one candidate per major.minor.
    """
    hi = [choices[0] for choices in follower]
    lo = [choices[0] for choices in leader]
    f_low, l_high = min(hi), max(lo)
    if f_low < l_high:
        return None  # no choice makes every follower node as new as every leader node
    verdict = compatibility(max(hi), min(lo))
    if not verdict.ok:
        return verdict.reason
    f_best = _best(follower, hi, True)
    l_best = _best(leader, lo, False)
    for f_room, f_version in f_best.values():
        for l_room, l_version in l_best.values():
            if f_room >= l_room and f_version.major != l_version.major:
                verdict = compatibility(f_version, l_version)
                if not verdict.ok:
                    return verdict.reason
    return None


def _best(
    state: list[tuple[Version, ...]], extreme: list[Version], follower: bool
) -> dict[tuple[int, int], tuple[Version, Version]]:
    """Per major.minor a node can run: (the cluster's resulting lowest node version
    for a follower, highest for a leader, at its most favourable; that version)."""
    # The rest of the cluster at its extreme, without node i: from the two
    # most constraining extremes, so that each node costs O(1).
    ranked = sorted(range(len(extreme)), key=lambda i: extreme[i], reverse=not follower)[:2]
    best: dict[tuple[int, int], tuple[Version, Version]] = {}
    for i, choices in enumerate(state):
        others = [extreme[j] for j in ranked if j != i][:1]
        for version in choices:
            room = version
            if others:
                room = min(version, others[0]) if follower else max(version, others[0])
            key = (version.major, version.minor)
            found = best.get(key)
            if found is None or (room > found[0] if follower else room < found[0]):
                best[key] = (room, version)
    return best
