"""`github`: GitHub Actions workflow commands, one annotation per diagnostic.

Everything that comes from a runbook is escaped the way the runner unescapes
it, so a message holding a newline and `::error` stays inside one annotation.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.report import ReportOptions, Results

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def visible(text: str) -> str:
    """No control character reaches the Actions log raw, as in the terminal formats.

    ESC (colour and OSC hyperlink sequences), BEL, U+202E (which reverses the
    text after it) and U+2028 (a line break to some viewers) become \\uXXXX;
    CR and LF are kept for the runner's own %0D/%0A escapes.
    """
    if text.isprintable():
        return text
    from runbook_lint.report.full import TAB, printable

    return "\n".join(
        "\r".join(printable(part) for part in line.split("\r"))
        for line in text.replace("\t", TAB).split("\n")
    )


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Results, options: ReportOptions) -> str:
    lines = []
    for result in results:
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            properties = ",".join(
                f"{key}={escape_property(str(value))}"
                for key, value in (
                    ("file", d.path),
                    ("line", d.span.line),
                    ("col", d.span.column),
                    ("endLine", d.span.end_line),
                    ("endColumn", d.span.end_column),
                    ("title", f"runbook-lint {d.code}"),
                )
            )
            message = d.message if not d.help else f"{d.message}\nhelp: {d.help}"
            lines.append(f"::{_COMMANDS[d.severity.value]} {properties}::{escape_data(message)}")
    return "".join(line + "\n" for line in lines)
