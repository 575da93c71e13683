"""The rule catalogue matches spec/rules.md: codes, names, severities, selectors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import runbook_lint
from runbook_lint.catalogue import RULES, Rule, expand, lookup
from runbook_lint.severity import Severity

E, W = Severity.ERROR, Severity.WARNING

# Written by hand from the tables of spec/rules.md, "The catalogue".
SPEC = [
    ("RL001", "syntax-error", E),
    ("RL002", "unreadable-input", E),
    ("RL101", "undeclared-cluster", E),
    ("RL102", "duplicate-declaration", E),
    ("RL103", "self-follow", E),
    ("RL104", "duplicate-relation", W),
    ("RL105", "undeclared-relation", E),
    ("RL106", "undeclared-node", E),
    ("RL107", "declaration-after-action", E),
    ("RL108", "unknown-node-role", E),
    ("RL201", "leader-upgraded-before-follower", E),
    ("RL202", "bidirectional-following-active", E),
    ("RL203", "resumed-too-early", E),
    ("RL204", "incompatible-versions", E),
    ("RL301", "downgrade", E),
    ("RL302", "redundant-upgrade", W),
    ("RL303", "unsupported-upgrade-path", E),
    ("RL304", "incomplete-rolling-upgrade", E),
    ("RL305", "target-not-reached", E),
    ("RL306", "following-left-paused", E),
    ("RL307", "pause-state-mismatch", W),
    ("RL308", "parallel-same-cluster", W),
    ("RL309", "rolling-upgrade-order", E),
    ("RL310", "pause-exceeds-retention-lease", E),
    ("RL401", "undeclared-live-relation", E),
    ("RL402", "relation-not-live", W),
    ("RL403", "version-drift", E),
    ("RL404", "node-drift", E),
    ("RL405", "paused-live-relation", W),
    ("RL406", "incomplete-live-state", W),
    ("RL900", "unused-suppression", W),
]


def test_catalogue_is_exactly_the_spec_table():
    assert [(r.code, r.name, r.severity) for r in RULES.values()] == SPEC


def test_keys_are_codes_in_code_order():
    assert list(RULES) == [rule.code for rule in RULES.values()]
    assert list(RULES) == sorted(RULES)


@pytest.mark.parametrize("code,name,severity", SPEC)
def test_each_rule(code, name, severity):
    rule = RULES[code]
    assert isinstance(rule, Rule)
    assert (rule.code, rule.name, rule.severity) == (code, name, severity)


def test_codes_are_well_formed():
    for code in RULES:
        assert re.fullmatch(r"RL\d{3}", code)


def test_names_are_kebab_case_and_unique():
    names = [rule.name for rule in RULES.values()]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), name


def test_rule_is_frozen():
    with pytest.raises(AttributeError):
        RULES["RL201"].name = "something-else"  # type: ignore[misc]


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_documentation_is_filled_in(rule):
    assert rule.summary.strip() and "\n" not in rule.summary
    assert len(rule.rationale) > 200
    assert "Why" in rule.rationale
    assert rule.bad.strip() and rule.good.strip()
    assert rule.bad != rule.good
    assert rule.bad.endswith("\n") and rule.good.endswith("\n")


def test_unused_suppression_example_carries_a_stale_noqa():
    bad = RULES["RL900"].bad
    assert "# noqa: RL201" in bad
    assert "noqa" not in RULES["RL900"].good


# ---------------------------------------------------------------- lookup


@pytest.mark.parametrize("code,name,severity", SPEC)
def test_lookup_by_code_and_name(code, name, severity):
    rule = RULES[code]
    assert lookup(code) is rule
    assert lookup(name) is rule


@pytest.mark.parametrize(
    "word",
    [
        "rl201",
        "Rl201",
        "RL201",
        "LEADER-UPGRADED-BEFORE-FOLLOWER",
        "Leader-Upgraded-Before-Follower",
    ],
)
def test_lookup_is_case_insensitive(word):
    assert lookup(word) is RULES["RL201"]


@pytest.mark.parametrize("word", ["RL999", "RL2", "RL", "leader", "", "syntax error"])
def test_lookup_unknown_is_none(word):
    assert lookup(word) is None


# ---------------------------------------------------------------- expand


def test_expand_code():
    assert expand("RL303") == [RULES["RL303"]]
    assert expand("rl303") == [RULES["RL303"]]


def test_expand_name():
    assert expand("downgrade") == [RULES["RL301"]]
    assert expand("Resumed-Too-Early") == [RULES["RL203"]]


def test_expand_prefix():
    assert [r.code for r in expand("RL2")] == ["RL201", "RL202", "RL203", "RL204"]
    assert [r.code for r in expand("rl1")] == [f"RL10{i}" for i in range(1, 9)]
    assert [r.code for r in expand("RL30")] == [f"RL30{i}" for i in range(1, 10)]
    assert [r.code for r in expand("RL00")] == ["RL001", "RL002"]
    assert [r.code for r in expand("RL9")] == ["RL900"]


def test_expand_everything():
    assert expand("RL") == list(RULES.values())
    assert expand("rl") == list(RULES.values())


@pytest.mark.parametrize("selector", ["RL5", "RL2019", "RL999", "bogus-rule", "", "R", "L2"])
def test_expand_error_names_the_selector(selector):
    with pytest.raises(ValueError) as excinfo:
        expand(selector)
    assert repr(selector) in str(excinfo.value)


# ---------------------------------------------------------------- import cost


def test_import_is_cheap():
    code = (
        "import sys, runbook_lint.catalogue\n"
        "heavy = [m for m in ('yaml', 'jinja2', 'lark') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    root = str(Path(runbook_lint.__file__).resolve().parent.parent)
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
