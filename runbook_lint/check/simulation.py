"""The one simulation: apply a runbook's actions and tell the rule families.

Every action is resolved against the topology and applied as written, even
after a violation, so one run reports every problem.  A sequential action's
event is seen on the exact state (an upgrade after it is applied, a pause or a
resume before); the actions of a `parallel` block are seen through the block's
worst case, then applied in file order.  ``check``, the clock behind the
timeline and the planner's verification all run this simulation.
"""

from __future__ import annotations

from runbook_lint.check.events import Block, Ignored, Switched, Upgraded, Waited
from runbook_lint.check.rules import HANDLERS, Context, Family
from runbook_lint.check.state import State
from runbook_lint.check.view import ExactView
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from runbook_lint.check.rules import View

Event = Upgraded | Switched | Waited | Ignored


_OVERRIDDEN: dict[type, tuple[str, ...]] = {}


def _overridden(kind: type) -> tuple[str, ...]:
    """The handlers a family class overrides, found once per class (a run of
    1,000 small files asked each family for each handler of each file)."""
    found = _OVERRIDDEN.get(kind)
    if found is None:
        found = _OVERRIDDEN[kind] = tuple(
            name for name in HANDLERS if getattr(kind, name) is not getattr(Family, name)
        )
    return found


class Simulation:
    def __init__(self, context: Context, families: Sequence[Family]) -> None:
        self.context = context
        self.topology = context.topology
        self.state = State(context.topology)
        self.view = ExactView(self.state)
        # Only the handlers a family overrides are called: an upgrade costs
        # as many calls as there are families that judge upgrades.
        self._handlers: dict[str, list[Callable[..., None]]] = {name: [] for name in HANDLERS}
        for family in families:
            for name in _overridden(type(family)):
                self._handlers[name].append(getattr(family, name))

    def run(self) -> None:
        view = self.view
        for handler in self._handlers["start"]:
            handler(view)
        for statement in self.context.runbook.statements:
            self.statement(statement)
        for handler in self._handlers["end"]:
            handler(view)

    def statement(self, statement: ast.Statement) -> None:
        # type() rather than isinstance(): records are never subclassed.
        kind = type(statement)
        if kind is ast.Step:
            assert isinstance(statement, ast.Step)
            for item in statement.body:
                self.statement(item)
        elif kind is ast.Parallel:
            assert isinstance(statement, ast.Parallel)
            self.parallel(statement)
        elif kind is ast.Upgrade or kind is ast.Pause or kind is ast.Resume or kind is ast.Wait:
            event = self.resolve(statement)  # type: ignore[arg-type]  # one of the four
            if type(event) is Upgraded:
                event.before = self.state.move(event.cluster, event.node, event.version)
                self.dispatch(event, self.view)
            elif type(event) is Switched:
                self.turn(event)
                self.dispatch(event, self.view)  # on the state before it
                self.switch(event)
            else:
                self.dispatch(event, self.view)
        # declarations took effect before the first action; notes change nothing

    # -- resolving names ---------------------------------------------------------

    def resolve(self, action: ast.Upgrade | ast.Pause | ast.Resume | ast.Wait) -> Event:
        topology = self.topology
        if type(action) is ast.Wait:
            return Waited(action)
        if type(action) is ast.Upgrade:
            cluster = topology.by_name.get(action.cluster.text)
            if cluster is None:
                return Ignored(action, "undeclared", (action.cluster,))
            node = None
            if action.node is not None:
                node = cluster.node_index.get(action.node.text)
                if node is None:
                    return Ignored(action, "no-node", cluster=cluster.index)
            return Upgraded(action, cluster.index, node, self.context.version(action.version.text))
        assert isinstance(action, (ast.Pause, ast.Resume))
        operand = action.relation
        if operand is None:
            everything = range(len(topology.relations))
            return Switched(action, everything, everything)
        missing = [n for n in (operand.follower, operand.leader) if n.text not in topology.by_name]
        if missing:
            return Ignored(action, "undeclared", tuple(missing))
        matched = topology.match(operand)
        if not matched:
            return Ignored(action, "no-match")
        return Switched(action, matched, matched)

    # -- applying and telling ----------------------------------------------------

    def dispatch(self, event: Event, view: View) -> None:
        kind = type(event)
        if kind is Upgraded:
            name = "upgraded"
        elif kind is Switched:
            assert isinstance(event, Switched)
            name = "paused" if event.pauses else "resumed"
        elif kind is Waited:
            name = "waited"
        else:
            for handler in self._handlers["ignored"]:
                handler(event)
            return
        for handler in self._handlers[name]:
            handler(event, view)

    def turn(self, event: Switched) -> None:
        """What a pause or a resume will switch, on the state as it is now."""
        active = self.state.active
        on = not event.pauses
        event.turned = [r for r in event.relations if active[r] != on]

    def switch(self, event: Switched) -> None:
        """Apply a pause or a resume whose ``turned`` is known."""
        on = not event.pauses
        span = event.action.span
        for r in event.turned:
            self.state.set_active(r, on, span)

    def parallel(self, statement: ast.Parallel) -> None:
        from runbook_lint.check.worstcase import BlockView

        nodes = self.state.nodes
        ordered: list[Event] = []
        moves: list[Upgraded] = []
        switches: list[Switched] = []
        for action in statement.body:
            if type(action) is ast.Note:
                continue
            event = self.resolve(action)  # type: ignore[arg-type]  # an action, not a note
            if type(event) is Upgraded:
                # Judged on the versions before the block (rules.md, "parallel").
                running = nodes[event.cluster]
                event.before = running if event.node is None else (running[event.node],)
                moves.append(event)
            elif type(event) is Switched:
                if not event.everything:
                    event.members = set(event.relations)  # membership in O(1)
                switches.append(event)
            ordered.append(event)
        block = Block(statement, moves, switches)
        view = BlockView(self.state, block)
        for handler in self._handlers["entered"]:
            handler(block, view)
        for event in ordered:
            self.dispatch(event, view)
        # The state after the block: its actions applied in file order.
        for event in ordered:
            if type(event) is Upgraded:
                self.state.move(event.cluster, event.node, event.version)
            elif type(event) is Switched:
                self.turn(event)
                self.switch(event)
        for handler in self._handlers["left"]:
            handler(block, self.view)
