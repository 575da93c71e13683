"""`sarif`: one SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from urllib.parse import quote

from runbook_lint import __version__
from runbook_lint.rules import RULES

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.ast import Span
    from runbook_lint.report import ReportOptions, Results
    from runbook_lint.rules import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/runbook-lint/runbook-lint"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)


def _rule(rule: Rule) -> dict[str, object]:
    markdown = (
        f"**{rule.code} {rule.name}**\n\n{rule.rationale}\n\n"
        f"A runbook that fires it:\n\n```\n{rule.bad.rstrip()}\n```\n\n"
        f"Corrected:\n\n```\n{rule.good.rstrip()}\n```\n"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "help": {"text": rule.rationale, "markdown": markdown},
        "helpUri": f"{INFORMATION_URI}#rules",
    }


def _location(path: str, span: Span) -> dict[str, object]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(path)},
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": span.end_line,
                # The same region as every other format.  An empty one (RL002 at
                # 1:1, RL001 at the end of the file) is a SARIF insertion point.
                "endColumn": span.end_column,
            },
        }
    }


def render(results: Results, options: ReportOptions) -> str:
    codes = list(RULES)
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = []
    for result in results:
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            text = d.message if not d.help else f"{d.message}\nhelp: {d.help}"
            item = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVELS[d.severity.value],
                "message": {"text": text},
                "locations": [_location(d.path, d.span)],
            }
            # Always present (the spec: each result carries relatedLocations), maybe empty.
            item["relatedLocations"] = [
                {"id": i, **_location(r.path, r.span), "message": {"text": r.message}}
                for i, r in enumerate(d.related)
            ]
            sarif_results.append(item)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "runbook-lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(RULES[code]) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
