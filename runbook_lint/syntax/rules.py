"""The input rules: a file that cannot be parsed (RL001) or read (RL002).

Fired by the parser and the linter, never by the checker: a file with either
is not simulated.  Both are unsilenceable (``catalogue.UNSILENCEABLE``).
"""

from __future__ import annotations

from runbook_lint.rule import Rule, Severity

RULES: tuple[Rule, ...] = (
    Rule(
        code="RL001",
        name="syntax-error",
        severity=Severity.ERROR,
        summary="The file does not parse as a runbook.",
        rationale=(
            "Fires for every line that does not follow the runbook language: a missing or "
            "misspelt keyword (`upgrade eu-west 8.15.1` has no `to`), a version without exactly "
            "three numeric parts (`8.15` where `8.15.0` is needed), an unterminated string, a "
            "declaration inside a `step` or `parallel` block, a block whose `{` does not end its "
            "line or whose `}` does not stand on a line of its own. The message names what was "
            "found and what was expected, in words a runbook author knows. Parsing recovers at "
            "the next line, so one run reports every bad line. It points at the unexpected token "
            "or character; at the end of the file, at the end of the last line.\n\n"
            "Why: a runbook that cannot be read cannot be checked. A file with a syntax error gets "
            "only its RL001 diagnostics: the checker does not simulate a partial runbook, because "
            "the lines it could not read may be exactly the follower upgrade, the pause or the "
            "resume that every other judgement depends on."
        ),
        bad="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west 8.15.1
upgrade us-east to 8.15.1
""",
        good="""\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
    Rule(
        code="RL002",
        name="unreadable-input",
        severity=Severity.ERROR,
        summary="The file cannot be read or is not valid UTF-8 text.",
        rationale=(
            "Fires when a file cannot be read (a permission problem, an I/O error) or its bytes "
            "are not valid UTF-8: a binary file, or a runbook saved in another encoding such as "
            "UTF-16 or Latin-1. UTF-8 with or without a byte-order mark, and LF or CRLF line "
            "endings, are all accepted. It points at line 1, column 1.\n\n"
            "Why: the checker judges only what it can read exactly. Guessing an encoding could "
            "change a cluster name, a node name or a version, and give a verdict on a runbook "
            "nobody wrote. The other files of the run are still linted."
        ),
        bad="""\
A runbook saved as UTF-16 by a Windows editor: the file starts with the bytes FF FE and has
a NUL byte after every ASCII character, so it is not UTF-8 text. Likewise a binary file
(a PDF export of the runbook, an archive) that was given the .rbk extension by mistake.
runbook-lint reports RL002 at line 1, column 1, and lints the other files.
""",
        good="""\
# The same runbook, saved as UTF-8.
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
""",
    ),
)
