"""The runbook's clock (language.md, "Time") and RL310 pause-exceeds-retention-lease.

A pass of its own after the checker's simulation: it keeps only what time
needs (each node's version, each relation's pause start) so that a runbook
without durations pays for one quick look at its declarations and nothing more.

Times are whole seconds.  ``None`` is an unknown time: an upgrade of a cluster
with no `node-upgrade` (its own or assumed) that changes a node.  An unknown
duration is never guessed: a window with one inside it is not judged.
"""

from __future__ import annotations

from runbook_lint.records import field, record
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from runbook_lint.check.checker import Checker
    from runbook_lint.model.topology import Topology
    from runbook_lint.model.versions import Version

DEFAULT_LEASE = 12 * 3600  # index.soft_deletes.retention_lease.period's default
_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def format_duration(seconds: int) -> str:
    """Seconds in the language's own notation: ``14h40m``, ``1d6h``, ``0m``."""
    if seconds == 0:
        return "0m"
    text = ""
    for unit, size in _UNITS:
        if seconds >= size:
            text += f"{seconds // size}{unit}"
            seconds %= size
    return text


@record(frozen=False)
class Window:
    """One relation's pause: from ``start`` to ``end`` (None while it lasts or if unknown)."""

    relation: int
    pause: ast.Pause
    start: int  # the time of the pause on the known part of the clock
    epoch: int  # how many unknown durations had passed when it began
    resume: ast.Resume | None = None
    length: int | None = None  # None: unknown, or never resumed


@record(frozen=False)
class Timeline:
    """What the clock found: every action's (start, duration) and every pause window."""

    lease: int
    known: bool  # whether the whole runbook's duration is known
    total: int  # the known part of the clock at the end
    windows: list[Window] = field(default_factory=list)
    # (action, cluster name or None, start, duration); start None once unknown.
    bars: list[tuple[ast.Action, str | None, int | None, int | None]] = field(default_factory=list)


def has_durations(runbook: ast.Runbook, topology: Topology) -> bool:
    """Whether any duration is declared: without one no window can be judged."""
    if "node-upgrade" in topology.assumptions:
        return True
    if any(c.declaration.node_upgrade is not None for c in topology.clusters):
        return True
    return any(type(a) is ast.Wait for a in _actions(runbook.statements))


def _actions(statements: Iterable[ast.Statement | ast.Action]) -> Iterable[ast.Action]:
    for statement in statements:
        if type(statement) is ast.Step or type(statement) is ast.Parallel:
            yield from _actions(statement.body)
        elif isinstance(statement, ast.ACTIONS):
            yield statement


class _Clock:
    def __init__(self, topology: Topology, version: Callable[[str], Version]) -> None:
        self.topology = topology
        self.version = version
        assumed = topology.assumptions.get("node-upgrade")
        default = assumed.duration.seconds if assumed is not None else None
        self.node_upgrade: list[int | None] = [
            c.declaration.node_upgrade.seconds
            if c.declaration.node_upgrade is not None
            else default
            for c in topology.clusters
        ]
        self.nodes: list[list[Version]] = [[c.version] * len(c.nodes) for c in topology.clusters]
        lease = topology.assumptions.get("retention-lease")
        self.timeline = Timeline(
            lease.duration.seconds if lease is not None else DEFAULT_LEASE, True, 0
        )
        self.now = 0  # the known part of the clock
        self.epoch = 0  # unknown durations so far: a window spanning one is not judged
        self.open: dict[int, Window] = {}
        self.active = [True] * len(topology.relations)

    # -- what an action takes ---------------------------------------------------

    def upgrade_cost(
        self, action: ast.Upgrade
    ) -> tuple[int | None, int | None, list[int], Version]:
        """(cluster, seconds or None, the nodes it changes, version); cluster None: ignored."""
        cluster = self.topology.by_name.get(action.cluster.text)
        target = self.version(action.version.text)
        if cluster is None:
            return None, 0, [], target
        versions = self.nodes[cluster.index]
        if action.node is not None:
            node = cluster.node_index.get(action.node.text)
            if node is None:  # RL106: ignored
                return None, 0, [], target
            changed = [node] if versions[node] != target else []
        else:
            changed = [n for n, v in enumerate(versions) if v != target]
        if not changed:
            return cluster.index, 0, [], target
        each = self.node_upgrade[cluster.index]
        return cluster.index, (each * len(changed) if each is not None else None), changed, target

    def relations(self, operand: ast.Relation | None) -> Iterable[int]:
        if operand is None:
            return range(len(self.topology.relations))
        by_name = self.topology.by_name
        if operand.follower.text not in by_name or operand.leader.text not in by_name:
            return ()
        return self.topology.match(operand)

    # -- the clock ----------------------------------------------------------------

    def advance(self, seconds: int | None) -> None:
        if seconds is None:
            self.epoch += 1
            self.timeline.known = False
        else:
            self.now += seconds

    def stamp(self) -> int | None:
        return self.now if self.timeline.known else None

    def pause(self, action: ast.Pause, at: int, epoch: int) -> None:
        for r in self.relations(action.relation):
            if self.active[r]:
                self.active[r] = False
                window = Window(r, action, at, epoch)
                self.open[r] = window
                self.timeline.windows.append(window)

    def resume(self, action: ast.Resume, checker: Checker | None) -> None:
        over: list[tuple[int, int, ast.Pause]] = []
        for r in self.relations(action.relation):
            if self.active[r]:
                continue
            self.active[r] = True
            window = self.open.pop(r, None)
            if window is None:
                continue
            window.resume = action
            if window.epoch == self.epoch:
                window.length = self.now - window.start
                if window.length > self.timeline.lease:
                    over.append((r, window.length, window.pause))
        if over and checker is not None:
            report(checker, action, over, self.timeline.lease)

    def apply(self, cluster: int, changed: list[int], version: Version) -> None:
        versions = self.nodes[cluster]
        for n in changed:
            versions[n] = version

    def action(self, action: ast.Action, checker: Checker | None) -> None:
        kind = type(action)
        if kind is ast.Upgrade:
            assert isinstance(action, ast.Upgrade)
            cluster, cost, changed, version = self.upgrade_cost(action)
            name = action.cluster.text if cluster is not None else None
            self.timeline.bars.append((action, name, self.stamp(), cost))
            self.advance(cost)
            if cluster is not None:
                self.apply(cluster, changed, version)
        elif kind is ast.Wait:
            assert isinstance(action, ast.Wait)
            self.timeline.bars.append((action, None, self.stamp(), action.duration.seconds))
            self.advance(action.duration.seconds)
        elif kind is ast.Pause:
            assert isinstance(action, ast.Pause)
            self.pause(action, self.now, self.epoch)
        elif kind is ast.Resume:
            assert isinstance(action, ast.Resume)
            self.resume(action, checker)

    def parallel(self, block: ast.Parallel, checker: Checker | None) -> None:
        # Every action starts with the block and ends with it: costs are judged
        # on the state before the block, pauses count at its start, resumes at
        # its end (rules.md, the parallel-block clauses).
        start, epoch, stamp = self.now, self.epoch, self.stamp()
        longest: int | None = 0
        applied: list[tuple[int, list[int], Version]] = []
        for item in block.body:
            if type(item) is ast.Upgrade:
                assert isinstance(item, ast.Upgrade)
                cluster, cost, changed, version = self.upgrade_cost(item)
                name = item.cluster.text if cluster is not None else None
                self.timeline.bars.append((item, name, stamp, cost))
                if cluster is not None:
                    applied.append((cluster, changed, version))
            elif type(item) is ast.Wait:
                assert isinstance(item, ast.Wait)
                cost = item.duration.seconds
                self.timeline.bars.append((item, None, stamp, cost))
            else:
                continue
            if cost is None or longest is None:
                longest = None
            else:
                longest = max(longest, cost)
        for cluster, changed, version in applied:  # the state after: file order
            self.apply(cluster, changed, version)
        self.advance(longest)
        for item in block.body:
            if type(item) is ast.Pause:
                assert isinstance(item, ast.Pause)
                self.pause(item, start, epoch)
            elif type(item) is ast.Resume:
                assert isinstance(item, ast.Resume)
                self.resume(item, checker)

    def run(self, statements: Iterable[ast.Statement], checker: Checker | None) -> Timeline:
        for statement in statements:
            kind = type(statement)
            if kind is ast.Step:
                assert isinstance(statement, ast.Step)
                self.run(statement.body, checker)
            elif kind is ast.Parallel:
                assert isinstance(statement, ast.Parallel)
                self.parallel(statement, checker)
            elif isinstance(statement, ast.ACTIONS):
                self.action(statement, checker)
        return self.timeline


def timeline(
    runbook: ast.Runbook, topology: Topology, version: Callable[[str], Version]
) -> Timeline:
    """The clock over the whole runbook, without diagnostics (the Markdown report, plan)."""
    clock = _Clock(topology, version)
    clock.run(runbook.statements, None)
    clock.timeline.total = clock.now
    return clock.timeline


def check_time(checker: Checker) -> None:
    """RL310 at every resume whose windows are known and longer than the lease."""
    if not has_durations(checker.runbook, checker.topology):
        return
    clock = _Clock(checker.topology, checker.version)
    clock.run(checker.runbook.statements, checker)


def report(
    checker: Checker,
    resume: ast.Resume,
    over: list[tuple[int, int, ast.Pause]],
    lease: int,
) -> None:
    relations = checker.topology.relations
    named = ", ".join(
        f"'{relations[r].describe()}' for {format_duration(length)}" for r, length, _ in over
    )
    related = [(p.span, f"'{relations[r].describe()}' is paused here") for r, _, p in over]
    checker.emit(
        "RL310",
        resume.span,
        f"following resumed after a pause longer than the retention lease "
        f"({format_duration(lease)}): {named}",
        related,
        "past the lease the leader may discard the history the follower needs and the "
        "follower index must be re-created: pause per hop, just around the group's own "
        "upgrades; upgrade the group's clusters at once in a 'parallel' block; or raise "
        "index.soft_deletes.retention_lease.period on the leader indices first and declare "
        "it with 'assume retention-lease'",
    )
