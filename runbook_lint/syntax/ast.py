"""The runbook's syntax tree: frozen records (records.py), each carrying its span.

Spans are 1-based; ``end_column`` is exclusive, and columns count characters
(code points), as the output formats promise.  Names and versions keep their own
spans because diagnostics point at them.
"""

from __future__ import annotations

from runbook_lint.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


@record
class Span:
    line: int
    column: int
    end_line: int
    end_column: int


@record
class Name:
    text: str
    span: Span


@record
class VersionText:
    """A version as written; ``versions.Version.parse`` gives its value."""

    text: str
    span: Span


@record
class Comment:
    text: str  # from '#' to the end of the line
    span: Span


@record
class Header:
    title: str
    span: Span


@record
class Target:
    version: VersionText
    span: Span


@record
class Duration:
    """A duration as written (``1h30m``) and its value in seconds."""

    text: str
    seconds: int
    span: Span


@record
class NodeVersion:
    """A node's ``version VERSION`` attribute: the version it starts on."""

    version: VersionText
    span: Span  # from the keyword to the version


@record
class Node:
    """A node of a ``nodes`` list: ``es-h1 (data_hot, ingest, version 8.15.1)``.

    ``attributes`` are as written, in order, repetitions and unknown roles
    included: the model judges them (RL108) and ``format`` keeps them.
    """

    name: Name
    attributes: tuple[Name | NodeVersion, ...]
    span: Span  # the name, to the closing parenthesis when there are attributes

    @property
    def text(self) -> str:
        return self.name.text

    @property
    def roles(self) -> tuple[Name, ...]:
        """The role attributes as written (unknown and repeated ones included)."""
        return tuple(a for a in self.attributes if type(a) is Name)

    @property
    def version(self) -> VersionText | None:
        """The first ``version`` attribute (a later one is RL108 and ignored)."""
        for attribute in self.attributes:
            if type(attribute) is NodeVersion:
                return attribute.version
        return None


@record
class Cluster:
    name: Name
    version: VersionText
    nodes: tuple[Node, ...]
    span: Span
    node_upgrade: Duration | None = None  # the trailing `node-upgrade D`


@record
class Assume:
    """``assume node-upgrade D`` or ``assume retention-lease D`` (a declaration)."""

    kind: str  # "node-upgrade" or "retention-lease"
    duration: Duration
    span: Span


@record
class Qualifier:
    kind: str  # "index" or "auto-follow"
    label: str
    span: Span


@record
class Relation:
    """``FOLLOWER follows LEADER [index "x" | auto-follow "x"]``.

    Used both as a declaration and as the operand of ``pause``/``resume``.
    """

    follower: Name
    leader: Name
    qualifier: Qualifier | None
    span: Span

    def describe(self) -> str:
        qualifier = self.qualifier
        if qualifier is None:
            return describe(self.follower.text, self.leader.text)
        return describe(self.follower.text, self.leader.text, qualifier.kind, qualifier.label)


def describe(
    follower: str,
    leader: str,
    kind: str | None = None,
    label: str | None = None,
    *,
    escape: bool = False,
) -> str:
    """The one way a relation is written in messages and plans: as the language
    writes it, ``b follows a index "orders"``. A plan is parsed back, so it
    escapes the label's quote and backslash (ESCAPE); a message shows the label
    as the index is named, as it always has."""
    text = f"{follower} follows {leader}"
    if kind is not None:
        shown = str(label)
        if escape:
            shown = shown.replace("\\", "\\\\").replace('"', '\\"')
        text += f' {kind} "{shown}"'
    return text


@record
class Upgrade:
    cluster: Name
    node: Name | None
    version: VersionText
    span: Span


@record
class Pause:
    relation: Relation | None  # None: `pause all`
    span: Span


@record
class Resume:
    relation: Relation | None  # None: `resume all`
    span: Span


@record
class Note:
    text: str
    span: Span


@record
class Wait:
    """``wait D ["why"]``: time passes; an action."""

    duration: Duration
    reason: str | None
    span: Span


Action = Upgrade | Pause | Resume | Note | Wait


@record
class Parallel:
    title: str | None
    body: tuple[Action, ...]
    span: Span  # from the keyword to the closing brace


@record
class Step:
    title: str | None
    body: tuple[Action | Parallel, ...]
    span: Span  # from the keyword to the closing brace


Statement = (
    Target | Cluster | Relation | Assume | Upgrade | Pause | Resume | Note | Wait | Step | Parallel
)
ACTIONS = (Upgrade, Pause, Resume, Note, Wait)
DECLARATIONS = (Target, Cluster, Relation, Assume)


@record
class Runbook:
    header: Header | None
    statements: tuple[Statement, ...]  # top level, in file order
    comments: tuple[Comment, ...]


def actions(statements: Iterable[Statement | Action]) -> Iterator[Action]:
    """The one walk over a runbook's actions: file order, steps and blocks opened."""
    for statement in statements:
        if type(statement) is Step or type(statement) is Parallel:
            yield from actions(statement.body)
        elif isinstance(statement, ACTIONS):
            yield statement
