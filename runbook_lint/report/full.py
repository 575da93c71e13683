"""`full`: for people — the source line, a caret under the span, notes and help."""

from __future__ import annotations

from runbook_lint.report import statistics_lines, summary_line
from runbook_lint.report.colors import paint

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.diagnostics import Diagnostic
    from runbook_lint.report import ReportOptions, Results
    from runbook_lint.syntax.source import Source

TAB = "    "


def printable(text: str) -> str:
    """A source line, message or path as one terminal line: no control characters."""
    return "".join(
        ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text.replace("\t", TAB)
    )


def _escape(ch: str) -> str:
    return "\\n" if ch == "\n" else "\\r" if ch == "\r" else f"\\u{ord(ch):04x}"


def render_one(d: Diagnostic, source: Source | None, color: bool) -> list[str]:
    line = d.span.line
    width = len(str(line))
    pad = " " * width
    gutter = paint(pad + " |", "gutter", color)
    out = [
        f"{paint(f'{d.severity.value}[{d.code}]', d.severity.value, color)}"
        f"{paint(':', 'bold', color)} {paint(printable(d.message), 'bold', color)}",
        f"{pad}{paint('-->', 'gutter', color)} {printable(d.path)}:{line}:{d.span.column}",
    ]
    text = source.line(line) if source is not None and source.text is not None else None
    if text is not None:
        before = printable(text[: d.span.column - 1])
        if d.span.end_line == line:
            covered = text[d.span.column - 1 : d.span.end_column - 1]
        else:
            covered = text[d.span.column - 1 :]
        carets = "^" * max(1, len(printable(covered)))
        marker = " " * len(before) + carets
        if d.label:
            marker += " " + printable(d.label)
        out += [
            gutter,
            f"{paint(str(line) + ' |', 'gutter', color)} {printable(text)}",
            f"{gutter} {paint(marker, d.severity.value, color)}",
            gutter,
        ]
    for related in d.related:
        out.append(f"{paint('note', 'note', color)}: {printable(related.message)}")
        out.append(
            f"{pad}{paint('-->', 'gutter', color)} {printable(related.path)}:{related.span.line}:{related.span.column}"
        )
    if d.help:
        out.append(f"{paint('help', 'help', color)}: {printable(d.help)}")
    return out


def render(results: Results, options: ReportOptions) -> str:
    lines: list[str] = []
    for result in results:
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            lines.extend(render_one(d, result.source, options.color))
            lines.append("")
    if options.statistics:
        lines.extend(statistics_lines(results))
    if not options.quiet:
        lines.append(summary_line(results))
    return "".join(line + "\n" for line in lines)
