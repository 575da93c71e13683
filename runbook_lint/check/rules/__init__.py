"""The rule families: each module holds its rules and the code that fires them.

A family is a ``Family`` subclass that observes the simulation's events
(``check/events.py``) through the view it is handed (``check/view.py``) and
appends ``Finding``s.  It overrides only the handlers it needs; the simulation
calls only those.  Families never talk to each other and always all run: what
is shown is decided later, in one place (``lint/policy.py``).

The module also declares its rules' catalogue entries (``RULES``), which
``catalogue.py`` collects.  Adding a rule: CONTRIBUTING.md.
"""

from __future__ import annotations

from runbook_lint.findings import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from runbook_lint.check.events import Block, Ignored, Switched, Upgraded, Waited
    from runbook_lint.check.view import ExactView
    from runbook_lint.check.worstcase import BlockView
    from runbook_lint.model.topology import Topology
    from runbook_lint.model.versions import Version
    from runbook_lint.syntax import ast
    from runbook_lint.syntax.ast import Span

    View = ExactView | BlockView

HANDLERS = ("start", "upgraded", "paused", "resumed", "waited", "ignored", "entered", "left", "end")


class Context:
    """What every family of one run shares: the runbook, its topology, the findings."""

    __slots__ = ("runbook", "topology", "version", "findings")

    def __init__(
        self, runbook: ast.Runbook, topology: Topology, version: Callable[[str], Version]
    ) -> None:
        self.runbook = runbook
        self.topology = topology
        self.version = version  # version text -> Version, cached for the run
        self.findings: list[Finding] = []


class Family:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.topology = context.topology
        self._findings = context.findings

    def wanted(self) -> bool:
        """Whether this run needs the family at all (the lease family: any duration)."""
        return True

    def emit(
        self,
        code: str,
        span: Span,
        message: str,
        related: Iterable[tuple[Span, str]] = (),
        help: str | None = None,
        label: str | None = None,
    ) -> None:
        self._findings.append(Finding(code, span, message, tuple(related), help, label))

    def declared_here(self, r: int) -> tuple[Span, str]:
        relation = self.topology.relations[r]
        return relation.declaration.span, f"'{relation.describe()}' is declared here"

    # -- the events (see check/events.py); overridden where a family needs them

    def start(self, view: ExactView) -> None: ...
    def upgraded(self, event: Upgraded, view: View) -> None: ...
    def paused(self, event: Switched, view: View) -> None: ...
    def resumed(self, event: Switched, view: View) -> None: ...
    def waited(self, event: Waited, view: View) -> None: ...
    def ignored(self, event: Ignored) -> None: ...
    def entered(self, block: Block, view: BlockView) -> None: ...
    def left(self, block: Block, view: ExactView) -> None: ...
    def end(self, view: ExactView) -> None: ...


def listing(shown: list[str], total: int) -> str:
    """``shown`` joined, and how many of ``total`` were left out."""
    rest = total - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest > 0 else "")
