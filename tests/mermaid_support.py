"""Mermaid's own parser for the tests, run by node (tests/mermaid_parse.mjs).

``parse(texts)`` returns one result per diagram: ``{"ok": True, "type": ...}``
or ``{"ok": False, "error": ...}``.  The `mermaid` and `jsdom` npm packages are
installed once, with npm, into a cache folder outside the repository
(``$RUNBOOK_LINT_MERMAID_CACHE``, else ``~/.cache/runbook-lint-mermaid``).  The
test is skipped, with the reason, when node or npm is missing or the install
fails; the CI machine has node.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("mermaid_parse.mjs")


def cache_dir() -> Path:
    configured = os.environ.get("RUNBOOK_LINT_MERMAID_CACHE")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "runbook-lint-mermaid"


@lru_cache(maxsize=1)
def _modules() -> tuple[Path | None, str]:
    """(the install prefix, "") or (None, why it is not available)."""
    if shutil.which("node") is None:
        return None, "node is not installed: Mermaid's parser cannot run"
    prefix = cache_dir()
    if (prefix / "node_modules" / "mermaid").is_dir() and (
        prefix / "node_modules" / "jsdom"
    ).is_dir():
        return prefix, ""
    if shutil.which("npm") is None:
        return None, "npm is not installed: cannot install the mermaid package"
    prefix.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                "mermaid",
                "jsdom",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"npm install mermaid jsdom failed: {error}"
    return prefix, ""


def parse(texts: list[str]) -> list[dict[str, object]]:
    prefix, reason = _modules()
    if prefix is None:
        pytest.skip(reason)
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MERMAID_MODULES": str(prefix / "node_modules")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results: list[dict[str, object]] = json.loads(done.stdout)
    return results


def mermaid_blocks(markdown: str) -> list[str]:
    """The text of every ```mermaid block of a Markdown document."""
    blocks = []
    lines = iter(markdown.splitlines(keepends=True))
    for line in lines:
        if line.strip() == "```mermaid":
            body = []
            for inner in lines:
                if inner.strip() == "```":
                    break
                body.append(inner)
            blocks.append("".join(body))
    return blocks
