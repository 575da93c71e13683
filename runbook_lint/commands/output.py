"""Writing a report: to standard output, or atomically to a file."""

from __future__ import annotations

import os
import sys


def write_report(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` (or stdout).

    A file is written to a temporary file beside it and renamed into place, so
    a reader never sees half a report, even if this process dies mid-way.
    """
    from runbook_lint.cli import UsageError

    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    import tempfile  # only when writing a file: it is slow to import

    folder = os.path.dirname(os.path.abspath(output))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".runbook-lint-", dir=folder)
    except OSError as error:
        raise UsageError(f"cannot write '{output}': {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's 0600 is not what a report wants
        os.replace(temporary, output)
    except BaseException as error:  # whatever stops the write, no temporary file stays behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise UsageError(f"cannot write '{output}': {error.strerror or error}") from None
        raise
