"""The sequential simulation and its rules (RL101-RL107, RL201-RL204, RL301-RL308).

Every action is applied as written, even after a violation, so one run reports
every problem; the checks after an action look only at what it touched.
"""

from __future__ import annotations

from runbook_lint.check.state import State
from runbook_lint.diagnostics import Diagnostic, Related
from runbook_lint.model import topology as model
from runbook_lint.model.versions import PathVerdict, Version, compatibility, upgrade_path
from runbook_lint.rules import RULES
from runbook_lint.syntax import ast
from runbook_lint.syntax.ast import Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

PAUSE_API = (
    "pause them first: POST /<follower_index>/_ccr/pause_follow for follower indices, "
    "POST /_ccr/auto_follow/<name>/pause for auto-follow patterns"
)
RETENTION = (
    "resume it before the runbook ends: once a follower stays paused past the leader's "
    "soft-deletes retention lease (12 hours by default) it must be re-created"
)
# The pause/resume auto-follow pattern APIs exist since 7.5.0 (Elastic's REST
# test skips them before 7.4.99): with an older leader, RL202's help says to
# delete the pattern and re-create it after the upgrade instead.
AUTO_FOLLOW_PAUSE_SINCE = Version(7, 5, 0)
RECREATE_API = (
    "pause them first: POST /<follower_index>/_ccr/pause_follow for follower indices; "
    "the pause auto-follow pattern API exists only since 7.5.0, so delete each auto-follow "
    "pattern (DELETE /_ccr/auto_follow/<name>) and re-create it after the upgrade "
    "(PUT /_ccr/auto_follow/<name>)"
)
# How many relations (and group members) an RL202 lists; the rest are counted.
LISTED = 10


def _listing(shown: list[str], total: int) -> str:
    """``shown`` joined, and how many of ``total`` were left out."""
    rest = total - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "")


class Checker:
    def __init__(self, path: str, runbook: ast.Runbook) -> None:
        self.path = path
        self.runbook = runbook
        self._versions: dict[str, Version] = {}
        self.topology = model.build(runbook, self.version)
        self.state = State(self.topology)
        self.diagnostics: list[Diagnostic] = []

    # -- plumbing ------------------------------------------------------------

    def version(self, text: str) -> Version:
        value = self._versions.get(text)
        if value is None:
            value = self._versions[text] = Version.parse(text)
        return value

    def emit(
        self,
        code: str,
        span: Span,
        message: str,
        related: Iterable[tuple[Span, str]] = (),
        help: str | None = None,
        label: str | None = None,
    ) -> None:
        self.diagnostics.append(
            Diagnostic(
                self.path,
                span,
                code,
                RULES[code].severity,
                message,
                tuple(Related(self.path, s, m) for s, m in related),
                help,
                label,
            )
        )

    def run(self) -> list[Diagnostic]:
        topology = self.topology
        for finding in topology.findings:
            self.emit(finding.code, finding.span, finding.message, finding.related, finding.help)
        self.check_start()
        for statement in self.runbook.statements:
            self.statement(statement)
        self.check_end()
        from runbook_lint.check.clock import check_time  # RL310: language.md, "Time"

        check_time(self)
        return self.diagnostics

    def statement(self, statement: ast.Statement) -> None:
        # type() rather than isinstance(): records are never subclassed, and the
        # checker dispatches every action here.
        if type(statement) is ast.Upgrade:
            self.upgrade(statement)
        elif type(statement) is ast.Pause:
            self.pause(statement)
        elif type(statement) is ast.Resume:
            self.resume(statement)
        elif type(statement) is ast.Step:
            for item in statement.body:
                self.statement(item)
        elif type(statement) is ast.Parallel:
            from runbook_lint.check.parallel import check_parallel

            check_parallel(self, statement)
        # declarations took effect before the first action; notes change nothing

    # -- resolving names (order-independent: RL101, RL105, RL106) ------------

    def resolve_upgrade(self, statement: ast.Upgrade) -> tuple[int, int | None, Version] | None:
        """(cluster, node or None, version), or None when the upgrade is ignored."""
        cluster = self.topology.by_name.get(statement.cluster.text)
        if cluster is None:
            self.finding(model.undeclared([statement.cluster]))
            return None
        node = None
        if statement.node is not None:
            node = cluster.node_index.get(statement.node.text)
            if node is None:
                if cluster.declares_nodes:
                    message = f"cluster '{cluster.name}' has no node '{statement.node.text}'"
                    help = f"its nodes are {', '.join(cluster.nodes)}"
                else:
                    message = (
                        f"cluster '{cluster.name}' declares no nodes, so it has no node "
                        f"'{statement.node.text}'"
                    )
                    help = f"upgrade the whole cluster, or declare its nodes with 'nodes {statement.node.text}, ...'"
                self.emit(
                    "RL106",
                    statement.node.span,
                    message,
                    ((cluster.declaration.span, f"'{cluster.name}' is declared here"),),
                    help,
                )
                return None
        return cluster.index, node, self.version(statement.version.text)

    def resolve_relations(self, statement: ast.Pause | ast.Resume) -> Sequence[int] | None:
        """The relations a pause/resume names (all of them for `all`), or None if ignored."""
        operand = statement.relation
        if operand is None:
            return range(len(self.topology.relations))
        missing = [
            n for n in (operand.follower, operand.leader) if n.text not in self.topology.by_name
        ]
        if missing:
            self.finding(model.undeclared(missing))
            return None
        matched = self.topology.match(operand)
        if not matched:
            verb = "pause" if type(statement) is ast.Pause else "resume"
            self.emit(
                "RL105",
                statement.span,
                f"'{verb} {operand.describe()}' matches no declared relation",
                help=f"declare '{operand.describe()}' or correct the names",
            )
            return None
        return matched

    def declared_here(self, r: int) -> tuple[Span, str]:
        relation = self.topology.relations[r]
        return relation.declaration.span, f"'{relation.describe()}' is declared here"

    def finding(self, finding: model.Finding) -> None:
        self.emit(finding.code, finding.span, finding.message, finding.related, finding.help)

    # -- upgrades ------------------------------------------------------------

    def judge_move(
        self,
        statement: ast.Upgrade,
        cluster: int,
        node: int | None,
        version: Version,
        before: Sequence[Version],
    ) -> None:
        """RL301-RL303: judged on the versions the named nodes run before the upgrade."""
        named = before if node is None else (before[node],)
        starts: Sequence[Version]
        if len(named) == 1:  # the common case, without building sets
            (only,) = named
            highest, redundant, starts = only, only == version, (only,) if only < version else ()
        else:
            highest = max(named)
            redundant = all(v == version for v in named)
            starts = sorted({v for v in named if v < version})
        if highest > version:
            self.emit(
                "RL301",
                statement.span,
                f"downgrade: '{statement.cluster.text}' runs {highest}, higher than {version}",
                help="Elasticsearch does not support downgrades; restore from a snapshot instead",
            )
        if redundant:
            self.emit(
                "RL302",
                statement.span,
                f"'{statement.cluster.text}' already runs {version}: this upgrade changes nothing",
                help="remove it, or correct the version",
            )
        # One diagnostic per statement, naming each unsupported move (rules.md,
        # "What counts when"): nodes on several versions may fail for each.
        failed = [v for v in (upgrade_path(start, version) for start in starts) if not v.ok]
        if len(failed) == 1:
            self.unsupported(statement, failed[0])
        elif failed:
            via = next((v.via for v in failed if v.via is not None), None)
            self.unsupported(
                statement, PathVerdict(False, "; ".join(v.reason for v in failed), via)
            )

    def unsupported(self, statement: ast.Upgrade, verdict: PathVerdict) -> None:
        name = statement.cluster.text
        # The reason names both versions and, where one exists, the version to
        # go through first.
        message = f"unsupported upgrade path for '{name}': {verdict.reason}"
        if verdict.via is not None:
            help = f"insert 'upgrade {name} to {verdict.via}' before this one"
        else:
            help = "choose a target that the running version can reach"
        self.emit("RL303", statement.span, message, help=help)

    def upgrade(self, statement: ast.Upgrade) -> None:
        resolved = self.resolve_upgrade(statement)
        if resolved is None:
            return
        cluster, node, version = resolved
        self.judge_move(statement, cluster, node, version, self.state.nodes[cluster])
        self.state.move(cluster, node, version)
        self.after_upgrade(statement, cluster)

    def after_upgrade(self, statement: ast.Upgrade, cluster: int) -> None:
        state = self.state
        topology = self.topology
        model_ = topology.clusters[cluster]
        group = model_.group
        if group is not None and state.group_active[group]:
            active_in_group = [r for r in topology.group_relations[group] if state.active[r]]
            self.bidirectional_active(statement, model_, active_in_group)
        active, lows, highs = state.active, state.low, state.high
        high = highs[cluster]
        for r, follower in model_.uni_followers:
            if active[r] and lows[follower] < high:
                self.leader_first(statement, topology.relations[r], lows[follower], high)
        low = lows[cluster]
        for r, leader in model_.leaders:
            if active[r] and low >= highs[leader]:
                verdict = compatibility(high, lows[leader])
                if not verdict.ok:
                    self.incompatible(statement.span, topology.relations[r], verdict.reason)

    def bidirectional_active(
        self, statement: ast.Upgrade, cluster: model.ClusterModel, active: list[int]
    ) -> None:
        group = cluster.group
        assert group is not None  # only a cluster of a bi-directional group gets here
        # The first LISTED relations and members, and a count of the rest: listing
        # every one made a 1,000-cluster cycle's report quadratic (99 MB).
        described = _listing(
            [f"'{self.topology.relations[r].describe()}'" for r in active[:LISTED]], len(active)
        )
        members_of = self.topology.groups[group]
        members = _listing(
            [f"'{self.topology.clusters[m].name}'" for m in members_of[:LISTED]], len(members_of)
        )
        self.emit(
            "RL202",
            statement.span,
            f"'{cluster.name}' is upgraded while following inside its bi-directional group "
            f"({members}) is active: {described}",
            tuple(self.declared_here(r) for r in active[:LISTED]),
            self.pause_help(active) + "; resume only after every cluster of the group is upgraded",
        )

    def pause_help(self, active: list[int]) -> str:
        """RL202's help by the leaders' versions (see AUTO_FOLLOW_PAUSE_SINCE)."""
        relations = self.topology.relations
        low = self.state.low
        old = any(
            relations[r].kind != "index" and low[relations[r].leader] < AUTO_FOLLOW_PAUSE_SINCE
            for r in active
        )
        return RECREATE_API if old else PAUSE_API

    def leader_first(
        self,
        statement: ast.Upgrade,
        relation: model.RelationModel,
        follower_low: Version,
        leader_high: Version,
    ) -> None:
        follower = self.topology.clusters[relation.follower].name
        leader = self.topology.clusters[relation.leader].name
        which = ""
        if relation.kind is not None:
            which = f' ({relation.kind} "{relation.label}")'
        self.emit(
            "RL201",
            statement.span,
            f"leader '{leader}' upgraded before its follower '{follower}'{which}",
            (self.declared_here(relation.index),),
            f"upgrade '{follower}' to {leader_high} before this step: followers first, leaders last",
            label=f"'{follower}' still runs {follower_low}",
        )

    def incompatible(self, span: Span, relation: model.RelationModel, reason: str) -> None:
        follower = self.topology.clusters[relation.follower].name
        leader = self.topology.clusters[relation.leader].name
        self.emit(
            "RL204",
            span,
            f"'{follower}' cannot follow '{leader}': {reason}",
            (self.declared_here(relation.index),),
            "upgrade so that every follower/leader pair stays inside the CCR compatibility matrix",
        )

    # -- pause and resume ------------------------------------------------------

    def pause(self, statement: ast.Pause) -> None:
        relations = self.resolve_relations(statement)
        if relations is None:
            return
        state = self.state
        if statement.relation is not None and not any(state.active[r] for r in relations):
            self.emit(
                "RL307",
                statement.span,
                f"'{statement.relation.describe()}' is already paused",
                help="remove this pause, or resume the relation before it",
            )
        for r in relations:
            if state.active[r]:
                state.set_active(r, False, statement.span)

    def resume(self, statement: ast.Resume) -> None:
        relations = self.resolve_relations(statement)
        if relations is None:
            return
        state = self.state
        turned = [r for r in relations if not state.active[r]]
        if statement.relation is not None and not turned:
            self.emit(
                "RL307",
                statement.span,
                f"'{statement.relation.describe()}' is already active",
                help="remove this resume, or pause the relation before it",
            )
        for r in turned:
            state.set_active(r, True)
        early = []
        for r in turned:
            reason = self.too_early(r)
            if reason:
                early.append((r, reason))
            relation = self.topology.relations[r]
            if state.low[relation.follower] >= state.high[relation.leader]:
                verdict = compatibility(state.high[relation.follower], state.low[relation.leader])
                if not verdict.ok:
                    self.incompatible(statement.span, relation, verdict.reason)
        if early:
            self.resumed_too_early(statement, early)

    def too_early(self, r: int) -> str | None:
        state = self.state
        relation = self.topology.relations[r]
        follower, leader = relation.follower, relation.leader
        if state.low[follower] < state.high[leader]:
            return (
                f"follower '{self.topology.clusters[follower].name}' runs {state.low[follower]}, "
                f"older than leader '{self.topology.clusters[leader].name}' on {state.high[leader]}"
            )
        if relation.group is not None and not state.group_uniform(relation.group):
            return "its bi-directional group is not yet on one version"
        return None

    def resumed_too_early(
        self, statement: ast.Resume | ast.Pause, early: list[tuple[int, str]]
    ) -> None:  # a resume; parallel.py's switches hold either
        parts = "; ".join(
            f"'{self.topology.relations[r].describe()}' ({reason})" for r, reason in early
        )
        self.emit(
            "RL203",
            statement.span,
            f"following resumed too early: {parts}",
            tuple(self.declared_here(r) for r, _ in early),
            "resume only after both clusters are upgraded: every follower at least as new as its leader, "
            "every cluster of a bi-directional group on the same version",
        )

    # -- the start and the end -------------------------------------------------

    def check_start(self) -> None:
        state = self.state
        for relation in self.topology.relations:
            follower, leader = relation.follower, relation.leader
            if state.low[follower] < state.high[leader]:
                reason = (
                    f"it runs {state.low[follower]}, older than its leader on {state.high[leader]}"
                )
            else:
                verdict = compatibility(state.high[follower], state.low[leader])
                if verdict.ok:
                    continue
                reason = verdict.reason
            f = self.topology.clusters[follower].name
            ld = self.topology.clusters[leader].name
            self.emit(
                "RL204",
                relation.declaration.span,
                f"'{f}' cannot follow '{ld}' as declared: {reason}",
                help="correct the declared versions, or remove the relation",
            )

    def check_end(self) -> None:
        state = self.state
        topology = self.topology
        target = topology.target
        for cluster in topology.clusters:
            nodes = state.nodes[cluster.index]
            if state.low[cluster.index] != state.high[cluster.index]:
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
        for r, active in enumerate(state.active):
            if not active:
                pause = state.last_pause[r]
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
