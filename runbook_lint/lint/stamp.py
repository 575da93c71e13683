"""Where a finding becomes a diagnostic: path, rule name and severity, in one place.

Every stage (syntax, model, rules, suppression, live) produces ``Finding``s;
this is the only code that makes ``Diagnostic``s of them, as yamllint's linter
stamps its problems.  The severity is the rule's default: configuration
restamps it later (``policy.py``).
"""

from __future__ import annotations

from runbook_lint.catalogue import RULES
from runbook_lint.diagnostics import Diagnostic, Related

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

    from runbook_lint.findings import Finding


def stamp(path: str, findings: Iterable[Finding]) -> list[Diagnostic]:
    rules = RULES
    diagnostics = []
    for f in findings:
        rule = rules[f.code]
        related = tuple(Related(path, span, message) for span, message in f.related)
        diagnostics.append(
            Diagnostic(
                path, f.span, f.code, rule.severity, f.message, related, f.help, f.label, rule.name
            )
        )
    return diagnostics
