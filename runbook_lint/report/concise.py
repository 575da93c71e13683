"""`concise`: one line per diagnostic, `PATH:LINE:COL: SEVERITY[CODE] MESSAGE`."""

from __future__ import annotations

from runbook_lint.report import statistics_lines, summary_line
from runbook_lint.report.colors import paint
from runbook_lint.report.full import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.report import ReportOptions, Results


def render(results: Results, options: ReportOptions) -> str:
    lines = []
    for result in results:
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            where = f"{printable(d.path)}:{d.span.line}:{d.span.column}:"
            severity = paint(f"{d.severity.value}[{d.code}]", d.severity.value, options.color)
            # Nothing from a runbook (or a file name) reaches the terminal raw:
            # no ESC sequence, CR or line separator.
            message = printable(d.message)
            lines.append(f"{paint(where, 'bold', options.color)} {severity} {message}")
    if options.statistics:
        lines.extend(statistics_lines(results))
    if not options.quiet:
        lines.append(summary_line(results))
    return "".join(line + "\n" for line in lines)
