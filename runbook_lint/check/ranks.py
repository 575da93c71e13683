"""The nodes of one cluster by rolling-upgrade rank and by the version they run.

RL309 asks, at each node upgrade, which nodes ranked before the upgraded one
run a version below its target.  Scanning the cluster's nodes each time made a
rolling upgrade quadratic in its nodes; this index answers in time
proportional to the distinct versions the cluster runs (a handful) plus the
nodes it lists.  It exists only for a cluster that declares roles
(``state.State.ranks``), and the state keeps it up to date as nodes move.
"""

from __future__ import annotations

from runbook_lint.model.roles import RANK_NAMES, rank

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.model.topology import ClusterModel
    from runbook_lint.model.versions import Version

RANKS = len(RANK_NAMES)
LISTED = 10  # nodes a message names; the count says how many in all


class RankIndex:
    __slots__ = ("rank", "members", "buckets")

    def __init__(self, rank_of: Sequence[int | None], versions: Sequence[Version]) -> None:
        self.rank = tuple(rank_of)  # per node; None: it declares no roles
        members: list[list[int]] = [[] for _ in range(RANKS)]
        for node, r in enumerate(self.rank):
            if r is not None:
                members[r].append(node)
        self.members = tuple(tuple(m) for m in members)
        # Per rank: version -> the nodes of that rank running it (a dict, for a
        # deterministic order).
        self.buckets: list[dict[Version, dict[int, None]]] = [{} for _ in range(RANKS)]
        for node, r in enumerate(self.rank):
            if r is not None:
                self.buckets[r].setdefault(versions[node], {})[node] = None

    def moved(self, node: int, old: Version, new: Version) -> None:
        """One node moved from ``old`` to ``new``."""
        r = self.rank[node]
        if r is None or old == new:
            return
        bucket = self.buckets[r]
        running = bucket[old]
        del running[node]
        if not running:
            del bucket[old]
        bucket.setdefault(new, {})[node] = None

    def reset(self, version: Version) -> None:
        """Every node moved to ``version`` (a whole-cluster upgrade)."""
        for r, members in enumerate(self.members):
            self.buckets[r] = {version: dict.fromkeys(members)} if members else {}

    def below(self, before: int, version: Version) -> tuple[list[int], int]:
        """The nodes ranked before ``before`` that run a version below ``version``:
        the first LISTED of them, and how many there are."""
        shown: list[int] = []
        count = 0
        for r in range(before):
            for running, nodes in self.buckets[r].items():
                if running < version:
                    count += len(nodes)
                    if len(shown) < LISTED:
                        for node in nodes:
                            shown.append(node)
                            if len(shown) == LISTED:
                                break
        return shown, count

    def ranked_before(self, before: int) -> tuple[list[int], int]:
        """Every node ranked before ``before``: the first LISTED, and how many."""
        shown: list[int] = []
        count = 0
        for r in range(before):
            members = self.members[r]
            count += len(members)
            shown.extend(members[: LISTED - len(shown)])
        return shown, count


def index_of(cluster: ClusterModel) -> RankIndex | None:
    """The cluster's index, or None when none of its nodes declares a role."""
    if not any(cluster.roles):
        return None
    return RankIndex([rank(roles) for roles in cluster.roles], cluster.starts)
