"""Upgrade order: RL201-RL204 (spec/rules.md).

Each case is a small runbook and the exact sorted (line, code) list it gives,
plus the message content the spec demands.
"""

from __future__ import annotations

from conftest import codes, lint_text


def only(text: str, code: str):
    return [d for d in lint_text(text).diagnostics if d.code == code]


# ------------------------------------------------------------------ RL201

UNI_LEADER_FIRST = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a
upgrade a to 8.18.0
upgrade b to 8.18.0
"""


def test_rl201_leader_upgraded_before_its_follower():
    assert codes(UNI_LEADER_FIRST) == [(4, "RL201")]


def test_rl201_follower_first_is_clean():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a
upgrade b to 8.18.0
upgrade a to 8.18.0
"""
    assert codes(text) == []


def test_rl201_related_location_is_the_relation_and_help_names_the_follower():
    (diagnostic,) = lint_text(UNI_LEADER_FIRST).diagnostics
    assert (diagnostic.span.line, diagnostic.span.column) == (4, 1)
    assert [r.span.line for r in diagnostic.related] == [3]
    assert "b" in diagnostic.help and "upgrade 'b'" in diagnostic.help
    assert "8.18.0" in diagnostic.help
    assert "'a'" in diagnostic.message and "'b'" in diagnostic.message


def test_rl201_one_per_relation():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a index "orders"
b follows a auto-follow "logs"
upgrade a to 8.18.0
upgrade b to 8.18.0
"""
    assert codes(text) == [(5, "RL201"), (5, "RL201")]
    related = sorted(r.span.line for d in lint_text(text).diagnostics for r in d.related)
    assert related == [3, 4]


def test_rl201_only_active_relations():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a index "orders"
b follows a auto-follow "logs"
pause b follows a auto-follow "logs"
upgrade a to 8.18.0
upgrade b to 8.18.0
resume b follows a auto-follow "logs"
"""
    assert codes(text) == [(6, "RL201")]


def test_rl201_uses_the_followers_lowest_and_the_leaders_highest_node():
    text = """\
cluster a version 8.17.0 nodes a1, a2
cluster b version 8.17.0 nodes b1, b2
b follows a
upgrade b node b1 to 8.18.0
upgrade a node a1 to 8.18.0
upgrade b node b2 to 8.18.0
upgrade a node a2 to 8.18.0
"""
    # At line 5 b's lowest node (b2) is still on 8.17.0 while a's highest is 8.18.0.
    assert codes(text) == [(5, "RL201")]


def test_rl201_node_level_rolling_upgrades_in_the_right_order():
    text = """\
cluster a version 8.17.0 nodes a1, a2
cluster b version 8.17.0 nodes b1, b2
b follows a
upgrade b node b1 to 8.18.0
upgrade b node b2 to 8.18.0
upgrade a node a1 to 8.18.0
upgrade a node a2 to 8.18.0
"""
    assert codes(text) == []


def test_rl201_each_upgrade_that_leaves_the_relation_broken():
    text = """\
cluster a version 8.17.0 nodes a1, a2
cluster b version 8.17.0
b follows a
upgrade a node a1 to 8.18.0
upgrade a node a2 to 8.18.0
upgrade b to 8.18.0
"""
    assert codes(text) == [(4, "RL201"), (5, "RL201")]


def test_rl201_a_redundant_upgrade_is_still_checked():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a
upgrade a to 8.18.0
upgrade a to 8.18.0
upgrade b to 8.18.0
"""
    assert codes(text) == [(4, "RL201"), (5, "RL201"), (5, "RL302")]


def test_rl201_a_downgrade_is_applied_as_written():
    # a goes down to 8.16.0 (RL301): b on 8.17.0 may follow it.  b then goes down
    # too (RL301); a's upgrade back to 8.17.0 leaves b behind: RL201.
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a
upgrade a to 8.16.0
upgrade b to 8.15.0
upgrade a to 8.17.0
upgrade b to 8.17.0
"""
    assert codes(text) == [(4, "RL301"), (5, "RL301"), (6, "RL201")]


def test_a_follower_downgraded_below_its_leader_is_rl301_only():
    # RL201 is judged at the leader's upgrades; RL204 only where the follower is
    # not older than its leader.
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a
upgrade b to 8.16.0
upgrade b to 8.17.0
"""
    assert codes(text) == [(4, "RL301")]


def test_rl201_patch_level_counts():
    text = """\
cluster a version 9.4.2
cluster b version 9.4.2
b follows a
upgrade a to 9.4.3
upgrade b to 9.4.3
"""
    assert codes(text) == [(4, "RL201")]


def test_rl201_pre_release_sorts_before_the_release():
    text = """\
cluster a version 9.0.0-rc1
cluster b version 9.0.0-rc1
b follows a
upgrade b to 9.0.0-rc2
upgrade a to 9.0.0
upgrade b to 9.0.0
"""
    # Every move here starts on a pre-release: RL303 each (issue 11).
    assert codes(text) == [(4, "RL303"), (5, "RL201"), (5, "RL303"), (6, "RL303")]


def test_rl201_not_for_bidirectional_relations():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
a follows b
b follows a
upgrade a to 8.18.0
upgrade b to 8.18.0
"""
    assert codes(text) == [(5, "RL202"), (6, "RL202")]


def test_rl201_in_a_chain_for_the_relations_the_upgraded_cluster_leads():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
cluster c version 8.17.0
b follows a
c follows b index "x"
c follows b auto-follow "y"
upgrade b to 8.18.0
upgrade c to 8.18.0
upgrade a to 8.18.0
"""
    assert codes(text) == [(7, "RL201"), (7, "RL201")]


# ------------------------------------------------------------------ RL202

BIDI = """\
cluster a version 8.18.0
cluster b version 8.18.0
a follows b
b follows a
b follows a auto-follow "logs"
"""


def test_rl202_bidirectional_pair_not_paused():
    text = BIDI + "upgrade a to 8.19.0\nupgrade b to 8.19.0\n"
    assert codes(text) == [(6, "RL202"), (7, "RL202")]


def test_rl202_lists_the_active_relations_and_the_pause_apis():
    text = BIDI + 'pause a follows b\npause b follows a index "none"\nupgrade a to 8.19.0\n'
    diagnostics = only(text, "RL202")
    assert [d.span.line for d in diagnostics] == [8]
    (diagnostic,) = diagnostics
    assert "'b follows a'" in diagnostic.message
    assert "'b follows a auto-follow \"logs\"'" in diagnostic.message
    assert "'a follows b'" not in diagnostic.message  # paused
    assert "pause them first" in diagnostic.help
    assert "_ccr/pause_follow" in diagnostic.help  # the pause follower API
    assert "_ccr/auto_follow/<name>/pause" in diagnostic.help  # the pause auto-follow pattern API
    assert sorted(r.span.line for r in diagnostic.related) == [4, 5]


def test_rl202_one_diagnostic_per_upgrade():
    text = BIDI + "upgrade a to 8.19.0\n"
    assert codes(text) == [(6, "RL202")]


def test_rl202_half_paused():
    text = BIDI + "pause a follows b\nupgrade a to 8.19.0\nupgrade b to 8.19.0\nresume all\n"
    assert codes(text) == [(7, "RL202"), (8, "RL202")]


def test_rl202_auto_follow_pattern_left_active():
    text = BIDI + (
        "pause a follows b\n"
        "pause b follows a\n"
        'resume b follows a auto-follow "logs"\n'
        "upgrade a to 8.19.0\n"
        "upgrade b to 8.19.0\n"
        "resume all\n"
    )
    assert codes(text) == [(9, "RL202"), (10, "RL202")]


def test_rl202_paused_properly():
    text = BIDI + "pause all\nupgrade a to 8.19.0\nupgrade b to 8.19.0\nresume all\n"
    assert codes(text) == []


def test_rl202_node_level_upgrade():
    text = """\
cluster a version 8.18.0 nodes a1, a2
cluster b version 8.18.0
a follows b
b follows a
upgrade a node a1 to 8.19.0
pause all
upgrade a node a2 to 8.19.0
upgrade b to 8.19.0
resume all
"""
    assert codes(text) == [(5, "RL202")]


def test_rl202_three_cluster_cycle():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
cluster c version 8.18.0
a follows b
b follows c
c follows a
upgrade c to 8.19.0
pause b follows c
upgrade a to 8.19.0
pause all
upgrade b to 8.19.0
resume all
"""
    assert codes(text) == [(7, "RL202"), (9, "RL202")]


def test_rl202_only_relations_inside_the_group():
    # c follows a is uni-directional: it is not paused for the pair's upgrade,
    # and it orders c before a (RL201 when a goes first), never RL202.
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
cluster c version 8.18.0
a follows b
b follows a
c follows a
pause a follows b
pause b follows a
upgrade a to 8.19.0
upgrade b to 8.19.0
upgrade c to 8.19.0
resume a follows b
resume b follows a
"""
    assert codes(text) == [(9, "RL201")]


def test_rl202_not_for_a_cluster_outside_every_group():
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
cluster c version 8.18.0
a follows b
b follows a
c follows a
upgrade c to 8.19.0
"""
    assert codes(text) == []


def test_rl202_groups_come_from_every_declared_relation():
    # a follows b is paused, yet a and b stay a bi-directional pair: upgrading
    # b (the leader of the paused relation) is RL202, not RL201.
    text = BIDI + "pause a follows b\nupgrade b to 8.19.0\n"
    assert codes(text) == [(6, "RL306"), (7, "RL202")]


# ------------------------------------------------------------------ RL203


def test_rl203_resumed_before_the_second_cluster_is_upgraded():
    text = """\
cluster a version 8.16.1
cluster b version 8.16.1
a follows b
b follows a
pause all
upgrade a to 8.17.0
resume all
upgrade b to 8.17.0
"""
    assert codes(text) == [(7, "RL203"), (8, "RL202")]


def test_rl203_uni_directional_resume_while_the_follower_is_older():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a
pause b follows a
upgrade a to 8.18.0
resume b follows a
upgrade b to 8.18.0
"""
    assert codes(text) == [(6, "RL203")]


def test_rl203_one_diagnostic_naming_every_relation():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
cluster c version 8.17.0
b follows a index "x"
b follows a auto-follow "y"
c follows a
pause all
upgrade a to 8.18.0
resume all
upgrade b to 8.18.0
upgrade c to 8.18.0
"""
    assert codes(text) == [(9, "RL203")]
    (diagnostic,) = lint_text(text).diagnostics
    for relation in (
        "'b follows a index \"x\"'",
        "'b follows a auto-follow \"y\"'",
        "'c follows a'",
    ):
        assert relation in diagnostic.message


def test_rl203_resume_judges_only_the_relations_it_turns_on():
    # b follows a is active and broken (RL201 at line 6), but `resume all` only
    # turns d follows c on, which is fine.
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
cluster c version 8.17.0
cluster d version 8.17.0
b follows a
d follows c
pause d follows c
upgrade a to 8.18.0
resume all
upgrade b to 8.18.0
"""
    assert codes(text) == [(8, "RL201")]


def test_rl203_unqualified_resume_of_a_half_paused_pair():
    text = """\
cluster a version 8.17.0
cluster b version 8.17.0
b follows a index "x"
b follows a index "y"
pause b follows a index "x"
upgrade a to 8.18.0
resume b follows a
upgrade b to 8.18.0
"""
    # RL201 for y at line 6; the resume turns x on too early (RL203) and finds y
    # active, which is no RL307 since x was paused.
    assert codes(text) == [(6, "RL201"), (7, "RL203")]


def test_rl203_bidirectional_group_not_yet_on_one_version():
    # a follows b is fine by versions (8.18.0 vs 8.18.0), but c, of the same
    # group, already runs 8.19.0.
    text = """\
cluster a version 8.18.0
cluster b version 8.18.0
cluster c version 8.18.0
a follows b
b follows a
b follows c
c follows b
pause all
upgrade c to 8.19.0
resume a follows b
upgrade a to 8.19.0
upgrade b to 8.19.0
resume all
"""
    assert codes(text) == [(10, "RL203"), (11, "RL202"), (12, "RL202")]


def test_rl203_bidirectional_rolling_upgrade_half_done():
    text = """\
cluster a version 8.18.0 nodes a1, a2
cluster b version 8.18.0 nodes b1, b2
a follows b
b follows a
pause all
upgrade a to 8.19.0
upgrade b node b1 to 8.19.0
resume all
upgrade b node b2 to 8.19.0
"""
    assert codes(text) == [(8, "RL203"), (9, "RL202")]


def test_rl203_resume_after_both_are_upgraded_is_clean():
    text = """\
cluster a version 8.18.0 nodes a1, a2
cluster b version 8.18.0
a follows b
b follows a
pause all
upgrade a node a1 to 8.19.0
upgrade b to 8.19.0
upgrade a node a2 to 8.19.0
resume all
"""
    assert codes(text) == []


# ------------------------------------------------------------------ RL204


def test_rl204_at_the_start_follower_older_than_its_leader():
    text = """\
cluster a version 8.18.0
cluster b version 8.17.0
b follows a
upgrade b to 8.18.0
"""
    diagnostics = lint_text(text).diagnostics
    assert codes(text) == [(3, "RL204")]
    assert (diagnostics[0].span.line, diagnostics[0].span.column) == (3, 1)


def test_rl204_at_the_start_incompatible():
    text = """\
cluster a version 7.16.3
cluster b version 8.0.0
cluster c version 7.17.0
b follows a
c follows a
"""
    assert codes(text) == [(4, "RL204")]


def test_rl204_at_the_start_without_actions_or_with_them():
    text = """\
cluster a version 7.16.3
cluster b version 8.0.0
b follows a index "x"
b follows a index "y"
"""
    assert codes(text) == [(3, "RL204"), (4, "RL204")]
    assert codes(text + 'note "nothing"\n') == [(3, "RL204"), (4, "RL204")]


def test_rl204_after_an_upgrade_of_the_follower():
    text = """\
cluster a version 7.16.3
cluster b version 7.16.3
b follows a
upgrade b to 7.17.0
upgrade b to 8.0.0
upgrade a to 7.17.0
"""
    diagnostics = only(text, "RL204")
    assert codes(text) == [(5, "RL204")]
    assert [r.span.line for r in diagnostics[0].related] == [3]
    assert "7.16.3" in diagnostics[0].message and "8.0.0" in diagnostics[0].message


def test_rl204_every_pair_of_node_versions():
    # b's lowest 8.0.0 is not below a's highest 7.17.0, but a's node a1 still
    # runs 7.16.3, which an 8.0.0 follower cannot follow.
    text = """\
cluster a version 7.16.3 nodes a1, a2
cluster b version 7.17.0
b follows a
upgrade a node a2 to 7.17.0
upgrade b to 8.0.0
upgrade a node a1 to 7.17.0
"""
    assert codes(text) == [(5, "RL204")]


def test_rl204_after_a_resume_that_turns_the_relation_on():
    text = """\
cluster a version 7.16.3
cluster b version 7.17.0
b follows a
pause b follows a
upgrade b to 8.0.0
resume b follows a
"""
    assert codes(text) == [(6, "RL204")]


def test_rl204_not_when_the_follower_is_older():
    # That is RL203 at a resume (and RL201 at a leader's upgrade), never RL204.
    text = """\
cluster a version 7.17.0
cluster b version 7.17.0
b follows a
pause all
upgrade a to 8.0.0
resume all
upgrade b to 8.0.0
"""
    assert codes(text) == [(6, "RL203")]


def test_rl204_not_for_a_paused_relation():
    text = """\
cluster a version 7.16.3
cluster b version 7.17.0
b follows a
pause b follows a
upgrade b to 8.0.0
upgrade a to 7.17.0
resume b follows a
"""
    assert codes(text) == []


def test_rl204_one_per_relation_at_each_breaking_upgrade():
    text = """\
cluster a version 7.16.3
cluster b version 7.17.0 nodes b1, b2
b follows a index "x"
b follows a auto-follow "y"
upgrade b node b1 to 8.0.0
upgrade b node b2 to 8.0.0
upgrade a to 7.17.0
"""
    # Line 5: b's lowest is 7.17.0, a's highest 7.16.3, and the node pair
    # (8.0.0, 7.16.3) is outside the matrix.
    assert codes(text) == [(5, "RL204"), (5, "RL204"), (6, "RL204"), (6, "RL204")]


def test_rl204_beyond_the_table():
    # A 9.1 follower can follow an 8.19 leader, not an 8.18 one.
    text = """\
cluster a version 8.18.0
cluster b version 8.19.0
cluster c version 8.19.0
b follows a
c follows b
upgrade c to 9.1.0
upgrade b to 9.1.0
"""
    assert codes(text) == [(7, "RL204")]


def test_rl204_only_where_the_follower_is_not_below_the_leaders_highest():
    # After line 5 b runs 8.0.0 and 7.17.0, a runs 7.16.3 and 8.0.0: b's lowest
    # is below a's highest, so the pair (8.0.0, 7.16.3) is not judged (RL204
    # applies only where the RL201/RL203 comparison passes).
    text = """\
cluster a version 7.16.3 nodes a1, a2
cluster b version 7.17.0 nodes b1, b2
b follows a
upgrade a node a2 to 8.0.0
upgrade b node b1 to 8.0.0
"""
    assert codes(text) == [(1, "RL304"), (2, "RL304"), (4, "RL201"), (4, "RL303")]


def test_rl204_not_at_a_resume_where_the_follower_is_below_the_leaders_highest():
    text = """\
cluster a version 7.16.3 nodes a1, a2
cluster b version 7.17.0 nodes b1, b2
b follows a
pause all
upgrade a node a2 to 8.0.0
upgrade b node b1 to 8.0.0
resume all
"""
    assert codes(text) == [(1, "RL304"), (2, "RL304"), (5, "RL303"), (7, "RL203")]
