"""`junit`: JUnit XML — one testsuite, one testcase per file, one failure per failing file.

Only diagnostics at or above --fail-on make a file fail, so the JUnit view
agrees with the exit status.  The document is valid against both Jenkins'
junit-10.xsd and the strict Ant JUnit.xsd (tests/data/junit): a root
`testsuite` (Ant allows no attributes on `testsuites`), every attribute Ant
requires (timestamp without a time zone, hostname, time), a `properties`
element first and `system-out`/`system-err` last, at most one `failure` per
testcase, and no attribute Ant does not know (so the file is the testcase's
`name`, not a `file` attribute).

`time` is each file's lint time in seconds with three decimals, as `check`
measured it (read, parse, check, suppressions and configuration); the
testsuite's is the sum of its testcases', added in whole milliseconds so that
the two agree exactly.  Without measurements (a caller other than `check`)
every time is 0.000.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET

from runbook_lint.report.sarif_support import now_utc

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.diagnostics import Diagnostic
    from runbook_lint.report import ReportOptions, Results

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _hostname() -> str:
    # Ant: "'localhost' should be used if the hostname cannot be determined".
    try:
        name = socket.gethostname().strip()
    except OSError:
        name = ""
    return _clean(name) or "localhost"


def _line(d: Diagnostic) -> str:
    return f"{d.path}:{d.span.line}:{d.span.column}: {d.severity.value}[{d.code}] {d.message}" + (
        f"\nhelp: {d.help}" if d.help else ""
    )


def _seconds(milliseconds: int) -> str:
    # Integer arithmetic: "1.005", never a float's "1.0049999".
    return f"{milliseconds // 1000}.{milliseconds % 1000:03d}"


def render(results: Results, options: ReportOptions, times: Sequence[float] | None = None) -> str:
    """The report; ``times`` are the seconds each result took, in the order of ``results``."""
    suite = ET.Element("testsuite", name="runbook-lint")
    ET.SubElement(suite, "properties")
    failing_files = 0
    milliseconds = [round(t * 1000) for t in times] if times is not None else [0] * len(results)
    if len(milliseconds) != len(results):
        raise ValueError("junit: one time per result is needed")
    order = sorted(range(len(results)), key=lambda i: results[i].path)
    for index in order:
        result = results[index]
        case = ET.SubElement(
            suite,
            "testcase",
            name=_clean(result.path),
            classname="runbook-lint",
            time=_seconds(milliseconds[index]),
        )
        failing = [
            d
            for d in sorted(result.diagnostics, key=lambda d: d.sort_key())
            if d.severity.rank >= options.fail_on_rank
        ]
        if not failing:
            continue
        failing_files += 1
        first = failing[0]
        more = len(failing) - 1
        message = first.message + (f" (and {more} more)" if more else "")
        failure = ET.SubElement(case, "failure", type=first.code, message=_clean(message))
        failure.text = _clean("\n".join(_line(d) for d in failing))
    ET.SubElement(suite, "system-out")
    ET.SubElement(suite, "system-err")
    # tests/failures/errors count test cases (files), as every consumer reads them.
    suite.set("tests", str(len(results)))
    suite.set("failures", str(failing_files))
    suite.set("errors", "0")
    suite.set("time", _seconds(sum(milliseconds)))
    suite.set("timestamp", now_utc().strftime("%Y-%m-%dT%H:%M:%S"))
    suite.set("hostname", _hostname())
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )
