"""RL303 by release order (rules.md, "Upgrade paths"; issue 11, item 2): a move to a
version released before the running one is not supported where the version data
dates both; the message names both dates and the earliest release of the target's
minor that would be in order. Exact (line, code) lists and messages.

The other clauses of RL303 (6.8 to 7.0, pre-releases) are in
tests/test_rules_paths_v2.py; the data's dates in tests/test_release_dates.py.
"""

from __future__ import annotations

from conftest import codes, lint_text, run_cli

from runbook_lint.model.versions import data_updated


def rl303(text: str) -> list[tuple[str, str | None]]:
    return [(d.message, d.help) for d in lint_text(text).diagnostics if d.code == "RL303"]


HELP = "choose a target that the running version can reach"


def test_9_0_4_to_9_1_0_is_out_of_release_order():
    text = "cluster c version 9.0.4\nupgrade c to 9.1.0\n"
    assert codes(text) == [(2, "RL303")]
    assert rl303(text) == [
        (
            "unsupported upgrade path for 'c': 9.0.4 cannot be upgraded to 9.1.0: 9.1.0 "
            "(released 2025-07-23) came out before 9.0.4 (tagged 2025-07-16, released after "
            "9.1.0 by Elastic's upgrade page), and an upgrade to a version released before the "
            "running one is not supported; 9.1.1 (released 2025-08-06) is the earliest 9.1 "
            "release in order",
            "aim for 9.1.1 or a later release instead",
        )
    ]


def test_moves_in_release_order_pass():
    for start, target in [
        ("9.0.4", "9.1.1"),  # the earliest 9.1 after 9.0.4
        ("9.0.3", "9.1.0"),
        ("7.17.24", "8.15.1"),  # one train, one day: in order
        ("8.16.5", "8.17.3"),
        ("8.19.0", "9.1.0"),
    ]:
        assert codes(f"cluster c version {start}\nupgrade c to {target}\n") == [], start


def test_a_move_across_majors_out_of_release_order():
    text = "cluster c version 8.19.3\nupgrade c to 9.1.0\n"
    assert rl303(text) == [
        (
            "unsupported upgrade path for 'c': 8.19.3 cannot be upgraded to 9.1.0: 9.1.0 "
            "(released 2025-07-23) came out before 8.19.3 (released 2025-08-25), and an upgrade "
            "to a version released before the running one is not supported; 9.1.3 (released "
            "2025-08-25) is the earliest 9.1 release in order",
            "aim for 9.1.3 or a later release instead",
        )
    ]


def test_no_release_of_the_targets_minor_is_in_order():
    # 8.15.x ended before 7.17.29 came out: the earliest later 8.x release is named.
    text = "cluster c version 7.17.29\nupgrade c to 8.15.3\n"
    assert rl303(text) == [
        (
            "unsupported upgrade path for 'c': 7.17.29 cannot be upgraded to 8.15.3: 8.15.3 "
            "(released 2024-10-10) came out before 7.17.29 (released 2025-06-19), and an upgrade "
            "to a version released before the running one is not supported; no 8.15 release is "
            "in order, and 8.17.8 (released 2025-06-19) is the earliest later one",
            "aim for 8.17.8 or a later release instead",
        )
    ]
    # Nothing dated came out after 8.19.15 on 9.2 or later: the message says so.
    ((message, help),) = rl303("cluster c version 8.19.15\nupgrade c to 9.2.8\n")
    assert message.endswith(
        "; no 9.2 or later 9.x release that the version data dates came out after 8.19.15"
    )
    assert help == HELP


def test_the_path_clause_comes_before_the_dates():
    # 8.19 never goes to 9.0.x: that is the reason, not the (also true) dates.
    text = "cluster c version 8.19.3\nupgrade c to 9.0.3\n"
    assert rl303(text) == [
        (
            "unsupported upgrade path for 'c': 8.19.3 cannot be upgraded to 9.0.3: 8.19 upgrades "
            "only to 9.1.0 or later (9.0 was released before 8.19), and no supported path leads "
            "to 9.0.3",
            HELP,
        )
    ]


def test_undated_pairs_are_not_judged_by_date():
    for start, target in [
        ("8.19.26", "9.1.0"),  # 8.19.26 is not dated
        ("7.16.3", "7.17.0"),  # 7.16.x is not dated
        ("9.1.0", "9.4.1"),  # 9.4.x is not dated
        ("8.19.2", "9.1.1-rc1"),  # a pre-release target is not dated; 9.1.1-rc1 > 9.1.0
    ]:
        assert codes(f"cluster c version {start}\nupgrade c to {target}\n") == [], start


def test_a_whole_cluster_upgrade_judges_each_starting_version():
    # b1 on 9.0.3 may go to 9.1.0; b2 on 9.0.4 may not: one RL303, naming b2's move.
    text = "cluster b version 9.0.3 nodes b1, b2 (version 9.0.4)\nupgrade b to 9.1.0\n"
    assert codes(text) == [(2, "RL303")]
    ((message, _),) = rl303(text)
    assert message.startswith(
        "unsupported upgrade path for 'b': 9.0.4 cannot be upgraded to 9.1.0: 9.1.0 (released "
    )
    # Two starting versions, both out of order: one diagnostic naming both moves.
    text = "cluster b version 8.19.3 nodes b1, b2 (version 8.19.5)\nupgrade b to 9.1.0\n"
    assert codes(text) == [(2, "RL303")]
    ((message, help),) = rl303(text)
    assert message.count("cannot be upgraded to 9.1.0") == 2
    assert "8.19.3 cannot be upgraded" in message and "; 8.19.5 cannot be upgraded" in message
    assert help == "aim for 9.1.5 or a later release instead"  # in order for both nodes


def test_a_parallel_block_is_judged_on_the_state_before_it():
    text = """\
cluster a version 9.0.4
cluster b version 9.0.3
parallel "both" {
    upgrade a to 9.1.0
    upgrade b to 9.1.0
}
"""
    assert codes(text) == [(4, "RL303")]


def test_explain_rl303_names_the_clause_and_the_data_date():
    done = run_cli("explain", "RL303")
    assert done.returncode == 0
    out = done.stdout.decode()
    assert "9.1.0 came out before 9.0.4" in out
    assert (
        f"The version data (runbook_lint/model/data/versions.json) was updated on {data_updated()}."
    ) in out
    version = run_cli("--version").stdout.decode()
    assert f"(version data updated {data_updated()})" in version
