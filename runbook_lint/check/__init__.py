"""The checker: simulate a runbook's actions and report every broken rule.

``check_runbook`` is the entry point.  The simulation state lives in
``state.State``; the sequential rules in ``checker.Checker``; the reasoning
about ``parallel`` blocks in ``parallel``.
"""

from __future__ import annotations

from runbook_lint.diagnostics import Diagnostic
from runbook_lint.syntax.ast import Runbook


def check_runbook(path: str, runbook: Runbook) -> list[Diagnostic]:
    from runbook_lint.check.checker import Checker

    return Checker(path, runbook).run()
