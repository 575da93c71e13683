"""The checker: simulate a runbook's actions and report every broken rule.

``check_runbook`` is the entry point.  ``simulation.Simulation`` applies the
actions and emits events (``events.py``); each rule family in ``rules/``
observes them through the view of the state (``view.py``: the exact state;
``worstcase.py``: inside a `parallel` block); ``state.State`` is the one
mutable thing.
"""

from __future__ import annotations

from runbook_lint.syntax.ast import Runbook

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.findings import Finding
    from runbook_lint.model.topology import Topology


_FAMILIES: tuple[type, ...] = ()


def families() -> tuple[type, ...]:
    """Every rule family, in the order their findings are gathered."""
    global _FAMILIES  # imported on first use (start-up), then kept
    if _FAMILIES:
        return _FAMILIES
    from runbook_lint.check.rules.completion import Completion
    from runbook_lint.check.rules.declarations import Declarations
    from runbook_lint.check.rules.lease import Lease
    from runbook_lint.check.rules.names import Names
    from runbook_lint.check.rules.node_order import NodeOrder
    from runbook_lint.check.rules.order import Order
    from runbook_lint.check.rules.parallel import Parallel
    from runbook_lint.check.rules.paths import Paths
    from runbook_lint.check.rules.switches import Switches

    _FAMILIES = (
        Declarations,
        Names,
        Order,
        NodeOrder,
        Paths,
        Switches,
        Parallel,
        Completion,
        Lease,
    )
    return _FAMILIES


def check_runbook(runbook: Runbook, topology: Topology | None = None) -> list[Finding]:
    """Every finding of every rule family on ``runbook`` (the linter stamps them)."""
    from runbook_lint.check.rules import Context
    from runbook_lint.check.simulation import Simulation
    from runbook_lint.model.topology import build
    from runbook_lint.model.versions import Version

    cache: dict[str, Version] = {}

    def version(text: str) -> Version:
        value = cache.get(text)
        if value is None:
            value = cache[text] = Version.parse(text)
        return value

    if topology is None:
        topology = build(runbook, version)
    context = Context(runbook, topology, version)
    observers = [family(context) for family in families()]
    Simulation(context, [f for f in observers if f.wanted()]).run()
    return context.findings


def declaration_findings(topology: Topology) -> list[Finding]:
    """The findings about the declarations alone (RL101-RL104, RL107), in line order."""
    from runbook_lint.check.rules import declarations, names

    found = declarations.declaration_findings(topology) + names.declaration_findings(topology)
    return sorted(found, key=lambda f: (f.span.line, f.span.column))
