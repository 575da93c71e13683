"""The one catalogue of rules: code, name, default severity, summary, rationale, examples.

Everything that shows a rule reads it from here: the ``rules`` and ``explain``
commands, the SARIF rule list, configuration and ``noqa`` validation, and the
README's rule table.  Codes, names and default severities follow
``spec/rules.md``; codes are stable.

Each rule carries two runbooks: ``bad`` fires the rule and ``good`` is the
corrected runbook, which fires no diagnostic at all.  (RL001's ``bad`` has a
syntax error by design; RL002's ``bad`` describes an unreadable file in words,
since a runbook in this catalogue is text.)

Standard library only, and cheap to import: the checker, the CLI and every
report format import this module.
"""

from __future__ import annotations

from runbook_lint.records import record
from runbook_lint.severity import Severity

__all__ = ["Rule", "RULES", "UNSILENCEABLE", "lookup", "expand", "unsilenceable"]


@record
class Rule:
    code: str  # "RL201"
    name: str  # "leader-upgraded-before-follower"
    severity: Severity  # the default severity; configuration may change it
    summary: str  # one line: `rules`, SARIF shortDescription
    rationale: str  # what fires it and why (the CCR reason)
    bad: str  # a runbook that fires the rule
    good: str  # the corrected runbook: no diagnostic at all


_CATALOGUE: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ input
    Rule(
        code="RL001",
        name="syntax-error",
        severity=Severity.ERROR,
        summary="The file does not parse as a runbook.",
        rationale=(
            "Fires for every line that does not follow the runbook language: a missing or "
            "misspelt keyword (`upgrade eu-west 8.15.1` has no `to`), a version without exactly "
            "three numeric parts (`8.15` where `8.15.0` is needed), an unterminated string, a "
            "declaration inside a `step` or `parallel` block, a block whose `{` does not end its "
            "line or whose `}` does not stand on a line of its own. The message names what was "
            "found and what was expected, in words a runbook author knows. Parsing recovers at "
            "the next line, so one run reports every bad line. It points at the unexpected token "
            "or character; at the end of the file, at the end of the last line.\n\n"
            "Why: a runbook that cannot be read cannot be checked. A file with a syntax error gets "
            "only its RL001 diagnostics: the checker does not simulate a partial runbook, because "
            "the lines it could not read may be exactly the follower upgrade, the pause or the "
            "resume that every other judgement depends on."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west 8.15.1
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
        code="RL002",
        name="unreadable-input",
        severity=Severity.ERROR,
        summary="The file cannot be read or is not valid UTF-8 text.",
        rationale=(
            "Fires when a file cannot be read (a permission problem, an I/O error) or its bytes "
            "are not valid UTF-8: a binary file, or a runbook saved in another encoding such as "
            "UTF-16 or Latin-1. UTF-8 with or without a byte-order mark, and LF or CRLF line "
            "endings, are all accepted. It points at line 1, column 1.\n\n"
            "Why: the checker judges only what it can read exactly. Guessing an encoding could "
            "change a cluster name, a node name or a version, and give a verdict on a runbook "
            "nobody wrote. The other files of the run are still linted."
        ),
        bad="""\
A runbook saved as UTF-16 by a Windows editor: the file starts with the bytes FF FE and has
a NUL byte after every ASCII character, so it is not UTF-8 text. Likewise a binary file
(a PDF export of the runbook, an archive) that was given the .rbk extension by mistake.
runbook-lint reports RL002 at line 1, column 1, and lints the other files.
""",
        good="""\
# The same runbook, saved as UTF-8.
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    # ------------------------------------------------- declarations and references
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
    # ----------------------------------------------------------- upgrade order
    Rule(
        code="RL201",
        name="leader-upgraded-before-follower",
        severity=Severity.ERROR,
        summary="A leader is upgraded while an active uni-directional follower is still older.",
        rationale=(
            "Fires at an upgrade of cluster L (the whole cluster or one node) when, after it, an "
            "active uni-directional relation `F follows L` has F's lowest node version below L's "
            "highest node version. One diagnostic per such relation; its related location is the "
            "relation's declaration. The comparison includes the patch level and any pre-release "
            "part: a 9.4.1 follower cannot follow a 9.4.3 leader. Paused relations do not fire "
            "it, nor do bi-directional ones (see RL202).\n\n"
            "Why: Elastic's CCR upgrade guide says the cluster with follower indices should be "
            "upgraded first and the cluster with leader indices last; in a chain A <- B <- C "
            "(C follows B, B follows A) the order is C, B, A. A follower older than its leader "
            "fails: a cluster that has not been upgraded rejects index settings and mappings "
            "replicated from an upgraded one, and Lucene is not forward compatible, so when "
            "following falls back to file-based recovery the follower's nodes cannot read the "
            "leader's newer index files. The leader's highest node version counts because "
            "Elasticsearch stamps the snapshot it replicates from with the leader's newest node "
            "version; the follower's lowest counts because any of its nodes may host a follower "
            "shard."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1        # the leader first: eu-west still runs 8.14.3
upgrade eu-west to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1        # the follower first
upgrade us-east to 8.15.1        # the leader last
""",
    ),
    Rule(
        code="RL202",
        name="bidirectional-following-active",
        severity=Severity.ERROR,
        summary="A cluster of a bi-directional group is upgraded while following inside it is active.",
        rationale=(
            "Fires at an upgrade (the whole cluster or one node) of a cluster that belongs to a "
            "bi-directional group (clusters that follow each other, directly or round a cycle) "
            "while any relation inside that group, index or auto-follow, is active. One "
            "diagnostic per upgrade; the message lists the active relations and says to pause "
            "them first.\n\n"
            "Why: in bi-directional replication each cluster holds both leader and follower "
            "indices, so no upgrade order keeps every follower at least as new as its leader. "
            "Elastic's guide says to pause all index following and all auto-follow patterns "
            "before upgrading either cluster (the pause follower API, "
            "`POST /<follower_index>/_ccr/pause_follow`, and the pause auto-follow pattern API, "
            "`POST /_ccr/auto_follow/<name>/pause`), and to resume only after both are upgraded. "
            "An auto-follow pattern left active keeps creating follower indices from the other "
            "cluster's new indices in the middle of the upgrade."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
us-east follows eu-west
eu-west follows us-east
eu-west follows us-east auto-follow "logs"

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
us-east follows eu-west
eu-west follows us-east
eu-west follows us-east auto-follow "logs"

pause all                        # index following and the auto-follow pattern
parallel "both sites" {
    upgrade us-east to 8.15.1
    upgrade eu-west to 8.15.1
}
resume all                       # only after both are upgraded
""",
    ),
    Rule(
        code="RL203",
        name="resumed-too-early",
        severity=Severity.ERROR,
        summary="Following is resumed before the follower is at least as new as its leader.",
        rationale=(
            "Fires at a `resume` (explicit or `all`) that turns a relation back on while its "
            "follower's lowest node version is below its leader's highest, or that resumes a "
            "bi-directional relation while the clusters of its group are not all on one and the "
            "same version on every node. Only the relations the statement turns from paused to "
            "active are judged; one diagnostic per statement, naming every relation resumed "
            "too early.\n\n"
            "Why: pausing is what makes an out-of-order upgrade safe, and resuming ends that "
            "protection. A follower resumed while older than its leader receives index settings, "
            "mappings and Lucene files it cannot read, exactly as if it had never been paused. "
            "For bi-directional following Elastic's guide says to resume only after both "
            "clusters are upgraded."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

pause eu-west follows us-east
upgrade us-east to 8.15.1
resume eu-west follows us-east   # eu-west still runs 8.14.3
upgrade eu-west to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

pause eu-west follows us-east
upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
resume eu-west follows us-east   # both run 8.15.1
""",
    ),
    Rule(
        code="RL204",
        name="incompatible-versions",
        severity=Severity.ERROR,
        summary="An active relation's follower cannot follow its leader by the CCR compatibility table.",
        rationale=(
            "Fires, one diagnostic per relation, when an active relation's follower cannot "
            "follow its leader by Elastic's CCR version compatibility table although the "
            "follower is not older (a follower on 8.x whose leader is still on 7.16, say): at an "
            "upgrade of the follower, or at a `resume` that turns the relation back on. With "
            "several nodes it applies where the follower's lowest version is not below the "
            "leader's highest, and fires if any pair of a follower node's and a leader node's "
            "version is not allowed. It also fires before the first action, at the relation's "
            "declaration, when the declared versions already break following: the follower "
            "older than the leader, or the pair not allowed.\n\n"
            "Why: being newer is not enough. CCR supports only the leader/follower version "
            "pairs of the compatibility table, because the follower must read the leader's "
            "indices, written by the leader's Lucene. Across majors the leader must be on a "
            "version the follower's major still reads: an 8.x follower needs a 7.17 leader, and "
            "a follower on 9.1 or later needs an 8.x leader to be on 8.19. In a multi-hop "
            "upgrade every cluster finishes one hop before any starts the next."
        ),
        bad="""\
cluster us-east version 7.16.3
cluster eu-west version 7.16.3
eu-west follows us-east

upgrade eu-west to 7.17.25
upgrade eu-west to 8.15.1        # us-east still runs 7.16.3
upgrade us-east to 7.17.25
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 7.16.3
cluster eu-west version 7.16.3
eu-west follows us-east

step "first hop: 7.17" {
    upgrade eu-west to 7.17.25
    upgrade us-east to 7.17.25
}
step "second hop: 8.x" {
    upgrade eu-west to 8.15.1
    upgrade us-east to 8.15.1
}
""",
    ),
    # ------------------------------------------------ versions and completeness
    Rule(
        code="RL301",
        name="downgrade",
        severity=Severity.ERROR,
        summary="An upgrade takes a node to a lower version than it runs.",
        rationale=(
            "Fires at an upgrade that takes some node it names to a lower version than that "
            "node runs (for `upgrade C to V` on a cluster in the middle of a rolling upgrade: "
            "any node above V). The upgrade is still applied as written.\n\n"
            "Why: Elasticsearch does not support downgrades. A node that has started on a newer "
            "version has rewritten its data path and cluster state in a format the older "
            "version cannot read, and Lucene is not forward compatible, so an older node cannot "
            "open index files written by a newer one. The only way back is restoring a snapshot "
            "into a new cluster. A lower version in an upgrade runbook is nearly always a typo."
        ),
        bad="""\
cluster us-east version 8.15.0
cluster eu-west version 8.15.0
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.5.1         # typo for 8.15.1
""",
        good="""\
cluster us-east version 8.15.0
cluster eu-west version 8.15.0
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL302",
        name="redundant-upgrade",
        severity=Severity.WARNING,
        summary="An upgrade changes nothing: every node it names already runs that version.",
        rationale=(
            "Fires at an upgrade when every node it names already runs the version it names: a "
            "repeated line, or a node or cluster already upgraded by an earlier step. The "
            "upgrade is still applied (as a no-op).\n\n"
            "Why: harmless in itself, but it usually means the runbook is not what its author "
            "believes: a copied line that should name another node or cluster, or a version that "
            "was meant to be different. The node or cluster that was meant may never be "
            "upgraded, and in a CCR topology a follower left behind blocks its leader."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
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
        code="RL303",
        name="unsupported-upgrade-path",
        severity=Severity.ERROR,
        summary="A node's move is not a supported upgrade path.",
        rationale=(
            "Fires at an upgrade when some node's move from the version it runs to the named "
            "one is not a supported upgrade path; the message names the version to go through "
            "first. Supported: any higher version of the same major, and the next major only "
            "from the last minor of the current one (5.6 to 6.x, 6.8 to 7.1 or later, 7.17 to "
            "8.x; 8.18.x to 9.0.x only, 8.19.x to 9.1.0 or later). A move from a pre-release "
            "(9.0.0-rc1) is never supported. A jump of two or more majors is never "
            "supported. A move the version data does not describe is judged unsupported, and "
            "the message says that the data does not cover it. A move to a lower version is "
            "RL301, not this rule.\n\n"
            "Why: Elasticsearch reads indices and cluster metadata only from the previous major, "
            "and a rolling upgrade across a major needs old and new nodes to run in one cluster, "
            "which only the old major's last minor can do. Going from 7.10.2 straight to 8.x, or "
            "from 6.8 to 8.x, fails: upgrade to 7.17 first, in every cluster, and only then to "
            "8.x."
        ),
        bad="""\
cluster us-east version 7.10.2
cluster eu-west version 7.10.2
eu-west follows us-east

pause eu-west follows us-east
upgrade eu-west to 8.15.1        # 7.10 cannot go straight to 8.x
upgrade us-east to 8.15.1
resume eu-west follows us-east
""",
        good="""\
cluster us-east version 7.10.2
cluster eu-west version 7.10.2
eu-west follows us-east

pause eu-west follows us-east
upgrade eu-west to 7.17.25       # the last 7.x minor first
upgrade us-east to 7.17.25
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
resume eu-west follows us-east
""",
    ),
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
    Rule(
        code="RL307",
        name="pause-state-mismatch",
        severity=Severity.WARNING,
        summary="A `pause` finds its relations already paused, or a `resume` finds them already active.",
        rationale=(
            "Fires at an explicit `pause` that finds every relation it names already paused, or "
            "at an explicit `resume` that finds every relation it names already active. `pause "
            "all` and `resume all` never fire it.\n\n"
            "Why: the statement does nothing, so the author's picture of the replication state "
            "differs from the runbook's: a second pause where a resume was meant, or a resume of "
            "a relation that was never paused, perhaps because a different relation was paused "
            "by mistake. Such mismatches are how a relation ends up active during an upgrade "
            "that needed it paused, or paused for good."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
resume eu-west follows us-east   # it was never paused
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
    Rule(
        code="RL310",
        name="pause-exceeds-retention-lease",
        severity=Severity.ERROR,
        summary="A `resume` turns a relation back on after a pause longer than the retention lease.",
        rationale=(
            "Fires at a `resume` (explicit or `all`) that turns a relation back on after it was "
            "paused longer than the leaders' soft-deletes retention lease: the runbook's `assume "
            "retention-lease`, else 12h. The time is the runbook's clock (language.md, Time): "
            "a node upgrade takes its cluster's `node-upgrade` or the runbook's `assume "
            "node-upgrade`, `wait` takes its duration, a `parallel` block its longest action. It "
            "is judged only when every action between the pause and the resume has a known "
            "duration; it is never guessed. One diagnostic per `resume`, naming each such "
            "relation and how long it was paused.\n\n"
            "Why: the leader keeps the operation history a follower needs only while the "
            "follower's retention lease lasts (`index.soft_deletes.retention_lease.period`). "
            "Past it the leader may discard that history, and Elastic's documentation says the "
            "follower cannot recover automatically: the follower index must be re-created, "
            "copying all its data again. Pause per hop, upgrade the group's clusters at once, or "
            "raise the lease on the leader indices first and declare it with `assume "
            "retention-lease`."
        ),
        bad="""\
assume node-upgrade 40m
cluster us-east version 8.14.3 nodes us-1, us-2, us-3, us-4, us-5, us-6, us-7, us-8, us-9, us-10, us-11, us-12, us-13, us-14, us-15
cluster eu-west version 8.14.3 nodes eu-1, eu-2, eu-3, eu-4, eu-5, eu-6, eu-7, eu-8, eu-9, eu-10, eu-11, eu-12, eu-13, eu-14, eu-15
eu-west follows us-east
us-east follows eu-west

pause all
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
resume all
""",
        good="""\
assume node-upgrade 40m
assume retention-lease 1d
cluster us-east version 8.14.3 nodes us-1, us-2, us-3, us-4, us-5, us-6, us-7, us-8, us-9, us-10, us-11, us-12, us-13, us-14, us-15
cluster eu-west version 8.14.3 nodes eu-1, eu-2, eu-3, eu-4, eu-5, eu-6, eu-7, eu-8, eu-9, eu-10, eu-11, eu-12, eu-13, eu-14, eu-15
eu-west follows us-east
us-east follows eu-west

note "on both clusters, first: PUT /<leader_index>/_settings with index.soft_deletes.retention_lease.period 1d"
pause all
upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
resume all
""",
    ),
    # ------------------------------------------------------ live state (live.md)
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
    # ------------------------------------------------------------- suppression
    Rule(
        code="RL900",
        name="unused-suppression",
        severity=Severity.WARNING,
        summary="A `# noqa` comment suppresses nothing, or names a code it does not suppress.",
        rationale=(
            "Fires at the comment when a `# noqa` suppresses no diagnostic on its line, or when "
            "it names a code or rule name for which no diagnostic on its line was suppressed. "
            "One diagnostic per comment. Suppressions are judged before configuration drops any "
            "diagnostic, so a `noqa` for a rule the configuration ignores is not unused. RL900 "
            "can be ignored by configuration, not by `noqa`.\n\n"
            "Why: a stale suppression hides the next real problem on its line. A "
            "`# noqa: RL201` left behind after the upgrade order was fixed would silence RL201 "
            "if someone later moved the leader's upgrade back before its follower's."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1        # noqa: RL201
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
)

RULES: dict[str, Rule] = {rule.code: rule for rule in sorted(_CATALOGUE, key=lambda r: r.code)}

_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES.values()}


def lookup(word: str) -> Rule | None:
    """The rule whose code or name is ``word`` (case-insensitive), or None."""
    key = word.strip()
    return RULES.get(key.upper()) or _BY_NAME.get(key.lower())


# RL001 and RL002 cannot be suppressed, ignored or lowered (rules.md, "Input"):
# a file that cannot be read or parsed cannot be checked, so a gate must fail on
# it. noqa (suppress.py), the policy (policy.py) and the configuration checks
# (config.py) all ask this one set.
UNSILENCEABLE = frozenset({"RL001", "RL002"})


def unsilenceable(selector: str) -> Rule | None:
    """The rule of UNSILENCEABLE that ``selector`` names explicitly (its code or
    name; a prefix such as ``RL0`` does not count), or None."""
    rule = lookup(selector)
    return rule if rule is not None and rule.code in UNSILENCEABLE else None


def expand(selector: str) -> list[Rule]:
    """The rules a selector names, in code order.

    A selector is a code (``RL201``), a code prefix (``RL2``, ``RL``: every rule
    whose code starts with it) or a rule name, case-insensitive.  Raises
    ValueError naming the selector when it matches no rule.
    """
    key = selector.strip()
    if key:
        rule = _BY_NAME.get(key.lower())
        if rule is not None:
            return [rule]
        prefix = key.upper()
        if prefix.startswith("RL") and prefix[2:].isdigit() or prefix == "RL":
            matched = [rule for code, rule in RULES.items() if code.startswith(prefix)]
            if matched:
                return matched
    raise ValueError(
        f"unknown rule selector {selector!r}: expected a code (RL201), "
        "a code prefix (RL2) or a rule name (leader-upgraded-before-follower)"
    )
