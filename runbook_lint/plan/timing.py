"""The plan's times (cli.md, "plan"; language.md, "Time").

The plan is measured by the same clock as `check` (``verify`` runs it): each
step's estimated start and duration come from the clock's bars, the total from
its end.  Where a bi-directional group's pause window would outlast the
retention lease, the plan keeps its (shortest) window and raises the lease
around it: a step before the pause says to raise
``index.soft_deletes.retention_lease.period`` on the leader indices of the
paused relations to the window plus one hour, rounded up to the hour, the plan
declares that lease with ``assume retention-lease``, and a step after the
resume says to restore the setting.
"""

from __future__ import annotations

import dataclasses

from runbook_lint.check.clock import format_duration
from runbook_lint.model import ccr_api as api
from runbook_lint.plan.model import Note, Plan, Stage, Step, Switch

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.clock import Timeline

HOUR = 3600
MARGIN = HOUR  # the raised lease covers the window plus this, rounded up to the hour


def raised_lease(plan: Plan, timeline: Timeline, step_of: list[int]) -> Plan | None:
    """The plan with the lease raised around every window longer than it, or None."""
    over = [w for w in timeline.windows if w.length is not None and w.length > timeline.lease]
    if not over:
        return None
    longest = max(w.length for w in over if w.length is not None)
    lease = -(-(longest + MARGIN) // HOUR) * HOUR
    text = format_duration(lease)
    windows: dict[int, int] = {}  # step -> its longest window over the lease
    for w in over:
        assert w.length is not None
        paused_in = step_of[w.pause.span.line]
        windows[paused_in] = max(windows.get(paused_in, 0), w.length)
    stages = []
    added = 0  # steps added so far: the paused step's number in the new plan moves on
    for stage in plan.stages:
        steps: list[Step] = []
        for step in stage.steps:
            if step.number in windows:
                number = step.number + added + 1
                steps.append(_raise(step, number, windows[step.number], timeline.lease, text))
                steps.append(step)
                steps.append(_restore(step, number))
                added += 2
            else:
                steps.append(step)
        stages.append(dataclasses.replace(stage, steps=tuple(steps)))
    return dataclasses.replace(
        plan, stages=_renumbered(stages), assume_lease=text, lease_raised=True
    )


def _pairs(step: Step) -> list[tuple[str, str]]:
    """(leader, follower) of each relation the step pauses, once each, in order."""
    pairs: list[tuple[str, str]] = []
    for action in step.actions:
        if isinstance(action, Switch) and action.action == "pause":
            for ref in action.relations:
                pair = (ref.leader, ref.follower)
                if pair not in pairs:
                    pairs.append(pair)
    return pairs


def _raise(step: Step, number: int, window: int, lease: int, text: str) -> Step:
    notes = [
        Note(
            f"the pause of step {number} lasts about {format_duration(window)}, longer "
            f"than the {format_duration(lease)} retention lease: raise the lease first, so "
            "that the leaders keep the history their followers need"
        )
    ]
    for leader, follower in _pairs(step):
        notes.append(
            Note(
                f"on {leader}: {api.PUT_SETTINGS} "
                f'{{"{api.LEASE_SETTING}": "{text}"}} for each leader index that {follower} follows'
            )
        )
    return Step(
        0, f"raise the retention lease to {text} for step {number}", (), False, tuple(notes)
    )


def _restore(step: Step, number: int) -> Step:
    notes = [
        Note(
            f"on {leader}: restore {api.LEASE_SETTING} on the leader indices that {follower} "
            f"follows ({api.PUT_SETTINGS} with the value they had before, or null for the default)"
        )
        for leader, follower in _pairs(step)
    ]
    return Step(0, f"restore the retention lease raised for step {number}", (), False, tuple(notes))


def _renumbered(stages: list[Stage]) -> tuple[Stage, ...]:
    number = 0
    out = []
    for stage in stages:
        steps = []
        for step in stage.steps:
            number += 1
            steps.append(dataclasses.replace(step, number=number))
        out.append(dataclasses.replace(stage, steps=tuple(steps)))
    return tuple(out)


def with_times(plan: Plan, timeline: Timeline, step_of: list[int]) -> Plan:
    """The plan with each step's estimated start and duration and the total."""
    timed = plan.assume_node_upgrade is not None or any(c.node_upgrade for c in plan.clusters)
    if not timed:
        return plan
    starts: dict[int, int | None] = {}
    for action, _, start, _ in timeline.bars:
        starts.setdefault(step_of[action.span.line], start)
    steps = plan.steps
    end = timeline.total if timeline.known else None
    times: dict[int, tuple[int | None, int | None]] = {}
    # Backwards: a step ends where the next one starts; a step without a bar
    # (the lease's notes) starts and ends there too.
    for step in reversed(steps):
        start = starts.get(step.number, end)
        duration = None if start is None or end is None else end - start
        times[step.number] = (start, duration)
        end = start
    stages = tuple(
        dataclasses.replace(
            stage,
            steps=tuple(
                dataclasses.replace(
                    step, start=times[step.number][0], duration=times[step.number][1]
                )
                for step in stage.steps
            ),
        )
        for stage in plan.stages
    )
    total = timeline.total if timeline.known else None
    return dataclasses.replace(plan, stages=stages, total=total, timed=True, timeline=timeline)
