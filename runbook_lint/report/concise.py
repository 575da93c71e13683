"""`concise`: one line per diagnostic, `PATH:LINE:COL: SEVERITY[CODE] MESSAGE`."""

from __future__ import annotations

from runbook_lint.report import statistics_lines, summary_line
from runbook_lint.report.colors import paint


def render(results, options) -> str:
    lines = []
    for result in results:
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            where = f"{d.path}:{d.span.line}:{d.span.column}:"
            severity = paint(f"{d.severity.value}[{d.code}]", d.severity.value, options.color)
            message = d.message.replace("\r", "\\r").replace("\n", "\\n")
            lines.append(f"{paint(where, 'bold', options.color)} {severity} {message}")
    if options.statistics:
        lines.extend(statistics_lines(results))
    if not options.quiet:
        lines.append(summary_line(results))
    return "".join(line + "\n" for line in lines)
