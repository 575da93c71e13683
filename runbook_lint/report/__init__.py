"""Report formats: each module renders a list of FileResult to text.

The formats are imported on demand, so that `check` with the common formats
never loads jinja2 (markdown) or the XML machinery (junit).
"""

from __future__ import annotations

import importlib

from runbook_lint.records import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.lint.linter import FileResult

    Results = Sequence[FileResult]  # what every format renders

# The one list of `check --format` values (the CLI reads it), in the spec's order.
FORMATS = {
    "full": "runbook_lint.report.full",
    "concise": "runbook_lint.report.concise",
    "json": "runbook_lint.report.json_format",
    "sarif": "runbook_lint.report.sarif",
    "github": "runbook_lint.report.github",
    "junit": "runbook_lint.report.junit",
    "markdown": "runbook_lint.report.markdown",
}


@record
class ReportOptions:
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    fail_on_rank: int = 2  # the lowest severity rank that fails (junit marks only those)
    exit_zero: bool = False  # --exit-zero: the SARIF invocation's exitCode says 0
    sarif_category: str | None = None  # --sarif-category: automationDetails.id's suffix


def render(name: str, results: Results, options: ReportOptions) -> str:
    module = importlib.import_module(FORMATS[name])
    rendered: str = module.render(results, options)
    return rendered


def summary_line(results: Results) -> str:
    """`Found 2 errors and 1 warning in 3 files.` or `All checks passed (3 files).`"""
    counts = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for diagnostic in result.diagnostics:
            counts[diagnostic.severity.value] += 1
    files = f"{len(results)} file" + ("" if len(results) == 1 else "s")
    parts = [f"{n} {word}" + ("" if n == 1 else "s") for word, n in counts.items() if n]
    if not parts:
        return f"All checks passed ({files})."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Found {listed} in {files}."


def rule_counts(results: Results) -> list[tuple[str, int]]:
    """(code, number of diagnostics) per rule that fired, most frequent first."""
    counts: dict[str, int] = {}
    for result in results:
        for diagnostic in result.diagnostics:
            counts[diagnostic.code] = counts.get(diagnostic.code, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def statistics_lines(results: Results) -> list[str]:
    """`--statistics`: a count of diagnostics per rule, most frequent first."""
    from runbook_lint.catalogue import RULES

    ordered = rule_counts(results)
    width = max((len(str(n)) for _, n in ordered), default=1)
    return [f"{n:>{width}}  {code}  {RULES[code].name}" for code, n in ordered]
