"""What every report format reads: a ``Finding`` stamped with its path, rule and severity."""

from __future__ import annotations

from runbook_lint.records import record, replace
from runbook_lint.severity import Severity
from runbook_lint.syntax.ast import Span


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
    rule: str = ""  # the rule's name, stamped with the severity (lint/stamp.py)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)
