"""`runbook-lint rules` and `runbook-lint explain RULE`, both read from the catalogue."""

from __future__ import annotations

import json
import sys

from runbook_lint.catalogue import RULES, lookup

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.catalogue import Rule
    from runbook_lint.cli import Arguments


def run_rules(args: Arguments) -> int:
    if args.format == "json":
        items = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary}
            for r in RULES.values()
        ]
        sys.stdout.write(json.dumps(items, indent=2) + "\n")
        return 0
    name_width = max(len(r.name) for r in RULES.values())
    for rule in RULES.values():
        sys.stdout.write(
            f"{rule.code}  {rule.name:<{name_width}}  {rule.severity.value:<7}  {rule.summary}\n"
        )
    return 0


def explain_text(rule: Rule) -> str:
    indent = "    "

    def block(text: str) -> str:
        return "".join(
            indent + line + "\n" if line else "\n" for line in text.rstrip("\n").split("\n")
        )

    data = ""
    if rule.code == "RL303":  # judged by the version data: say as of when (issue 11)
        from runbook_lint.model.versions import DATA_FILE, data_updated

        data = f"The version data ({DATA_FILE}) was updated on {data_updated()}.\n\n"
    return (
        f"{rule.code} {rule.name} ({rule.severity.value})\n\n"
        f"{rule.summary}\n\n"
        f"{rule.rationale}\n\n"
        f"{data}"
        f"A runbook that fires it:\n\n{block(rule.bad)}\n"
        f"The corrected runbook:\n\n{block(rule.good)}"
    )


def run_explain(args: Arguments) -> int:
    from runbook_lint.errors import UsageError

    rule = lookup(args.rule)
    if rule is None:
        raise UsageError(f"unknown rule '{args.rule}': see 'runbook-lint rules'")
    sys.stdout.write(explain_text(rule))
    return 0
