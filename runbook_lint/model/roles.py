"""Elasticsearch's node roles and Elastic's rolling-upgrade order of them.

The language knows the role names (language.md, "Lexical structure"); an
unknown one is RL108.  ``rank`` puts a node's roles in the order of a rolling
upgrade (RL309, rules.md): data tiers from frozen to hot, other data nodes,
then nodes that are neither data nor master-eligible, master-eligible nodes
last.  The checker (``check/rules/node_order.py``), the planner and
``topology`` all read it from here.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

ROLES = frozenset(
    "master voting_only data data_content data_hot data_warm data_cold data_frozen ingest ml "
    "remote_cluster_client transform".split()
)

# A data node goes with the first of its data roles in this order.
_DATA_ORDER = ("data_frozen", "data_cold", "data_warm", "data_hot", "data", "data_content")
_MASTER = frozenset({"master", "voting_only"})

# The ranks, first upgraded first; how a message names each.
FROZEN, COLD, WARM, HOT, OTHER_DATA, NEITHER, MASTER = range(7)
RANK_NAMES = (
    "frozen-tier data node",
    "cold-tier data node",
    "warm-tier data node",
    "hot-tier data node",
    "data node",
    "node that is neither data nor master-eligible",
    "master-eligible node",
)


def rank(roles: Iterable[str]) -> int | None:
    """The node's place in a rolling upgrade; None for a node that declares no roles.

    Master-eligible nodes go last whatever else they hold ("older nodes cannot
    always join a cluster with an upgraded master"); a data node with several
    tiers goes with its first tier in ``_DATA_ORDER``.
    """
    held = frozenset(roles)
    if not held:
        return None
    if held & _MASTER:
        return MASTER
    for position, role in enumerate(_DATA_ORDER):
        if role in held:
            return min(position, OTHER_DATA)  # `data` and `data_content` share a rank
    return NEITHER


def upgrade_order(roles: Sequence[tuple[str, ...]], names: Sequence[str]) -> list[int]:
    """The nodes (indices) in the order a rolling upgrade takes them: by rank, then
    by name.  A node without roles takes no part in RL309; it goes with the nodes
    that are neither data nor master-eligible.  A cluster where no node declares
    roles keeps its declared order."""
    if not any(roles):
        return list(range(len(names)))
    ranks = [rank(held) for held in roles]
    return sorted(
        range(len(names)),
        key=lambda i: (NEITHER if ranks[i] is None else ranks[i], names[i]),
    )
