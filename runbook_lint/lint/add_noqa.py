"""`check --add-noqa`: a `# noqa: CODE` on every line that has a diagnostic.

Ruff's way to adopt a linter on an old repository: the diagnostics a check
shows today are written down as suppressions, so that the gate passes and only
new problems fail it.  The rules:

- The directive goes on the line the diagnostic is reported on (its primary
  location's line), which is the line `noqa` is matched against (suppress.py).
  The language has one statement per line; for a `step`/`parallel` block, the
  line is the one the diagnostic names (the block's opening line for a
  diagnostic about the block).
- A line without a comment gains `  # noqa: RL201, RL302` (codes sorted);
  trailing blanks before it are dropped.  A line whose comment is not a `noqa`
  keeps it, and the directive follows it (`# why  # noqa: RL201`).  A line with
  `# noqa: X` gains the missing codes in its list, sorted by code, each once
  (a second word for one code is dropped); the words already there stay as
  written (a rule name stays a name) and a reason after the list stays after it.
- Never for RL001/RL002 (nothing suppresses them) nor RL900 (an unused
  suppression: `noqa` cannot silence it; remove the comment instead).
- Only the diagnostics `check` would show are written: the configuration's
  `select`/`ignore` apply first.  A second run finds nothing to add.
- Files are replaced atomically (a temporary file beside them, renamed into
  place), keeping their permission bits, line endings and byte-order mark; a
  symbolic link is followed and stays a link.  Anything that is not a regular
  file was never read (RL002), so it is never written.
"""

from __future__ import annotations

import os
import re
import stat
import sys

from runbook_lint.catalogue import UNSILENCEABLE
from runbook_lint.errors import UsageError
from runbook_lint.lint.suppress import parse_comment
from runbook_lint.syntax.source import BOM

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.commands.files import Input
    from runbook_lint.lint.linter import FileResult
    from runbook_lint.syntax.ast import Comment

# suppress.py's pattern: the same match, so that the codes go where it reads them.
_NOQA = re.compile(r"#\s*noqa(?![\w-])(?P<colon>\s*:)?(?P<rest>.*)", re.IGNORECASE)
_WORD = re.compile(r"[^\s,]+")
# What a noqa cannot silence: RL001/RL002 (rules.md, "Input") and RL900.
_NOT_SUPPRESSIBLE = UNSILENCEABLE | {"RL900"}


def with_noqa(line: str, comment: Comment | None, codes: set[str]) -> str | None:
    """``line`` (without its line ending) suppressing ``codes``; None if it needs no change."""
    directive = "  # noqa: " + ", ".join(sorted(codes))
    if comment is None:
        return line.rstrip(" \t") + directive
    start = comment.span.column - 1
    if line[start:] != comment.text:
        return None  # not the line the parser read: leave it alone rather than guess
    suppression = parse_comment(comment)
    if suppression is None:  # a comment, not a noqa: the directive follows it
        return line.rstrip(" \t") + directive
    if suppression.codes is None:
        return None  # a bare noqa suppresses every code already
    missing = codes.difference(suppression.codes)
    if not missing:
        return None
    match = _NOQA.search(comment.text)
    assert match is not None  # parse_comment found it with the same pattern
    rest_start = match.start("rest")
    rest = match.group("rest")
    entries: dict[str, str] = {}  # code -> the word written for it (first one kept)
    words = _WORD.finditer(rest)
    end = len(rest) - len(rest.lstrip())
    lead = " "
    for index, (code, written) in enumerate(
        zip(suppression.codes, suppression.written, strict=True)
    ):
        word = next(words)
        assert word.group() == written  # the same words parse_comment read
        if index == 0:
            lead = rest[: word.start()]  # a list written without a space keeps that spelling
        end = word.end()
        entries.setdefault(code, written)
    for code in missing:
        entries[code] = code
    listed = ", ".join(entries[code] for code in sorted(entries))
    after = rest[end:]
    if after and not suppression.codes:
        after = " " + after  # a reason after an empty list: keep it apart from the codes
    text = comment.text[:rest_start] + lead + listed + after
    return line[:start] + text


def rewrite(text: str, result: FileResult) -> tuple[str, int]:
    """``text`` with the directives ``result``'s diagnostics need, and how many lines changed."""
    wanted: dict[int, set[str]] = {}
    for diagnostic in result.diagnostics:
        if diagnostic.code not in _NOT_SUPPRESSIBLE:
            wanted.setdefault(diagnostic.span.line, set()).add(diagnostic.code)
    if not wanted:
        return text, 0
    bom = BOM if text.startswith(BOM) else ""
    lines = text[len(bom) :].split("\n")  # as the parser counts lines (source.py)
    comments = {comment.span.line: comment for comment in result.comments}
    changed = 0
    for number, codes in wanted.items():
        if not 0 < number <= len(lines):
            continue
        line = lines[number - 1]
        ending = "\r" if line.endswith("\r") else ""
        body = line[: len(line) - len(ending)]
        if not body.strip():
            continue  # a blank line holds no statement a directive could belong to
        new = with_noqa(body, comments.get(number), codes)
        if new is not None and new != body:
            lines[number - 1] = new + ending
            changed += 1
    return bom + "\n".join(lines), changed


def write_noqa(
    inputs: Sequence[Input], texts: Sequence[bytes | None], results: Sequence[FileResult]
) -> int:
    """Write the directives into every file that needs them; print the counts; exit 0."""
    directives = files = left = 0
    for item, data, result in zip(inputs, texts, results, strict=True):
        left += sum(d.code in _NOT_SUPPRESSIBLE for d in result.diagnostics)
        if data is None or item.real is None or result.source.text is None:
            continue
        new, changed = rewrite(data.decode("utf-8"), result)
        if changed:
            _replace(item.real, new.encode("utf-8"))
            directives += changed
            files += 1
    noun = "directive" if directives == 1 else "directives"
    print(f"Added {directives} noqa {noun} to {files} file{'' if files == 1 else 's'}.")
    if left:
        print(
            f"runbook-lint: warning: {left} diagnostic{'' if left == 1 else 's'} cannot take a"
            " noqa (RL001, RL002: fix the file; RL900: remove the unused suppression);"
            " run check to see them",
            file=sys.stderr,
        )
    return 0


def _replace(path: str, data: bytes) -> None:
    """Replace the regular file ``path`` (a link: its target) atomically, keeping its mode."""
    import tempfile  # only when a file changes: it is slow to import

    target = os.path.realpath(path)  # a symbolic link: replace its target, keep the link
    temporary = None
    try:
        mode = os.stat(target).st_mode
        if not stat.S_ISREG(mode):
            return  # swapped for a FIFO or a device since it was read: leave it
        handle, temporary = tempfile.mkstemp(prefix=".runbook-lint-", dir=os.path.dirname(target))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, stat.S_IMODE(mode))
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise UsageError(f"cannot write '{path}': {error.strerror or error}") from None
    finally:
        if temporary is not None:  # whatever stopped the write, no temporary file stays
            try:
                os.unlink(temporary)
            except OSError:
                pass
