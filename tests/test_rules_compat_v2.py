"""RL204 by the split compatibility column (rules.md, "Follower/leader
compatibility"; issue 11): 8.x followers keep Elastic's `8.0-9.0` column, 9.0.x
followers accept 8.18.x and 9.0.x leaders only, 9.1+ followers the same major
or 8.19.x (inferred from wire compatibility; the data file says so).

Each case is exact (line, code) lists: at the declaration, after an upgrade of
the follower, and in a parallel block.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import codes, lint_text

# Every cell the issue asks for: 8.15, 8.18, 8.19, 9.0 leaders under 9.0.x and
# 9.1+ followers. True: compatible (no RL204).
CELLS = [
    ("8.15.1", "9.0.8", False),
    ("8.18.2", "9.0.8", True),
    ("8.19.2", "9.0.3", False),
    ("9.0.3", "9.0.8", True),
    ("8.15.1", "9.1.5", False),
    ("8.18.2", "9.1.5", False),
    ("8.19.2", "9.1.5", True),
    ("9.0.3", "9.1.5", True),
]


@pytest.mark.parametrize(("leader", "follower", "compatible"), CELLS)
def test_split_column_at_the_declaration(leader, follower, compatible):
    text = f"""\
cluster f version {follower}
cluster l version {leader}
f follows l
"""
    assert codes(text) == ([] if compatible else [(3, "RL204")])


def test_the_issue_case_upgrade_of_the_follower_to_9_0():
    # 8.18.2 -> 9.0.8 is a supported path, but 9.0 cannot follow 8.15.
    text = """\
cluster f version 8.18.2
cluster l version 8.15.1
f follows l
upgrade f to 9.0.8
"""
    assert codes(text) == [(4, "RL204")]
    (d,) = [d for d in lint_text(text).diagnostics if d.code == "RL204"]
    assert "9.0.8 follower cannot follow an 8.15.1 leader" in d.message
    assert "8.18.x and 9.0.x leaders only" in d.message


def test_8x_followers_keep_the_table_column():
    text = """\
cluster f version 8.19.2
cluster l version 7.17.29
f follows l
"""
    assert codes(text) == []


def test_7_17_leader_and_9_0_follower():
    text = """\
cluster f version 9.0.3
cluster l version 7.17.29
f follows l
"""
    assert codes(text) == [(3, "RL204")]


def test_parallel_block_reaching_a_9_0_follower_of_an_8_19_leader():
    # f on 9.0.3 follows l on 8.18.2 (fine); l goes to 8.19.2 while f goes to
    # 9.1.5: in the order follower first, f (9.1.5) faces an 8.18.2 leader,
    # which only 9.0 followers accept. RL204 is at the follower's upgrade.
    text = """\
cluster f version 9.0.3
cluster l version 8.18.2
f follows l
parallel {
    upgrade l to 8.19.2
    upgrade f to 9.1.5
}
"""
    assert [c for c in codes(text) if c[1] == "RL204"] == [(6, "RL204")]


def test_data_file_names_published_split_and_inferred_rows():
    path = os.path.join(
        os.path.dirname(__file__), "..", "runbook_lint", "model", "data", "versions.json"
    )
    with open(path, encoding="utf-8") as stream:
        rows = json.load(stream)["ccr_compatibility"]["rows"]
    assert rows["published"]
    assert rows["split"]["followers"] == "9.0"
    assert "minimum_wire_compatibility_version 8.18.0" in rows["split"]["evidence"]
    assert "inferred" in rows["inferred"]["evidence"]
    assert "not a published table" in rows["inferred"]["evidence"]


# ------------------------------------------------- RL202's help by leader version

PAIR = """\
cluster a version {version}
cluster b version {version}
a follows b auto-follow "logs"
b follows a index "x"
upgrade a to {to}
"""


def rl202_help(version: str, to: str) -> str:
    diagnostics = lint_text(PAIR.format(version=version, to=to)).diagnostics
    assert [(d.span.line, d.code) for d in diagnostics if d.code == "RL202"] == [(5, "RL202")]
    (d,) = [d for d in diagnostics if d.code == "RL202"]
    return d.help or ""


def test_rl202_help_below_7_5_deletes_and_recreates_the_pattern():
    help = rl202_help("7.4.2", "7.17.29")
    assert "DELETE /_ccr/auto_follow/<name>" in help
    assert "PUT /_ccr/auto_follow/<name>" in help
    assert "/pause for auto-follow" not in help


def test_rl202_help_from_7_5_pauses_the_pattern():
    help = rl202_help("7.5.0", "7.17.29")
    assert "POST /_ccr/auto_follow/<name>/pause" in help
    assert "DELETE" not in help
