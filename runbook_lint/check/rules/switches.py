"""Pauses and resumes that change nothing (RL307): the relation is already in
that state (in some order, inside a `parallel` block).
"""

from __future__ import annotations

from runbook_lint.check.rules import Family
from runbook_lint.rule import Rule, Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.events import Switched
    from runbook_lint.check.rules import View


class Switches(Family):
    def paused(self, event: Switched, view: View) -> None:
        if not event.everything and all(view.may_be_paused(r, event) for r in event.relations):
            self._already(event, view, "paused", "resume the relation before it")

    def resumed(self, event: Switched, view: View) -> None:
        if not event.everything and all(view.may_be_active(r, event) for r in event.relations):
            self._already(event, view, "active", "pause the relation before it")

    def _already(self, event: Switched, view: View, state: str, instead: str) -> None:
        operand = event.action.relation
        assert operand is not None  # `pause all` / `resume all` never fire it
        verb = "pause" if event.pauses else "resume"
        if view.exact:
            message = f"'{operand.describe()}' is already {state}"
            help = f"remove this {verb}, or {instead}"
        else:
            message = f"'{operand.describe()}' is already {state} in some order of this block"
            help = f"remove this {verb}, or move it out of the parallel block"
        self.emit("RL307", event.action.span, message, help=help)


# -- the catalogue's entries (catalogue.py collects them) ---------------------

RULES: tuple[Rule, ...] = (
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
)
