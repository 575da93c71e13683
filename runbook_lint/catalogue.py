"""The one catalogue of rules, collected from the modules that hold them.

Each rule family module declares its rules (code, name, default severity,
summary, rationale, the failing and the fixed runbook) beside the code that
fires them; this module gathers them.  Everything that shows a rule reads it
from here: the ``rules`` and ``explain`` commands, the SARIF rule list,
configuration and ``noqa`` validation, the stamping of severities and names,
and the README's rule table.  Codes, names and default severities follow
``spec/rules.md``; codes are stable.

Adding a rule: add it to its family module (a new family is registered in
``check.families()``, which this module reads too); see CONTRIBUTING.md.
"""

from __future__ import annotations

from types import ModuleType

from runbook_lint.check import families
from runbook_lint.lint import rules as suppression
from runbook_lint.live import rules as live
from runbook_lint.rule import Rule
from runbook_lint.syntax import rules as syntax

__all__ = ["Rule", "RULES", "UNSILENCEABLE", "lookup", "expand", "unsilenceable", "table"]


def _modules() -> list[ModuleType]:
    """Every module that declares rules: the checker's families are registered
    once, in ``check.families()``; the input, live and suppression rules are
    fired outside the simulation."""
    import sys

    checked = [sys.modules[family.__module__] for family in families()]
    return [syntax, *dict.fromkeys(checked), live, suppression]


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in sorted((r for module in _modules() for r in module.RULES), key=lambda r: r.code)
}

_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES.values()}


def lookup(word: str) -> Rule | None:
    """The rule whose code or name is ``word`` (case-insensitive), or None."""
    key = word.strip()
    return RULES.get(key.upper()) or _BY_NAME.get(key.lower())


# RL001 and RL002 cannot be suppressed, ignored or lowered (rules.md, "Input"):
# a file that cannot be read or parsed cannot be checked, so a gate must fail on
# it. noqa (suppress.py), the policy (policy.py) and the configuration checks
# (config.py) all ask this one set.
UNSILENCEABLE = frozenset({"RL001", "RL002"})


def unsilenceable(selector: str) -> Rule | None:
    """The rule of UNSILENCEABLE that ``selector`` names explicitly (its code or
    name; a prefix such as ``RL0`` does not count), or None."""
    rule = lookup(selector)
    return rule if rule is not None and rule.code in UNSILENCEABLE else None


def expand(selector: str) -> list[Rule]:
    """The rules a selector names, in code order.

    A selector is a code (``RL201``), a code prefix (``RL2``, ``RL``: every rule
    whose code starts with it) or a rule name, case-insensitive.  Raises
    ValueError naming the selector when it matches no rule.
    """
    key = selector.strip()
    if key:
        rule = _BY_NAME.get(key.lower())
        if rule is not None:
            return [rule]
        prefix = key.upper()
        if prefix.startswith("RL") and prefix[2:].isdigit() or prefix == "RL":
            matched = [rule for code, rule in RULES.items() if code.startswith(prefix)]
            if matched:
                return matched
    raise ValueError(
        f"unknown rule selector {selector!r}: expected a code (RL201), "
        "a code prefix (RL2) or a rule name (leader-upgraded-before-follower)"
    )


def table() -> list[str]:
    """The README's rule table, as Markdown lines (scripts/update_readme.py writes it)."""
    return ["| code | name | severity | summary |", "| --- | --- | --- | --- |"] + [
        f"| {r.code} | {r.name} | {r.severity.value} | {r.summary} |" for r in RULES.values()
    ]
