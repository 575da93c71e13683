"""The project's own tooling files stay valid: the pre-commit configuration
(its hooks: ruff, ruff format, mypy, runbook-lint on samples/)."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml
from conftest import ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"


def test_pre_commit_config_validates() -> None:
    pre_commit = os.path.join(os.path.dirname(sys.executable), "pre-commit")
    result = subprocess.run(
        [pre_commit, "validate-config", str(CONFIG)], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_pre_commit_hooks() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [(hook["id"], hook["language"]) for hook in hooks] == [
        ("ruff", "system"),
        ("ruff-format", "system"),
        ("mypy", "system"),
        ("runbook-lint-samples", "system"),
    ]
    samples = hooks[-1]
    assert (samples["entry"], samples["files"], samples["exclude"]) == (
        "runbook-lint check",
        r"^samples/.*\.rbk$",
        r"_broken\.rbk$",
    )
