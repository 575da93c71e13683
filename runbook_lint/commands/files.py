"""Finding the runbooks a command line names, and reading their bytes."""

from __future__ import annotations

import os
import stat
import sys

from runbook_lint.records import record

EXTENSION = ".rbk"


@record
class Input:
    path: str  # as reported
    real: str | None  # where to read it; None for standard input


def _display(path: str) -> str:
    return path.replace(os.sep, "/")


def _below(given: str, real: str) -> str:
    """A path found below ``given``, reported from ``given`` as the user wrote it.

    Below the current folder (`runbook-lint check` or `check .`) the path is
    reported without a leading './', as ruff and yamllint do.
    """
    relative = os.path.relpath(real, given)
    if os.path.normpath(given) == os.curdir:
        return _display(relative)
    return _display(os.path.join(given, relative))


def discover(paths: list[str], stdin_filename: str | None) -> list[Input]:
    """Every file to lint, each once, sorted by reported path.

    A directory gives every ``*.rbk`` below it; hidden folders are skipped, and
    symbolic links to folders are not followed (no loops).  A missing path is
    a usage error.
    """
    from runbook_lint.cli import UsageError

    found: dict[str, Input] = {}  # one entry per file, keyed by its real path

    def add(shown: str, real: str) -> None:
        # The same file named twice (`check . ./sub`) is linted once, under the
        # smallest of its names, so that the output does not depend on the
        # order of the arguments.
        key = os.path.realpath(real)
        if key not in found or shown < found[key].path:
            found[key] = Input(shown, real)

    for given in paths or ["."]:
        if given == "-":
            name = stdin_filename or "-"
            found["\0stdin"] = Input(name, None)
            continue
        if not os.path.lexists(given):
            raise UsageError(f"path '{given}' does not exist")
        if os.path.isdir(given):
            for folder, subfolders, files in os.walk(given, followlinks=False):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(EXTENSION):
                        real = os.path.join(folder, name)
                        add(_below(given, real), real)
        else:
            add(_display(given), given)
    return sorted(found.values(), key=lambda item: item.path)


def read(item: Input) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and why it cannot be read (RL002's message)."""
    if item.real is None:
        return sys.stdin.buffer.read(), None
    try:
        mode = os.stat(item.real).st_mode
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
    if stat.S_ISDIR(mode):
        return None, "is a directory, not a runbook file"
    if not stat.S_ISREG(mode):
        return None, "is not a regular file (a FIFO, socket or device), so it is not read"
    try:
        with open(item.real, "rb") as stream:
            return stream.read(), None
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
