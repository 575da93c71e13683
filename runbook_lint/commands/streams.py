"""The standard streams in a broken environment: closed, full, not UTF-8, endless.

- Standard output closed (``>&-``): Python sets ``sys.stdout`` to None, and the
  first write was an AttributeError.  A stand-in raises ``StreamError`` instead.
- Standard output that cannot hold every character (``PYTHONIOENCODING=latin-1``,
  ``LC_ALL=C`` without UTF-8 mode, a Windows console): what the encoding holds
  is written, the rest as ``\\xNN``/``\\uNNNN`` escapes, never an exception.
- A write that fails (``> /dev/full``): ``StreamError`` naming the problem.
- A reader that goes away (``| head``): the rest of the output is dropped and
  the run exits as the report would have (see the README's exit status).
- Standard input closed (``<&-``): ``StreamError``; standard input is read up
  to ``MAX_BYTES`` (``/dev/zero`` does not end), like a file.
"""

from __future__ import annotations

import codecs
import os
import sys

# The most a runbook may hold, from a file or from standard input: a thousand
# times a large real runbook, and read whole in well under a second.
MAX_BYTES = 64 * 1024 * 1024


class StreamError(Exception):
    """A standard stream that cannot be used: one line, exit status 2."""


class _Closed:
    """Stands in for a standard stream that was closed before the run started."""

    encoding = "utf-8"

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> int:
        raise StreamError(f"cannot write the output: {self.name} is closed")

    def writelines(self, lines: object) -> None:
        raise StreamError(f"cannot write the output: {self.name} is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def prepare() -> None:
    """Make standard output safe to write before any command runs."""
    if sys.stdout is None:
        sys.stdout = _Closed("standard output")
        return
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if not utf8 and reconfigure is not None:
        reconfigure(errors="backslashreplace")


def silence_stdout() -> None:
    """After a broken pipe or a failed write: drop whatever is still buffered.

    Standard output's file descriptor is pointed at the null device, so the
    interpreter's own flush at exit neither fails nor prints a second message.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (an in-process caller's buffer): nothing to do
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)


def write_stdout(text: str) -> None:
    """Write ``text`` to standard output; a reader that went away is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as error:
        silence_stdout()
        raise StreamError(
            f"cannot write the output to standard output: {error.strerror or error}"
        ) from None


def flush_stdout() -> None:
    """Flush at the end of a command, so that a failure is reported, not lost at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as error:
        silence_stdout()
        raise StreamError(
            f"cannot write the output to standard output: {error.strerror or error}"
        ) from None


def read_stdin() -> tuple[bytes | None, str | None]:
    """Standard input's bytes (at most ``MAX_BYTES``), or None and why not (RL002's message)."""
    stream = sys.stdin
    if stream is None:
        raise StreamError("cannot read '-': standard input is closed")
    try:
        data: bytes = stream.buffer.read(MAX_BYTES + 1)
    except OSError as error:
        raise StreamError(f"cannot read standard input: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        return None, too_large()
    return data, None


def too_large() -> str:
    return f"is larger than {MAX_BYTES // (1024 * 1024)} MiB, the most a runbook may hold, so it is not read"
