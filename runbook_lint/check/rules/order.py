"""Upgrade order (RL201-RL204): followers first, bi-directional pairs paused,
following resumed only when it is valid again, pairs inside the CCR matrix.

Each condition is written once, on the view: the exact state between
sequential actions, the worst case of some order inside a `parallel` block
(``check/worstcase.py``), where the messages say "may".

Over 300 lines on purpose: four rules with their catalogue entries (half of
the module is their rationale and examples), one family because they share
the relation checks after every upgrade.
"""

from __future__ import annotations

from runbook_lint.check.rules import Context, Family, listing
from runbook_lint.model.ccr_api import (
    DELETE_PATTERN,
    PATTERN_PAUSE_SINCE,
    PAUSE_FOLLOW,
    PAUSE_PATTERN,
    PUT_PATTERN,
    call,
)
from runbook_lint.model.versions import Version
from runbook_lint.rule import Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.events import Switched, Upgraded
    from runbook_lint.check.rules import View
    from runbook_lint.check.view import ExactView
    from runbook_lint.model.topology import RelationModel
    from runbook_lint.syntax.ast import Span

# The Elasticsearch calls RL202's help names (model/ccr_api.py: one table).
PAUSE_API = (
    f"pause them first: {call(PAUSE_FOLLOW)} for follower indices, "
    f"{call(PAUSE_PATTERN)} for auto-follow patterns"
)
# With a leader older than the pattern pause API (ccr_api.PATTERN_PAUSE_SINCE),
# RL202's help says to delete the pattern and re-create it after the upgrade.
AUTO_FOLLOW_PAUSE_SINCE = Version(*PATTERN_PAUSE_SINCE)
RECREATE_API = (
    f"pause them first: {call(PAUSE_FOLLOW)} for follower indices; "
    "the pause auto-follow pattern API exists only since 7.5.0, so delete each auto-follow "
    f"pattern ({call(DELETE_PATTERN)}) and re-create it after the upgrade "
    f"({call(PUT_PATTERN)})"
)
# How many relations (and group members) an RL202 lists; the rest are counted:
# listing every one made a 1,000-cluster cycle's report quadratic (99 MB).
LISTED = 10


class Order(Family):
    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self._old_possible: bool | None = None  # asked only when RL202 fires

    def old_possible(self) -> bool:
        """Whether any version of the runbook predates the pattern pause API: if none
        does, RL202's help needs no look at the active relations' leaders (a look
        per upgrade over a whole group made a large cycle quadratic)."""
        if self._old_possible is None:
            from runbook_lint.syntax import ast

            since = AUTO_FOLLOW_PAUSE_SINCE
            old = any(v < since for c in self.topology.clusters for v in c.starts)
            for action in ast.actions(self.context.runbook.statements):
                if old:
                    break
                if type(action) is ast.Upgrade:
                    try:
                        old = self.context.version(action.version.text) < since
                    except ValueError:
                        continue  # not a version the checker judges
            self._old_possible = old
        return self._old_possible

    def start(self, view: ExactView) -> None:
        """RL204 for a relation that is invalid as declared."""
        clusters = self.topology.clusters
        for relation in self.topology.relations:
            follower, leader = relation.follower, relation.leader
            low, high = view.lowest(follower), view.highest(leader)
            reason: str | None = None
            if low < high:
                reason = f"it runs {low}, older than its leader on {high}"
            else:
                reason = view.incompatible(follower, leader)
                if reason is None:
                    continue
            self.emit(
                "RL204",
                relation.declaration.span,
                f"'{clusters[follower].name}' cannot follow '{clusters[leader].name}' as "
                f"declared: {reason}",
                help="correct the declared versions, or remove the relation",
            )

    def upgraded(self, event: Upgraded, view: View) -> None:
        topology = self.topology
        cluster = topology.clusters[event.cluster]
        if cluster.group is not None:
            active = view.active_in_group(cluster.group)
            if active:
                self.bidirectional_active(event, active, view)
        high: Version | None = None
        may_be_active = view.may_be_active  # bound once: this runs for every upgrade
        for r, follower in cluster.uni_followers:
            if not may_be_active(r):
                continue
            if high is None:
                high = view.highest(event.cluster, event)
            low = view.lowest(follower)
            if low < high:
                self.leader_first(event, topology.relations[r], low, high)
        incompatible = view.incompatible
        for r, leader in cluster.leaders:
            if may_be_active(r):
                reason = incompatible(event.cluster, leader, event)
                if reason:
                    self.incompatible(event.action.span, topology.relations[r], reason)

    def resumed(self, event: Switched, view: View) -> None:
        topology = self.topology
        clusters = topology.clusters
        early: list[tuple[int, str]] = []
        runs = "runs" if view.exact else "may run"
        for r in event.relations:
            if not view.may_be_paused(r):
                continue  # this resume never turns it on
            relation = topology.relations[r]
            follower, leader = relation.follower, relation.leader
            low, high = view.lowest(follower), view.highest(leader)
            if low < high:
                early.append(
                    (
                        r,
                        f"follower '{clusters[follower].name}' {runs} {low}, older than "
                        f"leader '{clusters[leader].name}' on {high}",
                    )
                )
            elif relation.group is not None and view.group_varies(relation.group):
                not_yet = "is not yet" if view.exact else "may not yet be"
                early.append((r, f"its bi-directional group {not_yet} on one version"))
            reason = view.incompatible(follower, leader)
            if reason:
                self.incompatible(event.action.span, relation, reason)
        if early:
            parts = "; ".join(f"'{topology.relations[r].describe()}' ({why})" for r, why in early)
            self.emit(
                "RL203",
                event.action.span,
                f"following resumed too early: {parts}",
                tuple(self.declared_here(r) for r, _ in early),
                "resume only after both clusters are upgraded: every follower at least as new "
                "as its leader, every cluster of a bi-directional group on the same version",
            )

    # -- the messages ------------------------------------------------------------

    def bidirectional_active(self, event: Upgraded, active: list[int], view: View) -> None:
        topology = self.topology
        cluster = topology.clusters[event.cluster]
        assert cluster.group is not None  # only a cluster of a bi-directional group gets here
        described = listing(
            [f"'{topology.relations[r].describe()}'" for r in active[:LISTED]], len(active)
        )
        members_of = topology.groups[cluster.group]
        members = listing(
            [f"'{topology.clusters[m].name}'" for m in members_of[:LISTED]], len(members_of)
        )
        # RL202's help by the leaders' versions (see AUTO_FOLLOW_PAUSE_SINCE).
        old = self.old_possible() and any(
            topology.relations[r].kind != "index"
            and view.current_low(topology.relations[r].leader) < AUTO_FOLLOW_PAUSE_SINCE
            for r in active
        )
        self.emit(
            "RL202",
            event.action.span,
            f"'{cluster.name}' is upgraded while following inside its bi-directional group "
            f"({members}) is active: {described}",
            tuple(self.declared_here(r) for r in active[:LISTED]),
            (RECREATE_API if old else PAUSE_API)
            + "; resume only after every cluster of the group is upgraded",
        )

    def leader_first(
        self, event: Upgraded, relation: RelationModel, follower_low: Version, leader_high: Version
    ) -> None:
        follower = self.topology.clusters[relation.follower].name
        leader = self.topology.clusters[relation.leader].name
        which = f' ({relation.kind} "{relation.label}")' if relation.kind is not None else ""
        self.emit(
            "RL201",
            event.action.span,
            f"leader '{leader}' upgraded before its follower '{follower}'{which}",
            (self.declared_here(relation.index),),
            f"upgrade '{follower}' to {leader_high} before this step: followers first, leaders last",
            label=f"'{follower}' still runs {follower_low}",
        )

    def incompatible(self, span: Span, relation: RelationModel, reason: str) -> None:
        follower = self.topology.clusters[relation.follower].name
        leader = self.topology.clusters[relation.leader].name
        self.emit(
            "RL204",
            span,
            f"'{follower}' cannot follow '{leader}': {reason}",
            (self.declared_here(relation.index),),
            "upgrade so that every follower/leader pair stays inside the CCR compatibility matrix",
        )


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
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

upgrade eu-west to 7.17.24
upgrade eu-west to 8.15.1        # us-east still runs 7.16.3
upgrade us-east to 7.17.24
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 7.16.3
cluster eu-west version 7.16.3
eu-west follows us-east

step "first hop: 7.17" {
    upgrade eu-west to 7.17.24
    upgrade us-east to 7.17.24
}
step "second hop: 8.x" {
    upgrade eu-west to 8.15.1
    upgrade us-east to 8.15.1
}
""",
    ),
)
