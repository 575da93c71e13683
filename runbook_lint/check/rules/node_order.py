"""The order of a rolling upgrade inside one cluster (RL309): Elastic's node order.

Data nodes first, tier by tier (frozen, cold, warm, hot, then other data
nodes), then the nodes that are neither data nor master-eligible,
master-eligible nodes last (``model/roles.py``).  Judged at each node-level
upgrade, on the view: the exact state, or a `parallel` block's worst case.
"""

from __future__ import annotations

from runbook_lint.check.rules import Family, listing
from runbook_lint.model.roles import RANK_NAMES, rank
from runbook_lint.rule import Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.events import Upgraded
    from runbook_lint.check.rules import View

ORDER = (
    "Elastic's order: data nodes tier by tier (data_frozen, data_cold, data_warm, data_hot, "
    "then data and data_content), then nodes that are neither data nor master-eligible, "
    "master-eligible nodes (master, voting_only) last"
)


class NodeOrder(Family):
    def wanted(self) -> bool:
        """Only a runbook whose nodes declare roles: the others cost no call per upgrade."""
        return any(any(cluster.roles) for cluster in self.topology.clusters)

    def upgraded(self, event: Upgraded, view: View) -> None:
        if event.node is None:
            return  # a whole-cluster upgrade goes in Elastic's order by definition
        shown, count = view.behind(event)
        if not count:
            return
        cluster = self.topology.clusters[event.cluster]

        def place(n: int) -> int:
            return rank(cluster.roles[n]) or 0  # every node counted here has roles

        node = cluster.nodes[event.node]
        what = RANK_NAMES[place(event.node)]
        names = sorted(shown, key=lambda n: (place(n), cluster.nodes[n]))
        if view.exact:
            run = "runs" if count == 1 else "run"
        else:
            run = "may run"
        listed = listing([cluster.nodes[n] for n in names], count)
        them = "it" if count == 1 else "them"
        self.emit(
            "RL309",
            event.action.span,
            f"'{node}' of '{cluster.name}' ({'an' if what[0] in 'aeiou' else 'a'} {what}) is "
            f"upgraded to {event.version} while {listed} {run} a version below it; "
            f"Elastic's order upgrades {them} first",
            help=f"upgrade {listed} before '{node}': {ORDER}",
        )


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL309",
        name="rolling-upgrade-order",
        severity=Severity.ERROR,
        summary="A node is upgraded before nodes that Elastic's order puts before it.",
        rationale=(
            "Fires at `upgrade C node N to V` while a node of C that Elastic's order puts before "
            "N runs a version below V. The order, among nodes that declare roles: data nodes "
            "first, tier by tier (`data_frozen`, then `data_cold`, `data_warm`, `data_hot`, then "
            "other data nodes: `data`, `data_content`), then nodes that are neither data nor "
            "master-eligible (`ingest`, `ml`, `transform`, `remote_cluster_client`), then "
            "master-eligible nodes (`master` or `voting_only`) last, whatever else they hold. A "
            "data node with several data roles goes with the first of its tiers in that order "
            "(`data_hot, data_content` is a hot node). A node without roles takes no part; a "
            "whole-cluster `upgrade C to V` never fires it. One diagnostic per upgrade, naming "
            "the nodes that should go first. In a `parallel` block it fires when some order of "
            "the block gives it.\n\n"
            "Why: Elastic's rolling-upgrade guide upgrades the data tiers one by one, frozen, "
            "cold, warm, hot, so that index lifecycle management can go on moving indices "
            "towards the colder tiers (a shard cannot be allocated to a node older than the one "
            'it comes from), and the master-eligible nodes last: "Upgraded nodes can join a '
            "cluster with an older master, but older nodes cannot always join a cluster with "
            'an upgraded master."'
        ),
        bad="""\
cluster us-east version 8.14.3 nodes es-m1 (master), es-h1 (data_hot, ingest)

upgrade us-east node es-m1 to 8.15.1
upgrade us-east node es-h1 to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3 nodes es-m1 (master), es-h1 (data_hot, ingest)

upgrade us-east node es-h1 to 8.15.1
upgrade us-east node es-m1 to 8.15.1
""",
    ),
)
