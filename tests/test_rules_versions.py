"""Versions and completeness: RL301-RL308 (spec/rules.md).

Each case is a small runbook and the exact sorted (line, code) list it gives,
plus the message content the spec demands.
"""

from __future__ import annotations

from conftest import codes, lint_text


def only(text: str, code: str):
    return [d for d in lint_text(text).diagnostics if d.code == code]


# ------------------------------------------------------------------ RL301


def test_rl301_downgrade_of_a_cluster_and_of_a_node():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0 nodes b1, b2
upgrade a to 8.17.0
upgrade b node b1 to 8.17.0
upgrade b node b2 to 8.17.0
"""
    assert codes(text) == [(3, "RL301"), (4, "RL301"), (5, "RL301")]


def test_rl301_when_any_node_was_above_the_version():
    # b1 runs 8.19.0, b2 8.17.0: `upgrade b to 8.18.0` takes b1 down.
    text = """\
cluster b version 8.17.0 nodes b1, b2
upgrade b node b1 to 8.19.0
upgrade b to 8.18.0
"""
    assert codes(text) == [(3, "RL301")]


def test_rl301_is_applied_as_written():
    # After the downgrade a runs 8.17.0 again: reaching the 8.18.0 target
    # needs another upgrade, which is then no RL302.
    text = """\
target 8.18.0
cluster a version 8.18.0
upgrade a to 8.17.0
upgrade a to 8.18.0
"""
    assert codes(text) == [(3, "RL301")]


def test_rl301_a_downgrade_across_majors_is_not_rl303():
    text = """\
cluster a version 8.0.0
upgrade a to 7.16.3
"""
    assert codes(text) == [(2, "RL301")]


# ------------------------------------------------------------------ RL302


def test_rl302_redundant_upgrades():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0 nodes b1, b2
upgrade a to 8.18.0
upgrade b node b1 to 8.18.0
upgrade b node b2 to 8.19.0
upgrade b node b2 to 8.19.0
upgrade b to 8.19.0
upgrade b to 8.19.0
"""
    # Line 7 moves b1: not every node was on 8.19.0 yet.
    assert codes(text) == [(3, "RL302"), (4, "RL302"), (6, "RL302"), (8, "RL302")]


def test_rl302_is_a_warning():
    (diagnostic,) = lint_text("cluster a version 8.18.0\nupgrade a to 8.18.0\n").diagnostics
    assert diagnostic.code == "RL302" and diagnostic.severity.value == "warning"


def test_rl302_same_precedence_is_the_same_version():
    text = """\
cluster a version 9.0.0-rc1
upgrade a to 9.0.0-rc1
upgrade a to 9.0.0
"""
    # Line 3 moves from a pre-release: RL303 since issue 11.
    assert codes(text) == [(2, "RL302"), (3, "RL303")]


# ------------------------------------------------------------------ RL303


def test_rl303_names_the_version_to_go_through():
    text = """\
cluster a version 7.16.3
upgrade a to 8.15.0
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.span.line, diagnostic.code) == (2, "RL303")
    # 7.17.23: the latest 7.17 released before 8.15.0 (release order, issue 11).
    assert diagnostic.message == (
        "unsupported upgrade path for 'a': 7.16.3 cannot be upgraded directly to 8.15.0: "
        "an upgrade to 8.x is supported only from 7.17; go through 7.17.23 first"
    )
    assert diagnostic.help == "insert 'upgrade a to 7.17.23' before this one"


def test_rl303_multi_hop_is_fine():
    text = """\
cluster a version 7.16.3
upgrade a to 7.17.23
upgrade a to 8.15.0
"""
    assert codes(text) == []
    # 7.17.29 came out after 8.15.0: going on from it is out of release order.
    assert codes(text.replace("7.17.23", "7.17.29")) == [(3, "RL303")]


def test_rl303_two_majors_at_once():
    text = """\
cluster a version 6.8.23
upgrade a to 8.15.0
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.span.line, diagnostic.code) == (2, "RL303")
    assert diagnostic.message == (
        "unsupported upgrade path for 'a': 6.8.23 cannot be upgraded directly to 8.15.0: "
        "a jump of two or more majors is not supported; go through 7.17.23 first"
    )


def test_rl303_into_9_x():
    # 8.18 goes to 9.0.x only (through 8.19 for 9.1+); 8.19 goes to 9.1+ only.
    text = """\
cluster a version 8.18.2
cluster b version 8.19.3
cluster c version 8.18.2
cluster d version 8.19.0
upgrade a to 9.1.0
upgrade b to 9.0.3
upgrade c to 9.0.3
upgrade d to 9.1.0
"""
    assert codes(text) == [(5, "RL303"), (6, "RL303")]
    a, b = only(text, "RL303")
    # 8.19.0: the only 8.19 out by 9.1.0's release (release order, issue 11).
    assert a.message == (
        "unsupported upgrade path for 'a': 8.18.2 cannot be upgraded directly to 9.1.0: "
        "an upgrade to 9.1.0 or later is supported only from 8.19; go through 8.19.0 first"
    )
    # The path clause refuses 8.19 -> 9.0.x outright: that reason, not the dates'.
    assert b.message == (
        "unsupported upgrade path for 'b': 8.19.3 cannot be upgraded to 9.0.3: 8.19 upgrades "
        "only to 9.1.0 or later (9.0 was released before 8.19), and no supported path leads "
        "to 9.0.3"
    )


def test_rl303_judged_for_each_starting_version_below_the_target():
    # b1 on 7.16.3 cannot go to 8.0.0; b2 on 7.17.0 could: one RL303 for the statement.
    text = """\
cluster b version 7.16.3 nodes b1, b2
upgrade b node b2 to 7.17.0
upgrade b to 8.0.0
"""
    assert codes(text) == [(3, "RL303")]
    (diagnostic,) = lint_text(text).diagnostics
    assert diagnostic.message == (
        "unsupported upgrade path for 'b': 7.16.3 cannot be upgraded directly to 8.0.0: "
        "an upgrade to 8.x is supported only from 7.17; go through 7.17.0 first"
    )


def test_rl303_with_rl301_on_one_statement():
    # b1 runs 7.16.3 (no path to 8.0.0), b2 runs 8.1.0 (a downgrade to 8.0.0).
    text = """\
cluster b version 7.16.3 nodes b1, b2
upgrade b node b2 to 7.17.0
upgrade b node b2 to 8.1.0
upgrade b to 8.0.0
"""
    assert codes(text) == [(4, "RL301"), (4, "RL303")]


# ------------------------------------------------------------------ RL304 / RL305


def test_rl304_incomplete_rolling_upgrade_at_the_cluster_declaration():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0 nodes b1, b2, b3
upgrade b node b1 to 8.19.0
upgrade b node b2 to 8.19.0
upgrade a to 8.19.0
"""
    assert codes(text) == [(2, "RL304")]
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 1)
    assert "b3" in diagnostic.message


def test_rl305_target_not_reached():
    text = """\
target 8.19.0
cluster a version 8.18.0
cluster b version 8.18.0 nodes b1, b2
cluster c version 8.18.0
upgrade a to 8.19.0
upgrade b node b1 to 8.19.0
upgrade b node b2 to 8.19.0
upgrade c to 8.19.1
"""
    assert codes(text) == [(4, "RL305")]


def test_rl304_then_rl305_for_a_cluster():
    text = """\
target 8.19.0
cluster a version 8.18.0 nodes a1, a2
cluster b version 8.18.0
upgrade a node a1 to 8.19.0
"""
    assert codes(text) == [(2, "RL304"), (2, "RL305"), (3, "RL305")]
    order = [(d.span.line, d.code) for d in lint_text(text).diagnostics]
    assert order.index((2, "RL304")) < order.index((2, "RL305"))


def test_rl305_without_a_target_never_fires():
    text = """\
cluster a version 8.18.0
cluster b version 8.17.0
"""
    assert codes(text) == []


def test_rl305_at_the_end_without_actions():
    text = """\
target 8.19.0
cluster a version 8.18.0
"""
    assert codes(text) == [(2, "RL305")]


# ------------------------------------------------------------------ RL306


def test_rl306_points_at_the_pause():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
b follows a
pause b follows a
upgrade b to 8.19.0
upgrade a to 8.19.0
"""
    assert codes(text) == [(4, "RL306")]
    (diagnostic,) = lint_text(text).diagnostics
    text_of = (diagnostic.message + " " + (diagnostic.help or "")).lower()
    assert "retention lease" in text_of
    assert "12 hours" in text_of


def test_rl306_points_at_the_pause_that_last_paused_it():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
b follows a
pause b follows a
resume b follows a
pause all
pause all
pause b follows a
"""
    # Line 7 pauses nothing new, line 8 is RL307: the relation was last turned
    # from active to paused at line 6.
    assert codes(text) == [(6, "RL306"), (8, "RL307")]


def test_rl306_one_per_pause_naming_every_relation():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
cluster c version 8.18.0
b follows a index "x"
b follows a auto-follow "y"
c follows a
pause c follows a
pause all
"""
    assert codes(text) == [(7, "RL306"), (8, "RL306")]
    at_8 = next(d for d in lint_text(text).diagnostics if d.span.line == 8)
    assert 'index "x"' in at_8.message and 'auto-follow "y"' in at_8.message


def test_rl306_not_when_resumed():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
b follows a
pause all
upgrade b to 8.19.0
upgrade a to 8.19.0
resume b follows a
"""
    assert codes(text) == []


# ------------------------------------------------------------------ RL307


def test_rl307_explicit_pause_and_resume_finding_nothing_to_do():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
b follows a index "x"
b follows a index "y"
resume b follows a
pause b follows a index "x"
pause b follows a
pause b follows a
resume b follows a index "x"
resume b follows a index "x"
resume b follows a
"""
    # Line 7 pauses y (x was paused): not every named relation was paused.
    # Line 11 resumes y (x was active): no RL307.
    assert codes(text) == [(5, "RL307"), (8, "RL307"), (10, "RL307")]


def test_rl307_never_for_pause_all_or_resume_all():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
b follows a
resume all
pause all
pause all
resume all
resume all
"""
    assert codes(text) == []


def test_rl307_after_pause_all():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
b follows a
pause all
pause b follows a
resume all
"""
    assert codes(text) == [(5, "RL307")]


def test_rl307_is_a_warning():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
b follows a
resume b follows a
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.code, diagnostic.severity.value) == ("RL307", "warning")


# ------------------------------------------------------------------ RL308


def test_rl308_on_each_upgrade_of_the_same_cluster_after_the_first():
    text = """\
cluster a version 8.18.0 nodes a1, a2, a3
cluster b version 8.18.0
parallel {
    upgrade a node a1 to 8.19.0
    upgrade b to 8.19.0
    upgrade a node a2 to 8.19.0
    upgrade a node a3 to 8.19.0
}
"""
    assert codes(text) == [(6, "RL308"), (7, "RL308")]


def test_rl308_whole_and_node_level_upgrades_of_one_cluster():
    text = """\
cluster a version 8.18.0 nodes a1, a2
parallel {
    upgrade a to 8.19.0
    upgrade a node a1 to 8.19.0
}
"""
    # Judged on the state before the block, the node-level upgrade moves a1.
    assert codes(text) == [(4, "RL308")]


def test_rl308_not_in_a_step_nor_across_blocks():
    text = """\
cluster a version 8.18.0 nodes a1, a2
cluster b version 8.18.0
step {
    upgrade a node a1 to 8.19.0
    upgrade a node a2 to 8.19.0
}
parallel {
    upgrade b to 8.19.1
}
parallel {
    upgrade b to 8.19.2
}
"""
    assert codes(text) == []


def test_rl308_is_a_warning_relating_the_block():
    text = """\
cluster a version 8.18.0 nodes a1, a2
parallel {
    upgrade a node a1 to 8.19.0
    upgrade a node a2 to 8.19.0
}
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.code, diagnostic.severity.value, diagnostic.span.line) == (
        "RL308",
        "warning",
        4,
    )
    assert [r.span.line for r in diagnostic.related] == [2]


def test_parallel_order_independent_rules_on_the_state_before_the_block():
    # Each upgrade is judged against 8.18.0 (the version before the block): the
    # second is no RL302 although some order runs it after the first.
    text = """\
cluster a version 8.18.0
parallel {
    upgrade a to 8.19.0
    upgrade a to 8.19.0
}
"""
    assert codes(text) == [(4, "RL308")]
