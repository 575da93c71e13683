"""Pauses longer than the leader's retention lease (RL310).

The clock (``check/clock.py``) measures every pause window on the simulation's
events; this family reports, at the resume, each window that is known and
longer than the lease.
"""

from __future__ import annotations

from runbook_lint.check.clock import Clock, Overdue, format_duration, has_durations
from runbook_lint.rule import Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.syntax import ast


class Lease(Clock):
    def wanted(self) -> bool:
        return has_durations(self.context.runbook, self.topology)

    def overdue(self, resume: ast.Resume, over: Overdue) -> None:
        relations = self.topology.relations
        named = ", ".join(
            f"'{relations[r].describe()}' for {format_duration(length)}" for r, length, _ in over
        )
        related = [(p.span, f"'{relations[r].describe()}' is paused here") for r, _, p in over]
        self.emit(
            "RL310",
            resume.span,
            f"following resumed after a pause longer than the retention lease "
            f"({format_duration(self.timeline.lease)}): {named}",
            related,
            "past the lease the leader may discard the history the follower needs and the "
            "follower index must be re-created: pause per hop, just around the group's own "
            "upgrades; upgrade the group's clusters at once in a 'parallel' block; or raise "
            "index.soft_deletes.retention_lease.period on the leader indices first and declare "
            "it with 'assume retention-lease'",
        )


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
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
)
