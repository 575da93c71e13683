"""`junit`: JUnit XML — one testsuite, one testcase per file, a failure per diagnostic.

Only diagnostics at or above --fail-on become failures, so the JUnit view
agrees with the exit status.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.report import ReportOptions, Results

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(results: Results, options: ReportOptions) -> str:
    suite = ET.Element("testsuite", name="runbook-lint")
    failures = 0
    for result in sorted(results, key=lambda r: r.path):
        case = ET.SubElement(suite, "testcase", classname="runbook-lint", name=_clean(result.path))
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            if d.severity.rank < options.fail_on_rank:
                continue
            failures += 1
            failure = ET.SubElement(case, "failure", type=d.code, message=_clean(d.message))
            failure.text = _clean(
                f"{d.path}:{d.span.line}:{d.span.column}: {d.severity.value}[{d.code}] {d.message}"
                + (f"\nhelp: {d.help}" if d.help else "")
            )
    suite.set("tests", str(len(results)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    root = ET.Element(
        "testsuites", name="runbook-lint", tests=str(len(results)), failures=str(failures)
    )
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
