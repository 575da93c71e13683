"""Jinja2 for the Markdown report and the plan: one way to build an environment,
and the escaping every runbook-derived value goes through.

autoescape is off on purpose (Markdown and runbooks are not HTML): templates
apply a filter explicitly to every value that comes from a runbook, and an
environment built with ``escaped_only=True`` refuses, at render time, any
string that did not go through one — a forgotten filter fails the tests
instead of reaching a job summary.  Imported only by the formats that render
templates, never by `check` with the common formats.
"""

from __future__ import annotations

import re

import jinja2

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


class Escaped(str):
    """Text that is safe to print as it is: escaped by a filter, or built by trusted code."""

    __slots__ = ()


def one_line(value: object) -> str:
    """``value`` on one line: line breaks, tabs and other non-printable characters become spaces."""
    return "".join(ch if ch == " " or ch.isprintable() else " " for ch in str(value))


_MD_ESCAPES = {
    "&": "&amp;",  # before anything else produces an '&'
    "<": "&lt;",
    ">": "&gt;",
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "~": "\\~",  # GFM strikethrough
    "#": "\\#",  # a heading's closing sequence
    "$": "\\$",  # GitHub's math
}

# GitHub's Markdown turns bare `https://...`, `http://...`, `ftp://...` and
# `www....` into links (the autolink extension). A backslash before the ':'
# or the '.' stops that and renders as nothing (checked with cmark-gfm).
_SCHEME = re.compile(r"(?i)\b(https?|ftp):(?=//)")
_WWW = re.compile(r"(?i)\b(www)\.")


def md_cell(value: object) -> Escaped:
    """``value`` as inline Markdown text that stays on its line and in its table cell."""
    text = "".join(_MD_ESCAPES.get(ch, ch) for ch in one_line(value))
    return Escaped(_WWW.sub(r"\1\\.", _SCHEME.sub(r"\1\\:", text)))


def md_code(value: object) -> Escaped:
    """``value`` as a Markdown code span that shows it exactly, on one line.

    The fence is one backtick longer than the longest run of backticks inside;
    a space pads content that starts or ends with a backtick (CommonMark strips
    one such space). Inside a code span nothing is Markdown or HTML, so no
    other escape is needed.
    """
    text = one_line(value)
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    if (
        text.startswith("`")
        or text.endswith("`")
        or (text.startswith(" ") and text.endswith(" ") and text.strip())
    ):
        text = f" {text} "
    return Escaped(f"{fence}{text}{fence}")


def _escaped_only(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Escaped):
        raise TypeError(
            f"unescaped text in a template: {value[:40]!r}; pass it through an escaping filter"
        )
    return value


def environment(
    folder: str,
    *,
    filters: Mapping[str, Callable[..., object]],
    globals: Mapping[str, object] | None = None,
    escaped_only: bool,
) -> jinja2.Environment:
    """An environment for the templates in ``runbook_lint/<folder>`` (installed or not)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("runbook_lint", folder),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_escaped_only if escaped_only else None,
    )
    env.filters.update(filters)
    env.globals.update(globals or {})
    return env
