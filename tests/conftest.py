"""Shared helpers: the spec's examples, and linting text without the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples"
SAMPLES = ROOT / "samples"


def lint_text(text: str, path: str = "t.rbk"):
    from runbook_lint.linter import lint_bytes

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


def run_cli(*args, input: bytes | None = None, cwd=None, env=None):
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
