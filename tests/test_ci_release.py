"""Releases (issue 16, item 9): the version, its tag in the README, the changelog."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli

import runbook_lint


def test_the_version_is_0_2_0_and_the_changelog_starts_with_it():
    assert runbook_lint.__version__ == "0.2.0"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (\S+)", changelog, re.MULTILINE)[0] == runbook_lint.__version__


def test_the_readme_installs_from_the_tag_of_this_version():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tag = f"v{runbook_lint.__version__}"
    assert "pip install runbook-lint\n" not in readme  # not on PyPI
    installs = re.findall(
        r"pip install git\+https://github\.com/runbook-lint/runbook-lint@([^\s`)]+)", readme
    )
    assert installs and set(installs) == {tag}
    assert re.findall(r"^\s+rev: (\S+)$", readme, re.MULTILINE) == [tag]


def test_version_output():
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith(b"runbook-lint 0.2.0")
