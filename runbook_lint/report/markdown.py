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
"""

from __future__ import annotations

import functools

import jinja2

from runbook_lint import templating
from runbook_lint.report import mermaid, rule_counts, summary_line
from runbook_lint.report.mermaid import label as mermaid_label
from runbook_lint.syntax import ast
from runbook_lint.templating import Escaped, md_cell

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

    from runbook_lint.lint.linter import FileResult
    from runbook_lint.model.topology import Topology
    from runbook_lint.report import ReportOptions, Results

__all__ = ["Escaped", "environment", "md_cell", "mermaid_label", "render", "upgrade_order"]


def _mermaid_label(value: object) -> Escaped:
    return Escaped(mermaid_label(value))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment for the templates in ``report/templates``."""
    return templating.environment(
        "report/templates",
        filters={"md_cell": md_cell, "mermaid_label": _mermaid_label},
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
# The report
# ---------------------------------------------------------------------------


def _file_view(result: FileResult) -> dict[str, object]:
    from runbook_lint.model.topology import build
    from runbook_lint.model.versions import Version

    runbook = result.runbook
    view: dict[str, object] = {
        "path": result.path,
        "title": None,
        "readable": result.source.text is not None,
        "parsed": runbook is not None,
        "diagnostics": [
            {
                "line": d.span.line,
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message,
            }
            for d in sorted(result.diagnostics, key=lambda d: d.sort_key())
        ],
        "flowchart": None,
        "bidirectional": False,
        "order": [],
        "gantt": None,
        "total": None,
    }
    if runbook is None:
        return view
    if runbook.header is not None:
        view["title"] = runbook.header.title
    topology = build(runbook, functools.lru_cache(maxsize=None)(Version.parse))
    if topology.clusters:
        # Trusted: mermaid.flowchart writes generated IDs and escapes every label.
        view["flowchart"] = Escaped(mermaid.flowchart(topology))
        view["bidirectional"] = bool(topology.groups)
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
    # Trusted: gantt generates task IDs and sanitises every runbook text.
    view["gantt"] = Escaped(chart)
    view["total"] = format_duration(found.total)


def _statistics(results: Results) -> list[dict[str, object]]:
    from runbook_lint.catalogue import RULES

    return [
        {"code": code, "rule": RULES[code].name, "count": n} for code, n in rule_counts(results)
    ]


def render(results: Results, options: ReportOptions) -> str:
    counts = {"error": 0, "warning": 0, "info": 0}
    failing = False
    for result in results:
        for d in result.diagnostics:
            counts[d.severity.value] += 1
            failing = failing or d.severity.rank >= options.fail_on_rank
    summary = {
        "files": len(results),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "result": "❌ failed" if failing else "✅ passed",
        "sentence": summary_line(results),
    }
    template = environment().get_template("report.md.j2")
    return template.render(
        summary=summary,
        quiet=options.quiet,
        statistics=_statistics(results) if options.statistics else None,
        files=[_file_view(result) for result in results],
    )
