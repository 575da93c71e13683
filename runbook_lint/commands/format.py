"""`runbook-lint format`: rewrite runbooks in the canonical layout (runbook_lint/format.py).

Exit status: 0 when done (or nothing to change); 1 with `--check`/`--diff` when a
file would change; 2 when a file cannot be formatted (it does not parse or
decode: it is left untouched and its diagnostics go to standard error).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from runbook_lint.commands.files import discover, read
from runbook_lint.errors import UsageError
from runbook_lint.syntax.source import BOM


def run(args: Any) -> int:
    from runbook_lint.commands import check
    from runbook_lint.lint.config import ConfigError

    load_configuration: Any = check.load_configuration  # check.py is not typed
    try:
        config = load_configuration(args)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    inputs = discover(args.paths, args.stdin_filename)
    if config is not None and config.exclude:
        # An excluded standard input is passed through unchanged: an editor that
        # formats through `-` must not get an empty buffer back.
        for item in inputs:
            if (
                item.real is None
                and config.excluded(item.path)
                and not args.check
                and not args.diff
            ):
                data, _ = read(item)
                sys.stdout.buffer.write(data or b"")
                sys.stdout.flush()
        inputs = [item for item in inputs if not config.excluded(item.path)]
    changed: list[str] = []
    failed = False
    for item in inputs:
        outcome = _format_one(item, args)
        if outcome is None:
            failed = True
        elif outcome:
            changed.append(item.path)
    if args.check:
        for path in changed:
            print(f"Would reformat: {path}")
    if failed:
        return 2
    return 1 if (args.check or args.diff) and changed else 0


def _format_one(item: Any, args: Any) -> bool | None:
    """True if the file changes (or would), False if not, None if it cannot be formatted."""
    from runbook_lint.format import format_text
    from runbook_lint.lint.linter import lint_bytes, unreadable

    data, problem = read(item)
    if data is None:
        _report(unreadable(item.path, problem or "cannot be read"))
        return None
    result = lint_bytes(item.path, data)
    if result.source.text is None:
        _report(result)
        return None
    text = data.decode("utf-8")
    formatted = format_text(text)
    if formatted.text is None:
        _report(result)
        return None
    stdin = item.real is None
    if stdin and not args.check and not args.diff:
        sys.stdout.write(formatted.text)
        sys.stdout.flush()
        return formatted.text != text
    if formatted.text == text:
        return False
    if args.diff:
        from runbook_lint.format import iter_changes

        before = text[1:] if text.startswith(BOM) else text
        after = formatted.text[1:] if formatted.text.startswith(BOM) else formatted.text
        sys.stdout.writelines(iter_changes(before, after, item.path))
        return True
    if not args.check:
        _write(item.real, formatted.text)
    return True


def _report(result: Any) -> None:
    from runbook_lint.report import ReportOptions, render

    text = render("concise", [result], ReportOptions(quiet=True))
    sys.stderr.write(text)
    sys.stderr.write(f"runbook-lint: {result.path}: left unformatted\n")


def _write(path: str, text: str) -> None:
    """Replace ``path`` atomically, keeping its permission bits."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = os.stat(path).st_mode & 0o7777
        handle, temporary = tempfile.mkstemp(prefix=".runbook-lint-", dir=folder)
    except OSError as error:
        raise UsageError(f"cannot write '{path}': {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:  # no temporary file stays behind, whatever stops the write
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise UsageError(f"cannot write '{path}': {error.strerror or error}") from None
        raise
