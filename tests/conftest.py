"""Shared helpers: the spec's examples, linting text without the CLI, and the CLI in process.

Everything the tests read lives in this repository (``tests/data``): a clone
without ``../shared`` runs the whole suite. ``test_shared_copies`` checks the
copies still equal ``../shared`` where it is present.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLES = DATA / "examples"
SCHEMAS = DATA / "schemas"
SAMPLES = ROOT / "samples"
# Reports that carry a time (SARIF's endTimeUtc, JUnit's timestamp) take it from
# SOURCE_DATE_EPOCH when set, as reproducible builds do: byte-for-byte
# comparisons of two runs stay possible (test_ci_sarif unsets it to see the clock).
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")

# Hypothesis example counts come from a profile, not from each test: `dev`
# (the default) keeps the everyday run fast, `ci` runs the heavy search.
# Tests keep only the settings that change meaning (deadline, health checks).
settings.register_profile("dev", max_examples=25)
settings.register_profile("ci", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# A leader upgraded before its follower: RL201 at line 5 (the CI-gate tests share it).
LEADER_FIRST = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
"""


def lint_text(text: str, path: str = "t.rbk"):
    from runbook_lint.lint.linter import lint_bytes

    return lint_bytes(path, text.encode("utf-8"))


def codes(text: str) -> list[tuple[int, str]]:
    """The (line, code) pairs a runbook gives, sorted."""
    result = lint_text(text)
    return sorted((d.span.line, d.code) for d in result.diagnostics)


def entry_point() -> list[str]:
    """The installed console script (tests run what users run)."""
    script = shutil.which("runbook-lint", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.fail("the runbook-lint console script is not installed beside this Python")
    return [script]


class Completed(NamedTuple):
    """What a CLI run gave; unpacks as (exit_code, stdout, stderr) and reads like
    subprocess.CompletedProcess (``.returncode``, bytes ``.stdout``/``.stderr``)."""

    returncode: int
    stdout: bytes
    stderr: bytes


def _exit_code(code: object) -> int:
    # SystemExit's code as the process would report it.
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 1


def run_cli(*args, input: bytes | None = None, cwd=None, env=None) -> Completed:
    """`runbook-lint ARGS` run in this process through ``cli.main(argv)``.

    Standard input, output and error are replaced by byte buffers (the CLI may
    write to ``sys.stdout.buffer``), the working folder and the environment are
    set for the run and restored after it. NO_COLOR is unset as in a shell
    that does not set it. An exception escaping main() is reported as Python
    would: a traceback on stderr and exit status 1.
    """
    from runbook_lint.cli import main

    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_environ = dict(os.environ)
    saved_cwd = os.getcwd()
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
    try:
        os.environ.pop("NO_COLOR", None)
        os.environ.update(env or {})
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        try:
            code = _exit_code(main([str(arg) for arg in args]))
        except SystemExit as stop:
            code = _exit_code(stop.code)
        except BaseException:  # noqa: BLE001 - shown as the interpreter would show it
            traceback.print_exc(file=stderr)
            code = 1
        for stream in (stdout, stderr):
            try:
                stream.flush()
            except (ValueError, OSError):
                pass
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)
    return Completed(code, out.getvalue(), err.getvalue())


def run_subprocess(*args, input: bytes | None = None, cwd=None, env=None):
    """`runbook-lint ARGS` as a real process through the installed console script.

    Only for what in-process runs cannot show: the entry point itself, signals,
    pipes, the interpreter's start-up (hash seed, encodings).
    """
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment.update(env or {})
    return subprocess.run(
        [*entry_point(), *map(str, args)],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=environment,
        timeout=120,
    )


@pytest.fixture(name="run_cli")
def _run_cli_fixture():
    """The in-process CLI runner: ``run_cli(*args, input=, cwd=, env=)`` -> Completed."""
    return run_cli
