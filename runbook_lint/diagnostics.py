"""The one Diagnostic type every stage produces and every report format reads."""

from __future__ import annotations

from enum import Enum

from runbook_lint.ast import Span
from runbook_lint.records import record, replace


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe: used for --fail-on."""
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
SEVERITIES = tuple(severity.value for severity in Severity)  # as words: error, warning, info


@record
class Related:
    path: str
    span: Span
    message: str


@record
class Diagnostic:
    path: str
    span: Span
    code: str
    severity: Severity
    message: str
    related: tuple[Related, ...] = ()
    help: str | None = None
    label: str | None = None  # a few words shown under the caret in the full format

    @property
    def rule(self) -> str:
        from runbook_lint.rules import RULES

        return RULES[self.code].name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)
