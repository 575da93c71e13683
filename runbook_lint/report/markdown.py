"""`markdown`: a report for people and CI job summaries (GitHub's `$GITHUB_STEP_SUMMARY`).

Rendered from ``templates/report.md.j2``. Only this module (and whatever
imports it) loads jinja2; the common formats never do.

Escaping. Markdown is not HTML, so jinja2's autoescape (HTML entities) is off
and two explicit filters do the work instead, applied in the template to every
value that comes from a runbook, a path or a message:

* ``md_cell`` — text for a table cell, a heading or a list item: Markdown and
  HTML syntax characters are backslash-escaped or turned into HTML entities,
  and line breaks (and other non-printable characters) become spaces, so a
  table keeps its shape and nothing a runbook says can become a link, an image,
  an HTML element or a script;
* ``mermaid_label`` — a quoted Mermaid label (``mermaid.label``).

As a guard, the environment's ``finalize`` refuses any string printed by
``{{ ... }}`` that did not pass through one of those filters (or was not built
by the trusted code in this package, such as ``mermaid.flowchart``, which
escapes every label itself): a forgotten filter is an error in the tests, not
an injection in a job summary.

Size. GitHub refuses a job summary over 1 MiB (``LIMIT``): files without
diagnostics take one line each, at the end; a table or list longer than
``LONG`` rows folds into ``<details>``; and ``markdown_fit`` measures every
part and decides what fits, saying at the top what was left out.
"""

from __future__ import annotations

import functools

import jinja2

from runbook_lint import templating
from runbook_lint.report import highlight, markdown_fit, mermaid, rule_counts, summary_line
from runbook_lint.report.mermaid import label as mermaid_label
from runbook_lint.syntax import ast
from runbook_lint.templating import Escaped, md_cell

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

    from runbook_lint.diagnostics import Diagnostic
    from runbook_lint.lint.linter import FileResult
    from runbook_lint.model.topology import Topology
    from runbook_lint.report import ReportOptions, Results

__all__ = [
    "LIMIT",
    "LONG",
    "Escaped",
    "environment",
    "md_cell",
    "mermaid_label",
    "render",
    "upgrade_order",
]

LIMIT = markdown_fit.LIMIT
LONG = 10  # a table or list with more rows than this folds into <details>


def _mermaid_label(value: object) -> Escaped:
    return Escaped(mermaid_label(value))


def _thousands(value: int) -> Escaped:
    return Escaped(f"{value:,}")


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment for the templates in ``report/templates``."""
    return templating.environment(
        "report/templates",
        filters={"md_cell": md_cell, "mermaid_label": _mermaid_label, "thousands": _thousands},
        globals={"long": LONG, "max_edges": mermaid.MAX_EDGES, "max_text": mermaid.MAX_TEXT},
        escaped_only=True,
    )


# ---------------------------------------------------------------------------
# The order of upgrades
# ---------------------------------------------------------------------------


def _upgrade_key(upgrade: ast.Upgrade) -> tuple[str, str | None, str]:
    return (upgrade.cluster.text, upgrade.node.text if upgrade.node else None, upgrade.version.text)


def upgrade_order(runbook: ast.Runbook) -> list[tuple[ast.Upgrade, ...]]:
    """The runbook's upgrades in file order, steps flattened.

    Each entry is one upgrade, or the upgrades of one ``parallel`` block
    together. An upgrade that repeats an earlier one (same cluster, node and
    version) is left out; a block left with one upgrade is an entry of one, and
    a block left with none is no entry.
    """
    entries: list[tuple[ast.Upgrade, ...]] = []
    seen: set[tuple[str, str | None, str]] = set()

    def add(upgrades: Iterable[ast.Upgrade]) -> None:
        fresh: list[ast.Upgrade] = []
        for upgrade in upgrades:
            key = _upgrade_key(upgrade)
            if key not in seen:
                seen.add(key)
                fresh.append(upgrade)
        if fresh:
            entries.append(tuple(fresh))

    def walk(statements: Iterable[ast.Statement]) -> None:
        for statement in statements:
            if isinstance(statement, ast.Upgrade):
                add((statement,))
            elif isinstance(statement, ast.Parallel):
                add(a for a in statement.body if isinstance(a, ast.Upgrade))
            elif isinstance(statement, ast.Step):
                walk(statement.body)

    walk(runbook.statements)
    return entries


# ---------------------------------------------------------------------------
# The parts of the report
# ---------------------------------------------------------------------------


def _counts(diagnostics: Iterable[Diagnostic]) -> Escaped:
    """``3 errors, 39 warnings``: fixed words and numbers (trusted text)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for d in diagnostics:
        counts[d.severity.value] += 1
    return Escaped(
        ", ".join(f"{n:,} {word}" + ("" if n == 1 else "s") for word, n in counts.items() if n)
    )


_COLOURS = {2: ("red", "an error"), 1: ("yellow", "a warning"), 0: ("blue", "an info")}


def _legend(severities: tuple[int, ...]) -> Escaped | None:
    """The sentence that says what the highlighted colours mean (trusted text).

    ``Red marks what an error is about, yellow a warning.``
    """
    if not severities:
        return None
    (colour, what), *others = [_COLOURS[rank] for rank in severities]
    words = [f"{colour.capitalize()} marks what {what} is about"]
    words += [f"{colour} {what}" for colour, what in others]
    return Escaped(", ".join(words) + ".")


def _file_view(result: FileResult) -> dict[str, object]:
    """What a file's heading and diagnostics table show (no topology: that is ``_extras_view``)."""
    runbook = result.runbook
    return {
        "path": result.path,
        "title": runbook.header.title if runbook is not None and runbook.header else None,
        "readable": result.source.text is not None,
        "parsed": runbook is not None,
        "count": len(result.diagnostics),
        "counts": _counts(result.diagnostics),
    }


def _extras_view(result: FileResult) -> dict[str, object]:
    """A parsed file's topology, upgrade order and timeline."""
    from runbook_lint.model.topology import build
    from runbook_lint.model.versions import Version

    runbook = result.runbook
    assert runbook is not None
    view: dict[str, object] = {"flowchart": None, "gantt": None, "gantt_size": 0, "total": None}
    topology = build(runbook, functools.lru_cache(maxsize=None)(Version.parse))
    if topology.clusters:
        drawing = mermaid.diagram(topology, highlight.about(runbook, topology, result.diagnostics))
        # Trusted: mermaid.diagram writes generated IDs and escapes every label.
        view["flowchart"] = Escaped(drawing.text)
        view["complete"] = drawing.complete
        view["shown_clusters"] = drawing.clusters
        view["clusters"] = drawing.all_clusters
        view["shown_edges"] = drawing.edges
        view["edges"] = drawing.all_edges
        view["bidirectional"] = bool(topology.groups)
        view["legend"] = _legend(drawing.severities)
    view["order"] = [
        [
            {
                "cluster": u.cluster.text,
                "node": u.node.text if u.node is not None else None,
                "version": u.version.text,
            }
            for u in entry
        ]
        for entry in upgrade_order(runbook)
    ]
    _timeline_view(view, runbook, topology)
    return view


def _timeline_view(view: dict[str, object], runbook: ast.Runbook, topology: Topology) -> None:
    """The file's gantt chart and total duration, when its durations are all known."""
    from runbook_lint.check.clock import format_duration, has_durations, timeline
    from runbook_lint.model.versions import Version
    from runbook_lint.report.gantt import gantt

    if not has_durations(runbook, topology):
        return
    found = timeline(runbook, topology, Version.parse)
    chart = gantt(found, topology)
    if chart is None:
        return
    view["total"] = format_duration(found.total)
    size = mermaid.text_size(chart)
    if size > mermaid.MAX_TEXT:  # Mermaid would draw "Maximum text size in diagram exceeded"
        view["gantt_size"] = size
        return
    # Trusted: gantt generates task IDs and sanitises every runbook text.
    view["gantt"] = Escaped(chart)


def _statistics(results: Results) -> list[dict[str, object]]:
    from runbook_lint.catalogue import RULES

    return [
        {"code": code, "rule": RULES[code].name, "count": n} for code, n in rule_counts(results)
    ]


# ---------------------------------------------------------------------------
# The report, within its size
# ---------------------------------------------------------------------------


def render(results: Results, options: ReportOptions) -> str:
    """The report: under LIMIT bytes, what was cut said at the top.

    Files with diagnostics come in the order given, each with its table and,
    while the size allows, its topology, upgrade order and timeline; files
    without one are listed at the end, one line each. When not every file's
    table fits, the rows are kept by severity (errors first), then in the
    report's order, as SARIF's result cap keeps them.
    """
    parts = markdown_fit.Parts(environment().get_template("report.md.j2").module)
    counts = {"error": 0, "warning": 0, "info": 0}
    failing_run = False
    for result in results:
        for d in result.diagnostics:
            counts[d.severity.value] += 1
            failing_run = failing_run or d.severity.rank >= options.fail_on_rank
    summary = {
        "files": len(results),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "result": "❌ failed" if failing_run else "✅ passed",
        "sentence": summary_line(results),
    }
    head = parts.head(summary, options.quiet, _statistics(results) if options.statistics else None)

    failing: list[markdown_fit.Failing] = []
    clean_rows: list[Escaped] = []
    for result in results:
        view = _file_view(result)
        if not result.diagnostics:
            clean_rows.append(parts.clean_row(view))
            continue
        diagnostics = sorted(result.diagnostics, key=lambda d: d.sort_key())
        rows = [
            parts.diagnostic_row(
                {
                    "line": d.span.line,
                    "code": d.code,
                    "severity": d.severity.value,
                    "message": d.message,
                }
            )
            for d in diagnostics
        ]
        failing.append(
            markdown_fit.Failing(
                result,
                view,
                diagnostics,
                rows,
                [markdown_fit.size(r) for r in rows],
                parts.file_head(view),
            )
        )

    return markdown_fit.join(parts, head, failing, clean_rows, _extras)


def _extras(parts: markdown_fit.Parts, file: markdown_fit.Failing) -> Escaped:
    """A parsed file's topology, upgrade order and timeline, rendered."""
    return parts.extras({**file.view, **_extras_view(file.result)})
