"""The README stays true: its rule table is the catalogue, its example output is real,
and its test command is the one CI runs."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli

from runbook_lint.catalogue import table as catalogue_table

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_the_catalogue():
    table = README.split("<!-- rules-table:start -->")[1].split("<!-- rules-table:end -->")[0]
    assert table.strip().splitlines() == catalogue_table(), (
        "the README's rule table differs from the catalogue: run scripts/update_readme.py"
    )


def test_example_output_is_what_the_command_prints():
    block = README.split("$ runbook-lint check samples/chain_broken.rbk\n")[1].split("```")[0]
    result = run_cli("check", "samples/chain_broken.rbk", cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.decode().startswith(block.rstrip("\n") + "\n")


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    quick = README.split("## Quick start")[1].split("## The language")[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(commands) == 2
    assert "runbook-lint check samples/" in commands[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
