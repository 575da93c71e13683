"""`# noqa` comments: which diagnostics they suppress, and RL900 for those that suppress nothing.

``# noqa`` suppresses every diagnostic whose primary location is on its line;
``# noqa: RL201, leader-upgraded-before-follower`` only those rules.  The list
ends at the first word that is neither a code nor a rule name, so a reason may
follow.  Suppressions are judged before configuration drops anything.
"""

from __future__ import annotations

import re

from runbook_lint.catalogue import UNSILENCEABLE, lookup
from runbook_lint.diagnostics import Diagnostic
from runbook_lint.findings import Finding
from runbook_lint.lint.stamp import stamp
from runbook_lint.records import record
from runbook_lint.syntax.ast import Comment, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Iterable

_NOQA = re.compile(r"#\s*noqa(?![\w-])(?P<colon>\s*:)?(?P<rest>.*)", re.IGNORECASE)
_CODE = re.compile(r"RL\d{3}", re.IGNORECASE)
_WORD = re.compile(r"[^\s,]+")


@record
class Suppression:
    span: Span
    codes: tuple[str, ...] | None  # None: every diagnostic on the line
    written: tuple[str, ...]  # the words as written, for RL900's message


def parse_comment(comment: Comment) -> Suppression | None:
    match = _NOQA.search(comment.text)
    if match is None:
        return None
    if not match.group("colon"):
        return Suppression(comment.span, None, ())
    codes: list[str] = []
    written: list[str] = []
    for word in _WORD.findall(match.group("rest")):
        rule = lookup(word)
        if rule is not None:
            codes.append(rule.code)
        elif _CODE.fullmatch(word):
            codes.append(word.upper())  # a code no rule has: suppresses nothing (RL900)
        else:
            break  # the reason begins
        written.append(word)
    # A noqa comment whose colon is followed by no code (a typo such as RL2O1,
    # or only a reason) suppresses nothing and is reported: a CI gate must not
    # read it as a blanket noqa.
    return Suppression(comment.span, tuple(codes), tuple(written))


def apply(
    path: str,
    diagnostics: list[Diagnostic],
    comments: Iterable[Comment],
    *,
    report_unused: bool = True,
) -> list[Diagnostic]:
    """The diagnostics left after suppression, plus an RL900 per unused suppression.

    ``report_unused=False`` is for a file the checker did not run on (a syntax
    error): it gets only its RL001 diagnostics, and its suppressions cannot be
    judged, so none is reported as unused.
    """
    by_line: dict[int, Suppression] = {}
    for comment in comments:
        suppression = parse_comment(comment)
        if suppression is not None:
            by_line[suppression.span.line] = suppression
    if not by_line:
        return diagnostics
    kept: list[Diagnostic] = []
    used: dict[int, set[str]] = {line: set() for line in by_line}
    for diagnostic in diagnostics:
        suppression = by_line.get(diagnostic.span.line)
        if (
            suppression is not None
            and diagnostic.code not in UNSILENCEABLE  # a noqa naming them is unused
            and (suppression.codes is None or diagnostic.code in suppression.codes)
        ):
            used[diagnostic.span.line].add(diagnostic.code)
            continue
        kept.append(diagnostic)
    if not report_unused:
        return kept
    unused_findings: list[Finding] = []
    for line, suppression in sorted(by_line.items()):
        hits = used[line]
        if suppression.codes is None:
            if hits:
                continue
            message = "'# noqa' suppresses nothing: no diagnostic on this line"
        else:
            unused = [code for code in dict.fromkeys(suppression.codes) if code not in hits]
            if suppression.codes == ():
                message = (
                    "'# noqa:' names no rule code, so it suppresses nothing "
                    "(write '# noqa' alone to suppress every diagnostic on the line)"
                )
            elif not unused:
                continue
            else:
                message = f"unused suppression: no {', '.join(unused)} on this line to suppress"
        unused_findings.append(
            Finding(
                "RL900",
                suppression.span,
                message,
                help="remove the comment, or the codes it no longer needs",
            )
        )
    return kept + stamp(path, unused_findings)
