"""Names that do not resolve (RL101, RL105, RL106).

A declaration or an action naming an undeclared cluster (RL101), an action
naming a node its cluster does not have (RL106), a pause or a resume matching
no declared relation (RL105).  Order-independent: judged the same inside a
`parallel` block.  The statement is ignored after its diagnostic.
"""

from __future__ import annotations

from runbook_lint.check.rules import Family
from runbook_lint.rule import Rule, Severity
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.check.events import Ignored
    from runbook_lint.check.view import ExactView
    from runbook_lint.findings import Finding
    from runbook_lint.model.topology import Topology


class Names(Family):
    def start(self, view: ExactView) -> None:
        for remark in self.topology.remarks:
            if remark.kind == "undeclared":
                self._findings.append(undeclared(remark.names))

    def ignored(self, event: Ignored) -> None:
        action = event.action
        if event.why == "undeclared":
            self._findings.append(undeclared(event.names))
        elif event.why == "no-node":
            assert type(action) is ast.Upgrade and action.node is not None
            assert event.cluster is not None
            cluster = self.topology.clusters[event.cluster]
            if cluster.declares_nodes:
                message = f"cluster '{cluster.name}' has no node '{action.node.text}'"
                help = f"its nodes are {', '.join(cluster.nodes)}"
            else:
                message = (
                    f"cluster '{cluster.name}' declares no nodes, so it has no node "
                    f"'{action.node.text}'"
                )
                help = f"upgrade the whole cluster, or declare its nodes with 'nodes {action.node.text}, ...'"
            self.emit(
                "RL106",
                action.node.span,
                message,
                ((cluster.declaration.span, f"'{cluster.name}' is declared here"),),
                help,
            )
        else:  # "no-match"
            assert type(action) is ast.Pause or type(action) is ast.Resume
            operand = action.relation
            assert operand is not None  # `all` always matches
            verb = "pause" if type(action) is ast.Pause else "resume"
            self.emit(
                "RL105",
                action.span,
                f"'{verb} {operand.describe()}' matches no declared relation",
                help=f"declare '{operand.describe()}' or correct the names",
            )


def undeclared(names: Sequence[ast.Name]) -> Finding:
    """RL101 for a statement: one finding, at the first undeclared name, naming all."""
    from runbook_lint.findings import Finding

    unique = list(dict.fromkeys(n.text for n in names))
    if len(unique) == 1:
        message = f"cluster '{unique[0]}' is not declared; the statement is ignored"
    else:
        message = f"clusters {', '.join(repr(n) for n in unique)} are not declared; the statement is ignored"
    return Finding(
        "RL101",
        names[0].span,
        message,
        help=f"declare it with 'cluster {unique[0]} version X.Y.Z' before the first action",
    )


def declaration_findings(topology: Topology) -> list[Finding]:
    """RL101 for the declarations alone (the planner refuses a runbook with them)."""
    return [undeclared(r.names) for r in topology.remarks if r.kind == "undeclared"]


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL101",
        name="undeclared-cluster",
        severity=Severity.ERROR,
        summary="A relation or an action names a cluster that no `cluster` statement declares.",
        rationale=(
            "Fires at the name when a follow relation, an `upgrade`, a `pause` or a `resume` "
            "names a cluster that no `cluster` statement declares. The statement is then "
            "ignored: it takes no part in the simulation. A `pause` or `resume` that names an "
            "undeclared cluster gets RL101 only (not RL105).\n\n"
            "Why: the checker can judge the order of an upgrade only for clusters whose starting "
            "version it knows. An undeclared name is usually a typo or a forgotten declaration, "
            "and the follower it stands for is then missing from every ordering check: its "
            "leader could be upgraded first without a word. In a real upgrade the API call would "
            "fail, or reach a cluster nobody meant."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east
dr-site follows eu-west          # dr-site is never declared

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
cluster dr-site version 8.14.3
eu-west follows us-east
dr-site follows eu-west

upgrade dr-site to 8.15.1        # the end of the chain first
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL105",
        name="undeclared-relation",
        severity=Severity.ERROR,
        summary="A `pause` or `resume` matches no declared relation.",
        rationale=(
            "Fires at the statement when an explicit `pause` or `resume` names two declared "
            "clusters but matches no declared relation: the direction is reversed, or its "
            "`index` or `auto-follow` qualifier names a follower index or pattern that is not "
            "declared. The statement is then ignored. `pause all` and `resume all` never fire "
            "it.\n\n"
            "Why: pausing the wrong thing is pausing nothing. The pause follower API "
            "(`POST /<follower_index>/_ccr/pause_follow`) and the pause auto-follow pattern API "
            "(`POST /_ccr/auto_follow/<name>/pause`) act on a follower index or a pattern of the "
            "follower cluster; a pause aimed at the other side, or at a name that does not "
            "exist, leaves replication running through the upgrade it was meant to protect."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

pause us-east follows eu-west    # the wrong way round: eu-west is the follower
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
resume us-east follows eu-west
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
    Rule(
        code="RL106",
        name="undeclared-node",
        severity=Severity.ERROR,
        summary="`upgrade C node N` names a node that cluster C does not declare.",
        rationale=(
            "Fires at the node name when `upgrade C node N to V` names a node N that cluster C "
            "does not list in its `nodes`, or C declares no nodes at all. The upgrade is "
            "ignored.\n\n"
            "Why: a rolling upgrade is complete only when every node runs the new version, and "
            "the checker tracks each declared node, because a cluster's lowest node version "
            "decides whether it may follow and its highest whether it may lead. A node the "
            "declaration does not know is either a typo (and the real node is never upgraded) or "
            "missing from the declaration (and the checker cannot tell when the cluster has "
            "really moved)."
        ),
        bad="""\
cluster us-east version 8.14.3 nodes es-us-1, es-us-2
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
step "rolling upgrade of us-east" {
    upgrade us-east node es-us-1 to 8.15.1
    upgrade us-east node es-us-2 to 8.15.1
    upgrade us-east node es-us-3 to 8.15.1
}
""",
        good="""\
cluster us-east version 8.14.3 nodes es-us-1, es-us-2, es-us-3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
step "rolling upgrade of us-east" {
    upgrade us-east node es-us-1 to 8.15.1
    upgrade us-east node es-us-2 to 8.15.1
    upgrade us-east node es-us-3 to 8.15.1
}
""",
    ),
)
