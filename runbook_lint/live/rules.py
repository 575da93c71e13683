"""The live-state rules (RL401-RL406): what ``check --live`` finds when the
runbook and a cluster snapshot disagree.  Fired by ``live.drift``.
"""

from __future__ import annotations

from runbook_lint.rule import Rule, Severity

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL401",
        name="undeclared-live-relation",
        severity=Severity.ERROR,
        summary="A live relation from or to a declared cluster is covered by no declared relation.",
        rationale=(
            "Fires with `check --live` for live relations from A to B (follower indices and "
            "auto-follow patterns read from B's snapshot, their remote alias resolved to A) that "
            "no declared relation covers, where the runbook declares A or B. One diagnostic per "
            "pair, at B's declaration (else A's), naming the relations (the first ten, and the "
            "count of all) and whether each is active; the help gives the line to add.\n\n"
            "Why: a follower index that nobody declared is exactly the one that breaks when its "
            "leader is upgraded first: the checker cannot order an upgrade around a relation it "
            "does not know."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
# live: eu-west follows us-east index "orders"

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
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
        code="RL402",
        name="relation-not-live",
        severity=Severity.WARNING,
        summary="A declared relation covers no live relation, although the follower's side is known.",
        rationale=(
            "Fires with `check --live` at a declared relation that covers no live relation, when "
            "the follower's snapshot says what it follows (its CCR files are present and are not "
            "error responses).\n\n"
            "Why: the runbook orders its upgrades around a relation that does not exist: a "
            "renamed index, a removed pattern, or the wrong cluster. The order it forces may be "
            "harmless, but the relation it meant is probably declared under another name."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east index "orders-old"  # live: only index "orders"

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east index "orders"

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL403",
        name="version-drift",
        severity=Severity.ERROR,
        summary="A declared cluster's starting versions differ from the live ones.",
        rationale=(
            "Fires with `check --live` at a cluster's declaration when its starting versions are "
            "not the live ones: where the runbook declares nodes, each declared node that is live "
            "against its live version; else the cluster's `version` against every live node. One "
            "per cluster, naming the differences.\n\n"
            "Why: every judgement of the simulation (who is older, which upgrade path applies, "
            "whether a follower can follow its leader) starts from these versions. A runbook "
            "written for 8.14 and run against clusters already on 8.15 checks a different upgrade "
            "from the one that will happen."
        ),
        bad="""\
cluster us-east version 8.14.3  # live: 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.15.1
upgrade us-east to 8.15.3
""",
    ),
    Rule(
        code="RL404",
        name="node-drift",
        severity=Severity.ERROR,
        summary="A cluster's declared nodes differ from its live nodes.",
        rationale=(
            "Fires with `check --live` at a cluster's declaration when the runbook declares its "
            "nodes and the live nodes differ: a live node not declared, a declared node not live, "
            "or, for a node that declares roles, roles that differ from the live ones. One per "
            "cluster. Node names are compared after the replacement that `topology` makes "
            "(characters outside `[A-Za-z0-9_.-]` become `_`).\n\n"
            "Why: a rolling upgrade that forgets a node leaves the cluster mixed, and a node that "
            "is not there makes the runbook fail half-way."
        ),
        bad="""\
cluster eu-west version 8.14.3 nodes es-1, es-2  # live: es-1, es-2, es-3
upgrade eu-west node es-1 to 8.15.1
upgrade eu-west node es-2 to 8.15.1
""",
        good="""\
cluster eu-west version 8.14.3 nodes es-1, es-2, es-3
upgrade eu-west node es-1 to 8.15.1
upgrade eu-west node es-2 to 8.15.1
upgrade eu-west node es-3 to 8.15.1
""",
    ),
    Rule(
        code="RL405",
        name="paused-live-relation",
        severity=Severity.WARNING,
        summary="A declared relation covers live relations of which at least one is paused.",
        rationale=(
            "Fires with `check --live` at a declared relation that covers live relations of "
            "which at least one is paused; the message names those.\n\n"
            "Why: the runbook treats every declared relation as active when it starts, so its "
            "`resume` would turn on following that somebody paused on purpose, and its `pause` "
            "finds it already paused."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east index "metrics"  # live: paused

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east index "orders"

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL406",
        name="incomplete-live-state",
        severity=Severity.WARNING,
        summary="A declared cluster has no snapshot or an unknown follower side.",
        rationale=(
            "Fires with `check --live` at a cluster's declaration when no snapshot records that "
            "cluster, or when its snapshot's CCR or remote-info files are missing or hold error "
            "responses (an unlicensed cluster answers so): its relations could not be compared.\n\n"
            "Why: a live check that silently skipped a cluster would pass a runbook it never "
            "checked; collect that cluster's snapshot, with the `read_ccr` privilege."
        ),
        bad="""\
cluster us-east version 8.14.3  # no snapshot of us-east
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
upgrade us-east to 8.15.1
""",
    ),
)
