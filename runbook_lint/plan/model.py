"""What a plan is: stages (hops), steps and their actions, as ``planner.py`` makes
them and the templates render them (``commands/plan.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from runbook_lint.model.versions import Version

if TYPE_CHECKING:
    from runbook_lint.check.clock import Timeline


class PlanError(Exception):
    """The topology cannot be planned; ``reason`` says why, in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RelationRef:
    """A follow relation as the runbook names it; ``kind`` None is unqualified."""

    follower: str
    leader: str
    kind: str | None = None
    label: str | None = None

    def describe(self) -> str:
        """As the runbook language writes it: ``b follows a index "orders"``."""
        from runbook_lint.syntax.ast import describe

        return describe(self.follower, self.leader, self.kind, self.label, escape=True)


@dataclass(frozen=True, slots=True)
class Upgrade:
    kind: ClassVar[str] = "upgrade"
    cluster: str
    node: str | None
    version: Version


@dataclass(frozen=True, slots=True)
class Switch:
    """A ``pause`` or ``resume`` statement (``action``) naming ``operand``.

    ``relations`` are the declared relations it covers, in the order their API
    calls should run (auto-follow patterns first for a pause, last for a resume).
    """

    action: str  # "pause" or "resume"
    operand: RelationRef
    relations: tuple[RelationRef, ...]
    # The leaders run a version without the pattern pause API (before 7.5.0):
    # its auto-follow patterns are deleted and re-created instead.
    recreate: bool = False

    @property
    def kind(self) -> str:
        return self.action


@dataclass(frozen=True, slots=True)
class Note:
    kind: ClassVar[str] = "note"
    text: str


@dataclass(frozen=True, slots=True)
class Parallel:
    kind: ClassVar[str] = "parallel"
    title: str
    upgrades: tuple[Upgrade, ...]


Action = Upgrade | Switch | Note | Parallel


@dataclass(frozen=True, slots=True)
class Step:
    number: int  # 1-based, counted over the whole plan
    title: str
    clusters: tuple[str, ...]  # the clusters it upgrades
    bidirectional: bool  # it upgrades (the clusters of) a bi-directional group
    actions: tuple[Action, ...]
    # Estimated by the clock (plan/timing.py), in seconds; None when unknown.
    start: int | None = None
    duration: int | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    """One hop: every cluster that must moves to ``version``."""

    number: int  # 1-based
    version: Version
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class PlannedCluster:
    name: str
    version: str  # the starting version, as declared
    nodes: tuple[str, ...]  # empty when the cluster declares no nodes
    declared: tuple[str, ...]  # the same with their attributes, as the plan declares them
    group: int | None  # its bi-directional group
    route: tuple[Version, ...]  # the versions it moves to, one per stage it takes part in
    node_upgrade: str | None = None  # its own `node-upgrade` duration, as declared


@dataclass(frozen=True, slots=True)
class Plan:
    target: Version
    parallel: bool
    clusters: tuple[PlannedCluster, ...]
    relations: tuple[RelationRef, ...]  # as declared, in declaration order
    bidirectional: tuple[RelationRef, ...]  # the relations inside a group
    groups: tuple[tuple[str, ...], ...]  # the clusters of each bi-directional group
    stages: tuple[Stage, ...]
    # Time (language.md, "Time"): the assumptions the plan declares, the
    # estimated total (None when some duration is unknown or none is given),
    # and whether the retention lease had to be raised for a pause window.
    assume_node_upgrade: str | None = None
    assume_lease: str | None = None
    lease_raised: bool = False
    total: int | None = None
    timed: bool = False  # whether any duration is known: the Markdown plan shows times
    timeline: Timeline | None = field(default=None, compare=False)  # the clock's, for the chart

    @property
    def versions(self) -> tuple[Version, ...]:
        return tuple(stage.version for stage in self.stages)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for stage in self.stages for step in stage.steps)
