"""`sarif`: one SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers.

Within GitHub's ingestion limits: at most 25,000 results (errors kept before
warnings, each level in the report's order; the cut is recorded in the run and
said on standard error), rule descriptions of at most 1,024 characters, URIs
relative to `%SRCROOT%` (the repository root), and `partialFingerprints` that
do not depend on line numbers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from urllib.parse import quote

from runbook_lint import __version__
from runbook_lint.catalogue import RULES
from runbook_lint.report.sarif_support import (
    RESULT_CAP,
    fingerprint,
    normalized_statement,
    now_utc,
    repository_root,
    short_description,
    tags,
    timestamp,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.catalogue import Rule
    from runbook_lint.diagnostics import Diagnostic
    from runbook_lint.report import ReportOptions, Results
    from runbook_lint.syntax.ast import Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/runbook-lint/runbook-lint"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_LEVEL_ORDER = {"error": 0, "warning": 1, "note": 2}
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "runbookLint/v1"


class _Locator:
    """Turns a reported path into a URI relative to the repository root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cwd = Path.cwd()
        self.known: dict[str, tuple[str, bool]] = {}  # a file has many diagnostics

    def uri(self, path: str) -> tuple[str, bool]:
        """(uri, relative to %SRCROOT%?)."""
        found = self.known.get(path)
        if found is None:
            found = self.known[path] = self._uri(path)
        return found

    def _uri(self, path: str) -> tuple[str, bool]:
        if path == "-":
            return "-", True  # standard input without --stdin-filename: no file to name
        absolute = Path(os.path.normpath(self.cwd / path))
        try:
            relative = absolute.relative_to(self.root)
        except ValueError:
            # Outside the repository: only an absolute URI can name it.
            return absolute.as_uri(), False
        return quote(relative.as_posix()), True

    def root_uri(self) -> str:
        return self.root.as_uri().rstrip("/") + "/"


def _rule(rule: Rule) -> dict[str, object]:
    markdown = (
        f"**{rule.code} {rule.name}**\n\n{rule.rationale}\n\n"
        f"A runbook that fires it:\n\n```\n{rule.bad.rstrip()}\n```\n\n"
        f"Corrected:\n\n```\n{rule.good.rstrip()}\n```\n"
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short_description(rule.summary)},
        "fullDescription": {"text": short_description(rule.rationale)},
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "help": {"text": rule.rationale, "markdown": markdown},
        "helpUri": f"{INFORMATION_URI}#rules",
        "properties": {"tags": tags(rule.code), "precision": "very-high"},
    }


def _location(locator: _Locator, path: str, span: Span) -> dict[str, object]:
    uri, relative = locator.uri(path)
    artifact: dict[str, object] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = SRCROOT
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
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


def _escape(text: str) -> str:
    # SARIF §3.11.6: literal brackets in a message with embedded links are escaped.
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _link(message: str, target: int) -> str:
    """`'a follows b' is [declared here](1)`: the link GitHub shows as a location."""
    tail = "declared here"
    if message.endswith(tail):
        return f"{_escape(message[: -len(tail)])}[{tail}]({target})"
    return f"[{_escape(message)}]({target})"


def _message(d: Diagnostic) -> str:
    # Only a message with embedded links is read for them, so only that one is
    # escaped: the others stay the diagnostic's own text.
    escape = _escape if d.related else str
    parts = [escape(d.message)]
    parts += [_link(r.message, i) for i, r in enumerate(d.related, start=1)]
    if d.help:
        parts.append(f"help: {escape(d.help)}")
    return "\n".join(parts)


def _capped(items: list[dict[str, object]]) -> list[dict[str, object]]:
    """The first RESULT_CAP results by level (errors, warnings, notes), each level
    in the report's order (sorted() is stable)."""
    if len(items) <= RESULT_CAP:
        return items
    return sorted(items, key=lambda item: _LEVEL_ORDER[str(item["level"])])[:RESULT_CAP]


def render(results: Results, options: ReportOptions) -> str:
    codes = list(RULES)
    index = {code: i for i, code in enumerate(codes)}
    locator = _Locator(repository_root())
    sarif_results: list[dict[str, object]] = []
    failing = False
    for result in results:
        seen: dict[tuple[str, str], int] = {}
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            failing = failing or d.severity.rank >= options.fail_on_rank
            uri, _ = locator.uri(d.path)
            statement = normalized_statement(result.source.line(d.span.line))
            occurrence = seen.get((d.code, statement), 0)
            seen[(d.code, statement)] = occurrence + 1
            item: dict[str, object] = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVELS[d.severity.value],
                "message": {"text": _message(d)},
                "locations": [_location(locator, d.path, d.span)],
                # Always present (the spec: each result carries relatedLocations), maybe empty.
                "relatedLocations": [
                    {"id": i, **_location(locator, r.path, r.span), "message": {"text": r.message}}
                    for i, r in enumerate(d.related, start=1)
                ],
                "partialFingerprints": {
                    FINGERPRINT_KEY: fingerprint(d.code, uri, statement, occurrence)
                },
            }
            sarif_results.append(item)
    total = len(sarif_results)
    kept = _capped(sarif_results)
    omitted = total - len(kept)
    exit_code = 1 if failing and not options.exit_zero else 0
    invocation: dict[str, object] = {
        "executionSuccessful": True,
        "exitCode": exit_code,
        "endTimeUtc": timestamp(now_utc()),
    }
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "runbook-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(RULES[code]) for code in codes],
            }
        },
        "automationDetails": {"id": "runbook-lint/" + (options.sarif_category or "")},
        "originalUriBaseIds": {SRCROOT: {"uri": locator.root_uri()}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": kept,
    }
    if omitted:
        notice = (
            f"{omitted:,} of {total:,} results left out: GitHub code scanning accepts"
            f" at most {RESULT_CAP:,} per run (errors kept first)"
        )
        run["properties"] = {
            "resultsTotal": total,
            "resultsCap": RESULT_CAP,
            "resultsOmitted": omitted,
        }
        invocation["toolExecutionNotifications"] = [
            {
                "descriptor": {"id": "results-capped"},
                "level": "warning",
                "message": {"text": notice},
            }
        ]
        print(f"runbook-lint: sarif: {notice}", file=sys.stderr)
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
