"""A cluster upgraded twice in one `parallel` block (RL308): a rolling upgrade
takes one node at a time.
"""

from __future__ import annotations

from runbook_lint.check.rules import Family
from runbook_lint.rule import Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.events import Block
    from runbook_lint.check.worstcase import BlockView


class Parallel(Family):
    def entered(self, block: Block, view: BlockView) -> None:
        upgraded: set[int] = set()
        for move in block.moves:
            if move.cluster in upgraded:
                name = self.topology.clusters[move.cluster].name
                self.emit(
                    "RL308",
                    move.action.span,
                    f"'{name}' is upgraded more than once in this parallel block",
                    ((block.statement.span, "the parallel block starts here"),),
                    "a rolling upgrade takes one node at a time: put these upgrades in a 'step'",
                )
            upgraded.add(move.cluster)


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL308",
        name="parallel-same-cluster",
        severity=Severity.WARNING,
        summary="A `parallel` block upgrades the same cluster (or its nodes) more than once.",
        rationale=(
            "Fires at each upgrade in a `parallel` block, after the first, that upgrades the "
            "same cluster as an earlier upgrade of the block (the whole cluster or any of its "
            "nodes).\n\n"
            "Why: a rolling upgrade takes one node at a time and waits for the cluster to "
            "recover (green health) before the next, so that replicas keep every shard, follower "
            "shards included, available. Upgrading several nodes of one cluster at once can take "
            "shards offline. `parallel` is for different clusters that may be upgraded at the "
            "same moment, such as the two sides of a paused bi-directional pair."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3 nodes es-eu-1, es-eu-2
eu-west follows us-east

parallel "all of eu-west at once" {
    upgrade eu-west node es-eu-1 to 8.15.1
    upgrade eu-west node es-eu-2 to 8.15.1
}
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3 nodes es-eu-1, es-eu-2
eu-west follows us-east

step "rolling upgrade of eu-west, one node at a time" {
    upgrade eu-west node es-eu-1 to 8.15.1
    note "wait for green health"
    upgrade eu-west node es-eu-2 to 8.15.1
}
upgrade us-east to 8.15.1
""",
    ),
)
