"""The planner's guard: its plan, run through the same simulation as `check`.

The design of ``planner.py`` guarantees a valid plan with the version data as
it is; this turns a surprise (an odd ``--via``, say) into a clear refusal
instead of a wrong plan.  The plan is turned into the runbook it stands for
(statements only, each on a line of its own) and simulated with the rule
families that judge actions; any finding, or a node off the target at the
end, refuses the plan.
"""

from __future__ import annotations

from runbook_lint.check.rules import Context
from runbook_lint.check.simulation import Simulation
from runbook_lint.plan.model import Note, Parallel, Plan, PlanError, Switch, Upgrade
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.check.clock import Timeline
    from runbook_lint.model.topology import Topology


class _Lines:
    """Synthetic spans: action number n stands on line n, column 0 (no parsed span
    has column 0, so a finding on a declaration is told apart); ``what`` says
    what each line is."""

    def __init__(self) -> None:
        self.what: list[str] = [""]
        self.step: list[int] = [0]  # the plan's step number of each line

    def span(self, what: str, step: int) -> ast.Span:
        self.what.append(what)
        self.step.append(step)
        line = len(self.what) - 1
        return ast.Span(line, 0, line, 0)


def _upgrade(upgrade: Upgrade, step: int, lines: _Lines) -> ast.Upgrade:
    on = f" node {upgrade.node}" if upgrade.node is not None else ""
    span = lines.span(f"step {step}: upgrade {upgrade.cluster}{on} to {upgrade.version}", step)
    node = ast.Name(upgrade.node, span) if upgrade.node is not None else None
    return ast.Upgrade(
        ast.Name(upgrade.cluster, span), node, ast.VersionText(str(upgrade.version), span), span
    )


def _switch(switch: Switch, step: int, lines: _Lines) -> ast.Pause | ast.Resume:
    ref = switch.operand
    span = lines.span(f"step {step}: {switch.action} {ref.describe()}", step)
    qualifier = None
    if ref.kind is not None:
        assert ref.label is not None  # a qualified reference has both
        qualifier = ast.Qualifier(ref.kind, ref.label, span)
    relation = ast.Relation(
        ast.Name(ref.follower, span), ast.Name(ref.leader, span), qualifier, span
    )
    return ast.Pause(relation, span) if switch.action == "pause" else ast.Resume(relation, span)


def as_runbook(result: Plan, lines: _Lines) -> ast.Runbook:
    steps: list[ast.Statement] = []
    for step in result.steps:
        body: list[ast.Action | ast.Parallel] = []
        for action in step.actions:
            if isinstance(action, Upgrade):
                body.append(_upgrade(action, step.number, lines))
            elif isinstance(action, Switch):
                body.append(_switch(action, step.number, lines))
            elif isinstance(action, Parallel):
                span = lines.span(f"step {step.number}: {action.title}", step.number)
                upgrades = tuple(_upgrade(u, step.number, lines) for u in action.upgrades)
                body.append(ast.Parallel(action.title, upgrades, span))
            else:
                assert isinstance(action, Note)  # notes change nothing
        span = lines.span(f"step {step.number}", step.number)
        steps.append(ast.Step(step.title, tuple(body), span))
    return ast.Runbook(None, tuple(steps), ())


def verify(topology: Topology, result: Plan) -> tuple[Timeline, list[int]]:
    """PlanError unless the plan breaks no rule and ends with every node on the target.

    Returns the plan's timeline as the clock measures it (``check/clock.py``)
    and the plan's step number of each of its actions' lines, for the times
    that ``timing.py`` puts on the steps.  Once the plan has raised the lease,
    a pause window longer than the lease it declares refuses it.
    """
    from runbook_lint.check.clock import Clock
    from runbook_lint.check.rules.completion import Completion
    from runbook_lint.check.rules.node_order import NodeOrder
    from runbook_lint.check.rules.order import Order
    from runbook_lint.check.rules.parallel import Parallel as ParallelRule
    from runbook_lint.check.rules.paths import Paths
    from runbook_lint.check.rules.switches import Switches
    from runbook_lint.model.versions import Version as V

    lines = _Lines()
    runbook = as_runbook(result, lines)
    context = Context(runbook, topology, V.parse)
    clock = Clock(context)
    families = [f(context) for f in (Order, NodeOrder, Paths, Switches, ParallelRule, Completion)]
    simulation = Simulation(context, [*families, clock])
    simulation.run()
    # Findings on the start are the declarations' (check_start refused those):
    # only a finding on a planned action, or one at the end, refuses the plan.
    for finding in sorted(context.findings, key=lambda f: f.span.line):
        if finding.span.column != 0:
            continue  # on a declaration: the start (check_start) or the end (below)
        at = lines.what[finding.span.line]
        raise PlanError(f"the plan would break {finding.code} at {at}: {finding.message}")
    state = simulation.state
    for cluster in topology.clusters:
        if any(v != result.target for v in state.nodes[cluster.index]):
            raise PlanError(f"'{cluster.name}' would not reach {result.target}")
    if not all(state.active):
        raise PlanError("following would be left paused")
    timeline = clock.timeline
    if result.lease_raised and result.assume_lease is not None:
        from runbook_lint.syntax.builder import duration_value

        lease = duration_value(result.assume_lease)[0]
        timeline.lease = lease  # the plan's own: its chart marks only what outlasts that
        for window in timeline.windows:
            if window.length is not None and window.length > lease:
                at = lines.what[window.pause.span.line]
                raise PlanError(f"the pause at {at} would outlast the {result.assume_lease} lease")
    return timeline, lines.step
