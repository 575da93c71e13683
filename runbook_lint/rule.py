"""What a rule is: code, name, default severity, summary, rationale, examples.

A leaf module.  Each rule family module declares its rules with this record,
beside the code that fires them; ``catalogue`` collects them.
"""

from __future__ import annotations

from runbook_lint.records import record
from runbook_lint.severity import Severity

__all__ = ["Rule", "Severity"]


@record
class Rule:
    code: str  # "RL201"
    name: str  # "leader-upgraded-before-follower"
    severity: Severity  # the default severity; configuration may change it
    summary: str  # one line: `rules`, SARIF shortDescription
    rationale: str  # what fires it and why (the CCR reason)
    bad: str  # a runbook that fires the rule
    good: str  # the corrected runbook: no diagnostic at all
