"""Finding the runbooks a command line names, and reading their bytes."""

from __future__ import annotations

import os
import stat

from runbook_lint.records import record

EXTENSION = ".rbk"


@record
class Input:
    path: str  # as reported
    real: str | None  # where to read it; None for standard input
    problem: str | None = None  # why it cannot be read, when the walk already knows


def _display(path: str) -> str:
    # A file name that is not valid UTF-8 reaches Python with its bad bytes as
    # lone surrogates, which no report can encode: show them as \xNN escapes.
    path = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
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
    a usage error.  A folder that cannot be listed is not skipped in silence:
    it is an input of its own that cannot be read (RL002), so that a CI gate
    fails rather than pass over runbooks it could not see.
    """
    from runbook_lint.errors import UsageError

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
            unlisted: list[OSError] = []
            for folder, subfolders, files in os.walk(
                given, onerror=unlisted.append, followlinks=False
            ):
                subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
                for name in sorted(files):
                    if name.endswith(EXTENSION):
                        real = os.path.join(folder, name)
                        add(_below(given, real), real)
            for error in unlisted:
                folder = error.filename if isinstance(error.filename, str) else given
                same = os.path.normpath(folder) == os.path.normpath(given)
                shown = _display(given) if same else _below(given, folder)
                found[os.path.realpath(folder)] = Input(
                    shown,
                    folder,
                    f"folder cannot be listed: {error.strerror or error}; the runbooks in it were not checked",
                )
        else:
            add(_display(given), given)
    return sorted(found.values(), key=lambda item: item.path)


def read(item: Input) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and why it cannot be read (RL002's message)."""
    if item.problem is not None:
        return None, item.problem
    if item.real is None:
        from runbook_lint.commands.streams import read_stdin

        return read_stdin()
    try:
        mode = os.stat(item.real).st_mode
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
    if stat.S_ISDIR(mode):
        return None, "is a directory, not a runbook file"
    if not stat.S_ISREG(mode):
        return None, _NOT_REGULAR
    try:
        # Non-blocking, and checked again once open: a path swapped for a FIFO
        # after the stat above must not hang the run waiting for a writer.
        descriptor = os.open(
            item.real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None, _NOT_REGULAR
        from runbook_lint.commands.streams import MAX_BYTES, too_large

        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_BYTES + 1)  # a bound, even for a file that grows
        return (None, too_large()) if len(data) > MAX_BYTES else (data, None)
    except OSError as error:
        return None, f"cannot be read: {error.strerror or error}"
    finally:
        os.close(descriptor)


_NOT_REGULAR = "is not a regular file (a FIFO, socket or device), so it is not read"
