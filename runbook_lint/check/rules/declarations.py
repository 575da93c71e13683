"""Declarations that are repeated, late or follow themselves (RL102-RL104, RL107),
and node attributes that are no role or are repeated (RL108).

The model (``model/topology.py``) records each as a ``Remark``; this family
puts them in words when the simulation starts.
"""

from __future__ import annotations

from runbook_lint.check.rules import Family
from runbook_lint.findings import Finding
from runbook_lint.rule import Rule, Severity
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.view import ExactView
    from runbook_lint.model.topology import Remark, Topology

_DESCRIBED = {
    ast.Target: "'target'",
    ast.Cluster: "a 'cluster'",
    ast.Relation: "a follow relation",
    ast.Assume: "an 'assume'",
}


class Declarations(Family):
    def start(self, view: ExactView) -> None:
        self._findings.extend(declaration_findings(self.topology))


def declaration_findings(topology: Topology) -> list[Finding]:
    """RL102-RL104, RL107 and RL108, in the order of the declarations."""
    return [f for f in map(_finding, topology.remarks) if f is not None]


def _finding(remark: Remark) -> Finding | None:
    statement = remark.statement
    if remark.kind == "late":
        assert remark.first is not None and not isinstance(statement, ast.Name)
        return Finding(
            "RL107",
            statement.span,
            f"{_DESCRIBED[type(statement)]} is declared after the first action "
            f"(line {remark.first.line})",
            ((remark.first, "the first action"),),
            "move every declaration above the first action; this one still takes effect",
        )
    if remark.kind == "self":
        assert isinstance(statement, ast.Relation)
        return Finding(
            "RL103",
            statement.span,
            f"cluster '{statement.follower.text}' is declared to follow itself; "
            "the relation is ignored",
            help="a follow relation joins two different clusters",
        )
    if remark.kind == "attribute":
        return _attribute(remark)
    if remark.kind != "again":
        return None  # "undeclared": names.py's
    if isinstance(statement, ast.Name):  # a node named twice in one `nodes` list
        return Finding(
            "RL102",
            statement.span,
            f"node '{statement.text}' of cluster '{remark.cluster}' is declared a second time; "
            "the repetition is ignored",
            help="name each node once",
        )
    assert remark.first is not None and not isinstance(statement, ast.NodeVersion)
    if isinstance(statement, ast.Relation):
        return Finding(
            "RL104",
            statement.span,
            f"relation '{statement.describe()}' is declared a second time; "
            "this declaration is ignored",
            ((remark.first, "first declared here"),),
            "remove the repetition",
        )
    if isinstance(statement, ast.Target):
        what, first, help = (
            "'target'",
            "the target is first declared here",
            "keep one 'target' statement",
        )
    elif isinstance(statement, ast.Cluster):
        name = statement.name.text
        what, first = f"cluster '{name}'", f"'{name}' is first declared here"
        help = "keep one declaration per cluster"
    else:
        what = f"'assume {statement.kind}'"
        first, help = f"{what} is first declared here", f"keep one {what} statement"
    return Finding(
        "RL102",
        statement.span,
        f"{what} is declared a second time; this declaration is ignored",
        ((remark.first, first),),
        help,
    )


def _attribute(remark: Remark) -> Finding:
    """RL108: a node attribute that is ignored (unknown role, repeated role or version)."""
    from runbook_lint.model.roles import ROLES

    statement = remark.statement
    node = f"node '{remark.node}' of cluster '{remark.cluster}'"
    if isinstance(statement, ast.NodeVersion):
        assert remark.first is not None  # only a second `version` is remarked
        return Finding(
            "RL108",
            statement.span,
            f"{node} is given a 'version' a second time; this one is ignored",
            ((remark.first, "its version is first given here"),),
            "give each node one 'version'",
        )
    assert isinstance(statement, ast.Name)
    if remark.first is not None:
        return Finding(
            "RL108",
            statement.span,
            f"{node} names the role '{statement.text}' a second time; the repetition is ignored",
            ((remark.first, "first named here"),),
            "name each role once",
        )
    return Finding(
        "RL108",
        statement.span,
        f"'{statement.text}' is not an Elasticsearch node role ({node}); it is ignored",
        help=f"the node roles are {', '.join(sorted(ROLES))}",
    )


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL102",
        name="duplicate-declaration",
        severity=Severity.ERROR,
        summary="A cluster, a node of one cluster, or `target` is declared a second time.",
        rationale=(
            "Fires at the later declaration when a cluster is declared twice, a node is listed "
            "twice for one cluster, or `target` is given twice. The later declaration is "
            "ignored; the first one counts.\n\n"
            "Why: two declarations of one thing usually disagree (two starting versions, two "
            "node lists, two targets), and the checker would have to guess which describes the "
            "cluster that runs in production. Every judgement of upgrade order and version "
            "compatibility starts from these declarations, so they must say one thing."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
cluster us-east version 8.14.2
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL103",
        name="self-follow",
        severity=Severity.ERROR,
        summary="A cluster is declared to follow itself.",
        rationale=(
            "Fires at the relation when its follower and its leader are the same cluster "
            "(`us-east follows us-east`). The relation is ignored.\n\n"
            "Why: cross-cluster replication copies leader indices on a remote cluster into "
            "follower indices on the local one; a cluster is not its own remote. Such a line is "
            "nearly always a typo, and the relation that was meant, with the upgrade order it "
            "imposes (follower first, leader last), is missing from the runbook."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
us-east follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL104",
        name="duplicate-relation",
        severity=Severity.WARNING,
        summary="The same relation (follower, leader, kind, label) is declared again.",
        rationale=(
            "Fires at the later relation when a relation with the same follower, the same "
            "leader, the same kind (plain, `index` or `auto-follow`) and the same label is "
            "declared again. The later one is ignored. Relations between the same two clusters "
            "that differ in kind or label are distinct and do not fire it.\n\n"
            "Why: a repeated line adds nothing to the topology, but it often stands where "
            "another follower index or auto-follow pattern was meant to be declared. A pattern "
            "that is missing from the runbook is one that nobody remembers to pause before a "
            "bi-directional upgrade."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east index "orders"
eu-west follows us-east index "orders"

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east index "orders"
eu-west follows us-east index "customers"

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL107",
        name="declaration-after-action",
        severity=Severity.ERROR,
        summary="A `target`, `cluster` or relation statement comes after the first action.",
        rationale=(
            "Fires at the declaration when a `target`, `cluster` or follow relation statement "
            "comes after the first action (`upgrade`, `pause`, `resume` or `note`, inside a "
            "block or not). The declaration still takes effect, as if it stood before the first "
            "action.\n\n"
            "Why: declarations describe the world before the upgrade starts: every cluster's "
            "version and every follow relation. Someone reviewing or executing the runbook top "
            "to bottom must know the whole topology before the first step; a relation declared "
            "below the upgrades it constrains is easy to miss when checking the order by eye."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
target 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
target 8.15.1
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL108",
        name="unknown-node-role",
        severity=Severity.ERROR,
        summary="A node's attributes name an unknown role, or a role or `version` twice.",
        rationale=(
            "Fires at the attribute when a node's attribute list (`es-h1 (data_hot, ingest)`) "
            "names a role that is not one of Elasticsearch's node roles (`master`, "
            "`voting_only`, `data`, `data_content`, `data_hot`, `data_warm`, `data_cold`, "
            "`data_frozen`, `ingest`, `ml`, `remote_cluster_client`, `transform`), or names a "
            "role or `version` a second time. The attribute is ignored. A cluster or a node "
            "ignored for RL101 or RL102 is not examined further.\n\n"
            "Why: a node's roles decide the order of its cluster's rolling upgrade (RL309: data "
            "tiers from frozen to hot, then the other nodes, master-eligible nodes last), and "
            "its `version` is where its upgrade starts. A misspelt role (`data-hot`, `masters`) "
            "would silently leave the node out of that order, and two versions for one node "
            "say two things about the cluster that runs in production."
        ),
        bad="""\
cluster us-east version 8.14.3 nodes es-m1 (master), es-h1 (data_hot, injest)

upgrade us-east node es-h1 to 8.15.1
upgrade us-east node es-m1 to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3 nodes es-m1 (master), es-h1 (data_hot, ingest)

upgrade us-east node es-h1 to 8.15.1
upgrade us-east node es-m1 to 8.15.1
""",
    ),
)
