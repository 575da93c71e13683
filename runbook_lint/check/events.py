"""What the simulation tells the rules: one record per thing that happens.

The simulation (``simulation.py``) resolves each action against the topology
and emits one of these; the rule families observe them through a read-only
view of the state (``view.py``).  An action whose names do not resolve is not
applied: it becomes an ``Ignored`` event instead.
"""

from __future__ import annotations

from runbook_lint.records import field, record
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from runbook_lint.model.versions import Version


@record(frozen=False)
class Upgraded:
    """An upgrade of a whole cluster (``node`` None) or of one node."""

    action: ast.Upgrade
    cluster: int
    node: int | None
    version: Version
    # The versions the named nodes ran before it (before the block, in a
    # `parallel` block): what RL301-RL303 and the clock judge.
    before: Sequence[Version] = ()


@record(frozen=False)
class Switched:
    """A pause or a resume (``action`` tells which), on the relations it names."""

    action: ast.Pause | ast.Resume
    relations: Sequence[int]  # in relation order; a range for `pause all` / `resume all`
    members: Collection[int]  # the same, for membership tests (a set or the range)
    # The relations it actually switched, filled when it is applied (after the
    # rules saw it; at the end of the block, in file order, inside one).
    turned: list[int] = field(default_factory=list)

    @property
    def everything(self) -> bool:
        return self.action.relation is None

    @property
    def pauses(self) -> bool:
        return type(self.action) is ast.Pause


@record
class Waited:
    action: ast.Wait


@record
class Ignored:
    """An action left out because a name does not resolve (RL101, RL105, RL106).

    ``why`` is "undeclared" (``names`` are the undeclared clusters), "no-node"
    (the cluster has no such node) or "no-match" (no declared relation).
    """

    action: ast.Upgrade | ast.Pause | ast.Resume
    why: str
    names: tuple[ast.Name, ...] = ()
    cluster: int | None = None


@record
class Block:
    """A `parallel` block: entered before its actions' events, left after them."""

    statement: ast.Parallel
    moves: list[Upgraded]  # its upgrades that resolved, in file order
    switches: list[Switched]  # its pauses and resumes that resolved, in file order
