"""The one read-only view of the state the rules judge, in two implementations.

``ExactView`` is the state as the actions run one after another.  In a
`parallel` block the rules see ``worstcase.BlockView`` instead: the worst state
some order of the block's actions can produce.  Both answer the same
questions, so each rule's condition is written once.

When the questions are asked:
* after an upgrade, for the upgrade (``judged``) in place;
* before a pause or a resume is applied (``besides`` is that action);
* at the start and at the end, on the exact state.
"""

from __future__ import annotations

from runbook_lint.model.versions import compatibility

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.check.events import Switched, Upgraded
    from runbook_lint.check.state import State
    from runbook_lint.model.topology import Topology
    from runbook_lint.model.versions import Version
    from runbook_lint.syntax.ast import Span


class ExactView:
    exact = True  # the rules' wording: "runs" here, "may run" in a block

    __slots__ = ("_state", "topology")

    def __init__(self, state: State) -> None:
        self._state = state
        self.topology: Topology = state.topology

    # -- relations -------------------------------------------------------------

    def may_be_active(self, r: int, besides: Switched | None = None) -> bool:
        return self._state.active[r]

    def may_be_paused(self, r: int, besides: Switched | None = None) -> bool:
        return not self._state.active[r]

    def active_in_group(self, group: int) -> list[int]:
        state = self._state
        if not state.group_active[group]:
            return []
        listed = state.group_listed[group]
        if listed is None:
            listed = [r for r in self.topology.group_relations[group] if state.active[r]]
            state.group_listed[group] = listed
        return listed  # shared: callers only read it

    def group_varies(self, group: int) -> bool:
        """The group's nodes are not all on one version."""
        return not self._state.group_uniform(group)

    # -- versions --------------------------------------------------------------

    def lowest(self, cluster: int) -> Version:
        return self._state.low[cluster]

    def highest(self, cluster: int, judged: Upgraded | None = None) -> Version:
        return self._state.high[cluster]

    def current_low(self, cluster: int) -> Version:
        """The lowest version the state holds now (inside a block: before it)."""
        return self._state.low[cluster]

    def incompatible(
        self, follower: int, leader: int, judged: Upgraded | None = None
    ) -> str | None:
        """RL204's condition: a follower not older than its leader but outside the matrix."""
        state = self._state
        if state.low[follower] < state.high[leader]:
            return None  # older: RL201/RL203's business
        newest, oldest = state.high[follower], state.low[leader]
        if newest.major == oldest.major:
            return None  # within one major a follower not older is compatible (the common case)
        verdict = compatibility(newest, oldest)
        if not verdict.ok:
            return verdict.reason
        # Across majors the versions a follower accepts are not an interval
        # (9.0 refuses 8.19 leaders, 9.1 accepts them): every pair of the
        # versions the nodes run is judged.  A cluster runs few distinct
        # versions at once, and at most as many as there are releases.
        for f in self._versions(follower):
            for ld in self._versions(leader):
                verdict = compatibility(f, ld)
                if not verdict.ok:
                    return verdict.reason
        return None

    def _versions(self, cluster: int) -> Sequence[Version]:
        counts = self._state.counts[cluster]
        return sorted(counts) if counts is not None else (self._state.low[cluster],)

    # -- node order (RL309) ----------------------------------------------------

    def behind(self, judged: Upgraded) -> tuple[list[int], int]:
        """The nodes of the judged node's cluster that Elastic's order puts before
        it and that run a version below its target: the first few, and how many."""
        ranks = self._state.ranks[judged.cluster]
        if ranks is None or judged.node is None:
            return [], 0
        before = ranks.rank[judged.node]
        if before is None:
            return [], 0  # a node without roles takes no part
        return ranks.below(before, judged.version)

    # -- the end ---------------------------------------------------------------

    def nodes(self, cluster: int) -> Sequence[Version]:
        return self._state.nodes[cluster]

    def last_pause(self, r: int) -> Span | None:
        return self._state.last_pause[r]
