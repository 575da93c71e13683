"""The one finding type every stage produces: syntax, model, rules, suppression, live.

A finding knows where and what; the linter stamps the path, the rule's name and
its severity on it in one place (``lint.stamp``), as yamllint's linter does, to
make the ``Diagnostic`` every report reads.  A leaf module.
"""

from __future__ import annotations

from runbook_lint.records import record
from runbook_lint.syntax.ast import Span


@record
class Finding:
    code: str
    span: Span
    message: str
    related: tuple[tuple[Span, str], ...] = ()  # other places in the same file
    help: str | None = None
    label: str | None = None  # a few words shown under the caret in the full format
