"""The README's "Use in CI" section copy-pastes into a working setup (issue 16, "Must show").

Its fenced blocks are read from the README itself: the GitHub Actions
workflow must parse with yaml.safe_load, its `run` scripts are run by bash as
GitHub runs them (`bash -e -o pipefail`, with `$GITHUB_STEP_SUMMARY`) in a
repository whose `runbooks/` folder holds the samples, with the installed
console script on PATH, and each runbook-lint command among them is also run
in process and compared with that run, byte for byte.  The pre-commit block
names this repository's hook at the current version's tag, and the hook's
entry runs on the samples as pre-commit runs it.  A README edit that breaks a
command, or drops one, fails here.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from typing import NamedTuple

import pytest
import yaml
from conftest import ROOT, SAMPLES, entry_point, run_cli

from runbook_lint import __version__

REPOSITORY = "https://github.com/runbook-lint/runbook-lint"
# The runbook-lint commands the workflow shows, in its order.  The test runs
# what the README says; this list makes sure none is lost on the way.
WORKFLOW_COMMANDS = [
    "runbook-lint check --format sarif -o runbook-lint.sarif runbooks/",
    "runbook-lint check --format github runbooks/ || true",
    'runbook-lint check --format markdown runbooks/ >> "$GITHUB_STEP_SUMMARY" || true',
]
BROKEN = sorted(path.name for path in SAMPLES.glob("*_broken.rbk"))


def _section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def _blocks(section: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced block."""
    return re.findall(r"^```(\w*)\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)


def _yaml_block(containing: str) -> object:
    found = [body for info, body in _blocks(_section("Use in CI")) if containing in body]
    assert len(found) == 1, f"one block of the CI section holds {containing!r}"
    return yaml.safe_load(found[0])


def _workflow() -> dict[object, object]:
    workflow = _yaml_block("jobs:")
    assert isinstance(workflow, dict)
    return workflow


def _steps() -> list[dict[str, object]]:
    steps = _workflow()["jobs"]["runbook-lint"]["steps"]
    assert isinstance(steps, list)
    return steps


def _runbook_lint_lines(script: str) -> list[str]:
    return [
        line.strip() for line in script.splitlines() if line.strip().startswith("runbook-lint ")
    ]


@pytest.fixture(name="repository", scope="module")
def _repository(tmp_path_factory):
    """A checkout as the workflow sees it: `.git` and the samples as `runbooks/`."""
    folder = tmp_path_factory.mktemp("checkout")
    (folder / ".git").mkdir()
    shutil.copytree(SAMPLES, folder / "runbooks")
    return folder


def test_the_workflow_parses_and_shows_the_commands():
    workflow = _workflow()
    # YAML 1.1 reads the key `on` as true; GitHub reads it as the word.
    assert workflow[True] == ["push", "pull_request"]
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    scripts = [step["run"] for step in _steps() if "run" in step]
    assert [
        line for script in scripts for line in _runbook_lint_lines(str(script))
    ] == WORKFLOW_COMMANDS


def test_the_install_step_names_this_version():
    installs = [step["run"] for step in _steps() if str(step.get("run", "")).startswith("pip ")]
    assert installs == [f"pip install git+{REPOSITORY}@v{__version__}"]


def test_the_upload_reads_the_file_the_sarif_step_writes():
    steps = _steps()
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "github/codeql-action/upload-sarif@v3",
    ]
    sarif = shlex.split(WORKFLOW_COMMANDS[0])
    written = sarif[sarif.index("-o") + 1]
    (upload,) = (step for step in steps if step.get("uses") == uses[2])
    assert upload["with"] == {"sarif_file": written}
    # A broken runbook fails the SARIF step: the upload and the summary still run.
    assert [
        step.get("if") for step in steps if step.get("name", "").startswith(("Upload", "Annot"))
    ] == [
        "always()",
        "always()",
    ]


def _run_step(script: str, folder, summary) -> subprocess.CompletedProcess[bytes]:
    """A `run:` script as GitHub Actions runs it on Linux: `bash -e -o pipefail`."""
    environment = dict(os.environ)
    environment.pop("NO_COLOR", None)
    environment["PATH"] = os.path.dirname(entry_point()[0]) + os.pathsep + environment["PATH"]
    environment["GITHUB_STEP_SUMMARY"] = str(summary)
    environment["GITHUB_ACTIONS"] = "true"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
        cwd=folder,
        env=environment,
        capture_output=True,
        timeout=300,
    )


class Ran(NamedTuple):
    sarif: subprocess.CompletedProcess[bytes]
    sarif_log: dict[str, object]
    annotate: subprocess.CompletedProcess[bytes]
    summary: bytes


@pytest.fixture(name="ran", scope="module")
def _ran(repository) -> Ran:
    """The workflow's two runbook-lint steps, run once by bash in the checkout."""
    summary = repository / "summary.md"
    summary.write_bytes(b"")
    scripts = [
        str(step["run"]) for step in _steps() if _runbook_lint_lines(str(step.get("run", "")))
    ]
    assert len(scripts) == 2
    sarif = _run_step(scripts[0], repository, summary)
    log = json.loads((repository / "runbook-lint.sarif").read_text(encoding="utf-8"))
    annotate = _run_step(scripts[1], repository, summary)
    return Ran(sarif, log, annotate, summary.read_bytes())


def test_the_workflow_runs(ran):
    # The SARIF step: exit status 1 (the samples include broken runbooks), its report written.
    assert (ran.sarif.returncode, ran.sarif.stdout, ran.sarif.stderr) == (1, b"", b"")
    results = ran.sarif_log["runs"][0]["results"]
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results
    }
    assert sorted(uris) == [f"runbooks/{name}" for name in BROKEN]
    # The annotations and summary step: exit 0 whatever it finds (`|| true`).
    assert (ran.annotate.returncode, ran.annotate.stderr) == (0, b"")
    assert ran.annotate.stdout.startswith(b"::error file=runbooks/")
    assert ran.summary.startswith(b"#")
    for name in BROKEN:  # Markdown escapes the underscores of a path
        assert f"runbooks/{name}".replace("_", "\\_").encode() in ran.summary


def test_each_command_in_process_gives_what_the_workflow_got(repository, ran):
    # The same bytes, and exit status 1 for each (the `|| true` is the script's).
    sarif = run_cli(*shlex.split(WORKFLOW_COMMANDS[0])[1:], cwd=repository)
    assert (sarif.returncode, sarif.stdout, sarif.stderr) == (1, b"", b"")
    log = json.loads((repository / "runbook-lint.sarif").read_text(encoding="utf-8"))
    assert log["runs"][0]["results"] == ran.sarif_log["runs"][0]["results"]
    github_words = shlex.split(WORKFLOW_COMMANDS[1].removesuffix(" || true"))
    github = run_cli(*github_words[1:], cwd=repository, env={"GITHUB_ACTIONS": "true"})
    assert (github.returncode, github.stdout, github.stderr) == (1, ran.annotate.stdout, b"")
    markdown_words = shlex.split(WORKFLOW_COMMANDS[2].partition(" >> ")[0])
    markdown = run_cli(*markdown_words[1:], cwd=repository)
    assert (markdown.returncode, markdown.stdout, markdown.stderr) == (1, ran.summary, b"")


def test_the_pre_commit_block_names_this_hook_at_this_version(repository):
    config = _yaml_block("hooks:")
    assert config == {
        "repos": [{"repo": REPOSITORY, "rev": f"v{__version__}", "hooks": [{"id": "runbook-lint"}]}]
    }
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    hook = hooks["runbook-lint"]
    assert (hook["entry"], hook["require_serial"]) == ("runbook-lint check --", True)

    # The hook as pre-commit runs it: its entry, then the staged files it matches.
    staged = sorted(f"runbooks/{path.name}" for path in SAMPLES.iterdir())
    matching = [name for name in staged if re.search(hook["files"], name)]
    assert matching == staged and matching
    program, *arguments = shlex.split(hook["entry"])
    assert program == "runbook-lint"
    code, out, err = run_cli(*arguments, *matching, cwd=repository)
    assert (code, err) == (1, b"")
    assert out.decode().splitlines()[-1].startswith("Found ")
    clean = [name for name in matching if not name.endswith("_broken.rbk")]
    assert run_cli(*arguments, *clean, cwd=repository) == (
        0,
        f"All checks passed ({len(clean)} files).\n".encode(),
        b"",
    )
