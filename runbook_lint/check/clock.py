"""The runbook's clock (language.md, "Time"): when each action starts, how long
each pause lasts.

The clock observes the one simulation's events like a rule family; RL310
(``check/rules/lease.py``) judges the pause windows it measures, and the
Markdown report and the plan draw its timeline.  A runbook without durations
pays for one quick look at its declarations and nothing more.

Times are whole seconds.  ``None`` is an unknown time: an upgrade of a cluster
with no `node-upgrade` (its own or assumed) that changes a node.  An unknown
duration is never guessed: a window with one inside it is not judged.
"""

from __future__ import annotations

from runbook_lint.check.rules import Context, Family
from runbook_lint.records import field, record
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable

    from runbook_lint.check.events import Block, Ignored, Switched, Upgraded, Waited
    from runbook_lint.check.rules import View
    from runbook_lint.check.view import ExactView
    from runbook_lint.check.worstcase import BlockView
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
    return any(type(a) is ast.Wait for a in ast.actions(runbook.statements))


# A resume that ends windows longer than the lease: (relation, length, pause).
Overdue = list[tuple[int, int, ast.Pause]]


class Clock(Family):
    """Measures the runbook; ``overdue`` is called at each resume that ends a window
    longer than the lease (RL310's family overrides it)."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        topology = self.topology
        assumed = topology.assumptions.get("node-upgrade")
        default = assumed.duration.seconds if assumed is not None else None
        self.node_upgrade: list[int | None] = [
            c.declaration.node_upgrade.seconds
            if c.declaration.node_upgrade is not None
            else default
            for c in topology.clusters
        ]
        lease = topology.assumptions.get("retention-lease")
        self.timeline = Timeline(
            lease.duration.seconds if lease is not None else DEFAULT_LEASE, True, 0
        )
        self.now = 0  # the known part of the clock
        self.epoch = 0  # unknown durations so far: a window spanning one is not judged
        self.open: dict[int, Window] = {}
        # Inside a `parallel` block: (its start, its epoch, the longest action so
        # far or None once one is unknown).  Every action starts with the block
        # and ends with it: costs are judged on the state before the block,
        # pauses count at its start, resumes at its end (rules.md).
        self.block: tuple[int, int, int | None] | None = None

    def overdue(self, resume: ast.Resume, over: Overdue) -> None: ...

    # -- the clock ---------------------------------------------------------------

    def advance(self, seconds: int | None) -> None:
        if seconds is None:
            self.epoch += 1
            self.timeline.known = False
        else:
            self.now += seconds

    def stamp(self) -> int | None:
        # Inside a block the clock stands still until it is left: every action
        # of the block starts at the block's start.
        return self.now if self.timeline.known else None

    def spend(self, action: ast.Action, cluster: str | None, cost: int | None) -> None:
        """An action of ``cost`` seconds (None: unknown) starts now."""
        self.timeline.bars.append((action, cluster, self.stamp(), cost))
        if self.block is None:
            self.advance(cost)
            return
        start, epoch, longest = self.block
        if cost is None or longest is None:
            self.block = (start, epoch, None)
        else:
            self.block = (start, epoch, max(longest, cost))

    # -- the events ----------------------------------------------------------------

    def upgraded(self, event: Upgraded, view: View) -> None:
        changed = sum(1 for v in event.before if v != event.version)
        each = self.node_upgrade[event.cluster]
        cost = 0 if not changed else (each * changed if each is not None else None)
        self.spend(event.action, event.action.cluster.text, cost)

    def ignored(self, event: Ignored) -> None:
        if type(event.action) is ast.Upgrade:
            self.spend(event.action, None, 0)

    def waited(self, event: Waited, view: View) -> None:
        self.spend(event.action, None, event.action.duration.seconds)

    def paused(self, event: Switched, view: View) -> None:
        if self.block is None:
            self.pause(event, self.now, self.epoch)

    def resumed(self, event: Switched, view: View) -> None:
        if self.block is None:
            self.resume(event)

    def entered(self, block: Block, view: BlockView) -> None:
        self.block = (self.now, self.epoch, 0)

    def left(self, block: Block, view: ExactView) -> None:
        assert self.block is not None
        start, epoch, longest = self.block
        self.block = None
        self.advance(longest)
        for switch in block.switches:  # in file order, as the block applied them
            if switch.pauses:
                self.pause(switch, start, epoch)
            else:
                self.resume(switch)

    def end(self, view: ExactView) -> None:
        self.timeline.total = self.now

    # -- pause windows -------------------------------------------------------------

    def pause(self, event: Switched, at: int, epoch: int) -> None:
        action = event.action
        assert type(action) is ast.Pause
        for r in event.turned:
            window = Window(r, action, at, epoch)
            self.open[r] = window
            self.timeline.windows.append(window)

    def resume(self, event: Switched) -> None:
        action = event.action
        assert type(action) is ast.Resume
        over: Overdue = []
        for r in event.turned:
            window = self.open.pop(r, None)
            if window is None:
                continue
            window.resume = action
            if window.epoch == self.epoch:
                window.length = self.now - window.start
                if window.length > self.timeline.lease:
                    over.append((r, window.length, window.pause))
        if over:
            self.overdue(action, over)


def timeline(
    runbook: ast.Runbook, topology: Topology, version: Callable[[str], Version]
) -> Timeline:
    """The clock over the whole runbook, without diagnostics (the Markdown report, plan)."""
    from runbook_lint.check.simulation import Simulation

    clock = Clock(Context(runbook, topology, version))
    Simulation(clock.context, (clock,)).run()
    return clock.timeline
