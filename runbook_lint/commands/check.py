"""`runbook-lint check`: lint, filter, report, and the exit status."""

from __future__ import annotations

import os
import sys

from runbook_lint.commands.files import discover, read
from runbook_lint.commands.output import write_report
from runbook_lint.linter import lint_bytes, unreadable
from runbook_lint.report import ReportOptions, render

_RANKS = {"info": 0, "warning": 1, "error": 2}


def use_color(choice: str, output: str | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def run(args) -> int:
    inputs = discover(args.paths, args.stdin_filename)
    results = []
    for item in inputs:
        data, problem = read(item)
        results.append(unreadable(item.path, problem) if data is None else lint_bytes(item.path, data))
    fail_on = args.fail_on or "error"
    options = ReportOptions(
        color=use_color(args.color, args.output) and args.format in ("full", "concise"),
        quiet=args.quiet,
        statistics=args.statistics,
        fail_on_rank=_RANKS[fail_on],
    )
    write_report(render(args.format, results, options), args.output)
    failing = any(d.severity.rank >= options.fail_on_rank for r in results for d in r.diagnostics)
    return 1 if failing and not args.exit_zero else 0
