"""The pre-commit hook, run by the real pre-commit against this repository.

`pre-commit try-repo` clones this repository (its HEAD plus uncommitted changes
to tracked files), installs the hook's package with pip (from PyPI: hatchling,
lark, pyyaml, jinja2) into an environment of its own, and runs the hook on a
scratch git repository.  PRE_COMMIT_HOME points at a temporary folder shared by
the module, so nothing touches the user's pre-commit cache.  (try-repo keeps
its hook environments in a store of its own that lives for one run, so each
run installs again; pip's cache makes the second one quick.)  The subprocess
timeouts are generous for a slow network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

TIMEOUT = 1200  # seconds per try-repo run: each builds the hook's environment with pip

GOOD = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade eu-west to 8.15.1
upgrade us-east to 8.15.1
"""
BROKEN = """\
cluster us-east version 8.14.3
cluster eu-west version 8.14.3
eu-west follows us-east

upgrade us-east to 8.15.1
upgrade eu-west to 8.15.1
"""


def pre_commit_executable() -> str:
    found = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
    if found is None:
        pytest.fail("pre-commit is not installed beside this Python (pip install -e '.[test]')")
    return found


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing from an outer git hook or repository may leak into the scratch one.
        if not key.startswith(("GIT_", "PRE_COMMIT"))
    }
    env.update(
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    # The hook's entry is `runbook-lint`: make sure it is found in the hook's own
    # environment, not in this test's virtualenv.
    venv_bin = os.path.dirname(sys.executable)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env.pop("VIRTUAL_ENV", None)
    return env


def git(repo: Path, *args, env):
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def repo(tmp_path_factory, environment):
    repo = tmp_path_factory.mktemp("runbooks")
    git(repo, "init", "-q", "-b", "main", env=environment)
    git(repo, "config", "user.name", "Runbook Tester", env=environment)
    git(repo, "config", "user.email", "tester@example.invalid", env=environment)
    git(repo, "config", "commit.gpgsign", "false", env=environment)
    (repo / "runbooks").mkdir()
    (repo / "runbooks" / "prod.rbk").write_text(GOOD, encoding="utf-8")
    (repo / "README.md").write_text("not a runbook: the hook must not see it\n", encoding="utf-8")
    git(repo, "add", "-A", env=environment)
    git(repo, "commit", "-q", "-m", "a correct runbook", env=environment)
    return repo


def try_repo(repo: Path, env, timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            pre_commit_executable(),
            "try-repo",
            str(ROOT),
            "runbook-lint",
            "--all-files",
            "--verbose",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        timeout=timeout,
    )


def report(process) -> str:
    return process.stdout.decode("utf-8", "replace") + process.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def first_run(repo, environment):
    # The correct-runbook run, once for the module; the broken-runbook test needs it first.
    return try_repo(repo, environment, TIMEOUT)


@pytest.mark.slow  # pre-commit try-repo builds a virtualenv
def test_the_hook_passes_a_correct_runbook(first_run):
    output = report(first_run)
    assert first_run.returncode == 0, output
    assert "runbook-lint" in output
    assert "Passed" in output
    assert "All checks passed (1 file)." in output  # only the .rbk file was given to the hook


@pytest.mark.slow  # pre-commit try-repo builds a virtualenv
def test_the_hook_fails_a_broken_runbook_and_shows_rl201(first_run, repo, environment):
    assert first_run.returncode == 0, report(first_run)
    broken = repo / "runbooks" / "leader_first.rbk"
    broken.write_text(BROKEN, encoding="utf-8")
    git(repo, "add", "runbooks/leader_first.rbk", env=environment)
    try:
        process = try_repo(repo, environment, TIMEOUT)
    finally:
        git(repo, "rm", "-q", "--cached", "runbooks/leader_first.rbk", env=environment)
        broken.unlink()
    output = report(process)
    assert process.returncode != 0, output
    assert "Failed" in output
    assert "error[RL201]: leader 'us-east' upgraded before its follower 'eu-west'" in output
    assert "runbooks/leader_first.rbk:5:1" in output
    assert "Found 1 error in 2 files." in output


def test_the_hook_definition_matches_the_spec():
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[:1] == [  # hooks[1], the formatter, is tested in test_format.py
        {
            "id": "runbook-lint",
            "name": "runbook-lint",
            "description": "Check Elasticsearch cross-cluster replication upgrade runbooks",
            "entry": "runbook-lint check --",
            "language": "python",
            "files": r"\.rbk$",
            "require_serial": True,
        }
    ]
