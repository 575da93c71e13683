"""Writing a report: to standard output, or atomically to a file.

``-o FILE`` replaces a regular file atomically (a temporary file beside it,
renamed into place).  Anything else is written to directly: ``/dev/null``, a
FIFO or a terminal must stay what it is (renaming over ``/dev/null`` as root
turned it into a regular file for every later step of a CI job).  A symbolic
link is followed: its target is the file replaced, and the link stays.
``-o -`` is standard output.
"""

from __future__ import annotations

import os
import signal
import stat
import sys


class _Terminated(BaseException):
    """SIGTERM arrived while a temporary report existed (cleaned up, then exit 143)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def write_report(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` (or stdout)."""
    from runbook_lint.commands.streams import write_stdout
    from runbook_lint.errors import UsageError

    if output is None or output == "-":
        write_stdout(text)
        return
    target = os.path.realpath(output)  # a symbolic link: replace its target, keep the link
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None  # does not exist yet (or cannot be seen): the write below says why
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"cannot write '{output}': Is a directory")
    try:
        if mode is not None and not stat.S_ISREG(mode):
            with open(target, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            return
        _replace(text, target)
    except OSError as error:
        raise UsageError(f"cannot write '{output}': {error.strerror or error}") from None


def _replace(text: str, target: str) -> None:
    """Write a temporary file beside ``target`` and rename it into place.

    A reader never sees half a report.  Whatever stops the write (an error,
    Ctrl-C, SIGTERM) removes the temporary file; SIGTERM then exits 143 as the
    signal would have.
    """
    import tempfile  # only when writing a file: it is slow to import

    folder = os.path.dirname(target)
    previous = _catch_sigterm()
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".runbook-lint-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's 0600 is not what a report wants
        os.replace(temporary, target)
        temporary = None
    except _Terminated:
        _remove(temporary)
        _restore_sigterm(previous)
        sys.stderr.write("runbook-lint: terminated; no report was written\n")
        raise SystemExit(128 + signal.SIGTERM) from None
    except BaseException:  # whatever stops the write, no temporary file stays behind
        _remove(temporary)
        raise
    finally:
        _restore_sigterm(previous)


def _remove(temporary: str | None) -> None:
    if temporary is not None:
        try:
            os.unlink(temporary)
        except OSError:
            pass


def _catch_sigterm() -> object:
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):  # not the main thread (an in-process caller): leave it
        return None


def _restore_sigterm(previous: object) -> None:
    if previous is not None:
        try:
            signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]
        except (ValueError, OSError):
            pass
