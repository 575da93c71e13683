"""`json`: one JSON array, nothing else on standard output."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.diagnostics import Diagnostic
    from runbook_lint.report import ReportOptions, Results


def as_dict(d: Diagnostic) -> dict[str, object]:
    return {
        "path": d.path,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "code": d.code,
        "rule": d.rule,
        "severity": d.severity.value,
        "message": d.message,
        "related": [
            {"path": r.path, "line": r.span.line, "column": r.span.column, "message": r.message}
            for r in d.related
        ],
        "help": d.help,
    }


def render(results: Results, options: ReportOptions) -> str:
    items = [
        as_dict(d)
        for result in results
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key())
    ]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
