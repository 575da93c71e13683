"""The runbook's syntax tree: frozen dataclasses, each carrying its span.

Spans are 1-based; ``end_column`` is exclusive, and columns count characters
(code points), as the output formats promise.  Names and versions keep their own
spans because diagnostics point at them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class VersionText:
    """A version as written; ``versions.Version.parse`` gives its value."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Comment:
    text: str  # from '#' to the end of the line
    span: Span


@dataclass(frozen=True, slots=True)
class Header:
    title: str
    span: Span


@dataclass(frozen=True, slots=True)
class Target:
    version: VersionText
    span: Span


@dataclass(frozen=True, slots=True)
class Cluster:
    name: Name
    version: VersionText
    nodes: tuple[Name, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Qualifier:
    kind: str  # "index" or "auto-follow"
    label: str
    span: Span


@dataclass(frozen=True, slots=True)
class Relation:
    """``FOLLOWER follows LEADER [index "x" | auto-follow "x"]``.

    Used both as a declaration and as the operand of ``pause``/``resume``.
    """

    follower: Name
    leader: Name
    qualifier: Qualifier | None
    span: Span

    def describe(self) -> str:
        text = f"{self.follower.text} follows {self.leader.text}"
        if self.qualifier is not None:
            text += f' {self.qualifier.kind} "{self.qualifier.label}"'
        return text


@dataclass(frozen=True, slots=True)
class Upgrade:
    cluster: Name
    node: Name | None
    version: VersionText
    span: Span


@dataclass(frozen=True, slots=True)
class Pause:
    relation: Relation | None  # None: `pause all`
    span: Span


@dataclass(frozen=True, slots=True)
class Resume:
    relation: Relation | None  # None: `resume all`
    span: Span


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    span: Span


Action = Upgrade | Pause | Resume | Note


@dataclass(frozen=True, slots=True)
class Parallel:
    title: str | None
    body: tuple[Action, ...]
    span: Span  # from the keyword to the closing brace


@dataclass(frozen=True, slots=True)
class Step:
    title: str | None
    body: tuple[Action | Parallel, ...]
    span: Span  # from the keyword to the closing brace


Declaration = Target | Cluster | Relation
Statement = Target | Cluster | Relation | Upgrade | Pause | Resume | Note | Step | Parallel
ACTIONS = (Upgrade, Pause, Resume, Note)
DECLARATIONS = (Target, Cluster, Relation)


@dataclass(frozen=True, slots=True)
class Runbook:
    header: Header | None
    statements: tuple[Statement, ...]  # top level, in file order
    comments: tuple[Comment, ...]
