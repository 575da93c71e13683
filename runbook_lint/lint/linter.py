"""One file through the pipeline: decode, parse, check.

What the CLI hands to a report is a list of ``FileResult``; suppression and
configuration are applied to them afterwards, in one place (``policy``).
"""

from __future__ import annotations

from runbook_lint.diagnostics import Diagnostic
from runbook_lint.findings import Finding
from runbook_lint.lint.stamp import stamp
from runbook_lint.records import record
from runbook_lint.syntax import ast
from runbook_lint.syntax.ast import Span
from runbook_lint.syntax.source import Source, decode


@record(frozen=False)
class FileResult:
    source: Source
    diagnostics: list[Diagnostic]
    runbook: ast.Runbook | None = None  # None when it did not decode or parse
    comments: tuple[ast.Comment, ...] = ()

    @property
    def path(self) -> str:
        return self.source.path


def unreadable(path: str, problem: str) -> FileResult:
    """RL002 for a file whose bytes could not be read or decoded."""
    source = Source(path, None, problem)
    return FileResult(source, stamp(path, [Finding("RL002", Span(1, 1, 1, 1), problem)]))


def lint_bytes(path: str, data: bytes) -> FileResult:
    source = decode(path, data)
    if source.text is None:
        return unreadable(path, source.problem or "cannot be decoded")
    return lint_source(source)


def lint_source(source: Source) -> FileResult:
    from runbook_lint.syntax.parser import parse

    parsed = parse(source.text or "")
    if parsed.problems:
        diagnostics = stamp(source.path, parsed.problems)
        return FileResult(source, diagnostics, None, parsed.comments)
    from runbook_lint.check import check_runbook

    assert parsed.runbook is not None  # no problems: the parse gave a runbook
    diagnostics = stamp(source.path, check_runbook(parsed.runbook))
    return FileResult(source, diagnostics, parsed.runbook, parsed.comments)
