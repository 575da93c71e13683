"""Runbook text to AST, and parse errors to RL001 findings.

A clean file goes through Lark's own parse loop (the fast path, ``grammar.py``
and ``builder.py``).  Only when it fails is the file parsed a second time, line
by line (``recovery.py``).  The AST of a file with syntax errors is not kept:
such a file gets only RL001 diagnostics.
"""

from __future__ import annotations

import re

from lark.exceptions import UnexpectedInput

from runbook_lint.findings import Finding
from runbook_lint.records import record
from runbook_lint.syntax import ast
from runbook_lint.syntax.grammar import load

# A CR that ends no line: only the line-by-line path reports it.
_LONE_CR = re.compile(r"\r(?!\n)")


@record
class ParseResult:
    runbook: ast.Runbook | None  # None when there are syntax problems
    problems: tuple[Finding, ...]
    comments: tuple[ast.Comment, ...]


def parse(text: str) -> ParseResult:
    """Parse a runbook's text (BOM already removed)."""
    lark, builder = load()
    if not text.endswith("\n"):
        text += "\n"  # the grammar ends every statement with a newline
    builder.reset()
    if "\r" in text and _LONE_CR.search(text):
        # The _NL token admits a CR that ends no line inside a run of line
        # ends: the line-by-line path is the one that reports it.
        return _recovered(text)
    try:
        built = lark.parse(text)
    except UnexpectedInput:
        return _recovered(text)
    comments = tuple(builder.comments)
    if builder.problems:
        return ParseResult(None, tuple(builder.problems), comments)
    assert isinstance(built, ast.Runbook)  # the transformer builds it during the parse
    runbook = ast.Runbook(built.header, built.statements, comments)
    return ParseResult(runbook, (), comments)


def _recovered(text: str) -> ParseResult:
    from runbook_lint.syntax.recovery import recover

    problems, comments = recover(text)
    return ParseResult(None, problems, comments)
