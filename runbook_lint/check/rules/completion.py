"""What the runbook leaves behind (RL304-RL306): half-upgraded clusters, clusters
off the target, following left paused.  Judged once, at the end.
"""

from __future__ import annotations

from runbook_lint.check.rules import Family
from runbook_lint.rule import Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.view import ExactView
    from runbook_lint.syntax.ast import Span

RETENTION = (
    "resume it before the runbook ends: once a follower stays paused past the leader's "
    "soft-deletes retention lease (12 hours by default) it must be re-created"
)


class Completion(Family):
    def end(self, view: ExactView) -> None:
        topology = self.topology
        target = topology.target
        for cluster in topology.clusters:
            nodes = view.nodes(cluster.index)
            if view.lowest(cluster.index) != view.highest(cluster.index):
                running = ", ".join(
                    f"'{n}' on {v}" for n, v in zip(cluster.nodes, nodes, strict=True)
                )
                self.emit(
                    "RL304",
                    cluster.declaration.span,
                    f"the rolling upgrade of '{cluster.name}' is incomplete: {running}",
                    help="upgrade every node to the same version before the runbook ends",
                )
            if target is not None and any(v != target for v in nodes):
                off = sorted({v for v in nodes if v != target})
                declaration = topology.target_declaration
                assert declaration is not None  # a target is declared where it is set
                self.emit(
                    "RL305",
                    cluster.declaration.span,
                    f"'{cluster.name}' ends on {', '.join(map(str, off))}, not on the target {target}",
                    ((declaration.span, "the target is declared here"),),
                    f"add 'upgrade {cluster.name} to {target}'",
                )
        paused: dict[Span, list[int]] = {}
        for r in range(len(topology.relations)):
            if view.may_be_paused(r):
                pause = view.last_pause(r)
                assert pause is not None  # every relation starts active: a pause paused it
                paused.setdefault(pause, []).append(r)
        for span, relations in paused.items():
            described = ", ".join(f"'{topology.relations[r].describe()}'" for r in relations)
            self.emit(
                "RL306",
                span,
                f"following is left paused when the runbook ends: {described}",
                help=RETENTION,
            )


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL304",
        name="incomplete-rolling-upgrade",
        severity=Severity.ERROR,
        summary="When the runbook ends, a cluster's nodes are not all on one version.",
        rationale=(
            "Fires at the cluster's declaration when, after the last action, the nodes of a "
            "cluster are not all on one version: a node-by-node rolling upgrade was started and "
            "not finished. Reported before RL305 for the same cluster.\n\n"
            "Why: a mixed-version cluster is a transitional state, not a place to stop. It runs "
            "with the features of its oldest node, shards cannot move from newer nodes to older "
            "ones, and for cross-cluster replication it counts with its lowest version as a "
            "follower and its highest as a leader, so it blocks the upgrade of the clusters "
            "around it in both directions."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3 nodes es-eu-1, es-eu-2, es-eu-3
eu-west follows us-east

upgrade eu-west node es-eu-1 to 8.15.1
upgrade eu-west node es-eu-2 to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3 nodes es-eu-1, es-eu-2, es-eu-3
eu-west follows us-east

upgrade eu-west node es-eu-1 to 8.15.1
upgrade eu-west node es-eu-2 to 8.15.1
upgrade eu-west node es-eu-3 to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL305",
        name="target-not-reached",
        severity=Severity.ERROR,
        summary="When the runbook ends, a cluster has a node not on the declared `target`.",
        rationale=(
            "Fires at the cluster's declaration when a `target` is declared and, after the last "
            "action, the cluster has a node that does not run the target version. Reported "
            "after RL304 for the same cluster.\n\n"
            "Why: `target` states what the runbook promises. A cluster left behind is usually "
            "one that was forgotten, and in a CCR topology a forgotten follower blocks its "
            "leader's upgrade, while a forgotten leader leaves its followers replicating across "
            "versions nobody planned for."
        ),
        bad="""\
target 8.15.1
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
cluster dr-site version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
target 8.15.1
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
cluster dr-site version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
upgrade dr-site to 8.15.1
""",
    ),
    Rule(
        code="RL306",
        name="following-left-paused",
        severity=Severity.ERROR,
        summary="When the runbook ends, a relation is still paused.",
        rationale=(
            "Fires when the runbook ends with a relation still paused. It points at the `pause` "
            "(explicit or `all`) that last turned the relation from active to paused.\n\n"
            "Why: a paused follower stops replicating silently: nothing fails, the follower "
            "index just falls behind. The leader keeps the operation history the follower needs "
            "only while the follower's soft-deletes retention lease lasts (12 hours by default); "
            "once a follower has been paused past it, following cannot resume and the follower "
            "index must be re-created, copying all its data again."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

pause eu-west follows us-east
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

pause eu-west follows us-east
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
resume eu-west follows us-east
""",
    ),
)
