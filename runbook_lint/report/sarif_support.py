"""What the SARIF log needs beyond the diagnostics: where the repository root
is, a stable time stamp, fingerprints that survive lines moving, and rule tags.

Kept apart from `sarif.py` so that the JUnit report can share the clock.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime, timezone
from pathlib import Path

# GitHub code scanning rejects a run with more results (Multitool GH1004).
RESULT_CAP = 25_000
# GitHub truncates (and the Multitool flags) longer rule descriptions.
DESCRIPTION_LIMIT = 1024


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder holding `.git` (a folder or a worktree's file), else `start`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def now_utc() -> datetime:
    """The time of the run; SOURCE_DATE_EPOCH (reproducible builds) fixes it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and len(epoch) <= 12:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


_NOQA = re.compile(r"\s*#\s*noqa\b.*$", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalized_statement(line: str) -> str:
    """The statement's text without its indentation, spacing or `# noqa` comment,
    so that reformatting or adding a suppression keeps the fingerprint."""
    return _SPACE.sub(" ", _NOQA.sub("", line)).strip()


def fingerprint(code: str, uri: str, statement: str, occurrence: int) -> str:
    """sha256 of (rule, path, normalized statement text, occurrence index): no line
    number, so inserting lines above leaves it unchanged."""
    key = "\0".join((code, uri, statement, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def tags(code: str) -> list[str]:
    """The rule's `properties.tags`: what area of an upgrade runbook it is about."""
    number = int(code[2:]) if code[2:].isdigit() else 0
    if number < 100:
        return ["syntax"]
    if number < 200:
        return ["declarations", "ccr"]
    if number < 300:
        return ["ccr", "upgrade-order"]
    if number == 310:
        return ["ccr", "retention-lease", "time"]
    if number < 400:
        return ["upgrade", "versions"]
    if number < 900:
        return ["ccr", "live-state"]
    return ["suppression"]


def short_description(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """`text` if it fits in `limit` characters, else its longest prefix of whole
    sentences that does (ending with an ellipsis when even one does not)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind(".\n"))
    if end > 0:
        return cut[: end + 1]
    return cut[: limit - 1].rstrip() + "…"
