"""Declarations and references: RL101-RL107 (spec/rules.md).

Each case is a small runbook and the exact sorted (line, code) list it gives.
"""

from __future__ import annotations

from conftest import codes, lint_text

# ------------------------------------------------------------------ RL101


def test_rl101_on_every_kind_of_statement():
    text = """\
cluster a version 8.0.0
b follows a
a follows b index "x"
upgrade b to 8.1.0
upgrade b node n1 to 8.1.0
pause b follows a
resume a follows b
pause a follows zz auto-follow "p"
upgrade a to 8.1.0
"""
    # A pause or resume naming an undeclared cluster gets RL101 only (no
    # RL105), an upgrade of a node of an undeclared cluster RL101 only (no RL106).
    assert codes(text) == [
        (2, "RL101"),
        (3, "RL101"),
        (4, "RL101"),
        (5, "RL101"),
        (6, "RL101"),
        (7, "RL101"),
        (8, "RL101"),
    ]


def test_rl101_points_at_the_undeclared_name():
    text = """\
cluster a version 8.0.0
a follows zz
pause a follows yy
upgrade xx to 8.1.0
upgrade a to 8.1.0
"""
    found = [(d.span.line, d.span.column, d.code) for d in lint_text(text).diagnostics]
    assert sorted(found) == [(2, 11, "RL101"), (3, 17, "RL101"), (4, 9, "RL101")]
    by_line = {d.span.line: d for d in lint_text(text).diagnostics}
    assert "zz" in by_line[2].message and "yy" in by_line[3].message and "xx" in by_line[4].message


def test_rl101_one_diagnostic_for_two_undeclared_names():
    text = """\
cluster a version 8.0.0
yy follows zz
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.span.line, diagnostic.code) == (2, "RL101")
    assert "yy" in diagnostic.message and "zz" in diagnostic.message


def test_rl101_relation_takes_no_part_in_the_simulation():
    # Were `b follows a` kept, upgrading the leader a first would be RL201.
    text = """\
cluster a version 8.0.0
b follows a
upgrade a to 8.1.0
"""
    assert codes(text) == [(2, "RL101")]


def test_rl101_inside_blocks():
    text = """\
cluster a version 8.0.0
step {
    upgrade b to 8.1.0
}
parallel {
    upgrade c to 8.1.0
    pause c follows a
    upgrade a to 8.1.0
}
"""
    assert codes(text) == [(3, "RL101"), (6, "RL101"), (7, "RL101")]


# ------------------------------------------------------------------ RL102


def test_rl102_target_cluster_and_node_declared_twice():
    text = """\
target 8.1.0
target 8.2.0
cluster a version 8.0.0 nodes n1, n2, n1
cluster a version 8.1.0
upgrade a to 8.1.0
"""
    # The later declarations are ignored: the target stays 8.1.0 (no RL305),
    # a starts on 8.0.0 (the upgrade is no RL302), and has two nodes.
    assert codes(text) == [(2, "RL102"), (3, "RL102"), (4, "RL102")]


def test_rl102_later_cluster_declaration_is_ignored():
    # If the second declaration counted, a would have nodes and `node n1` would be fine.
    text = """\
cluster a version 8.0.0
cluster a version 8.0.0 nodes n1
upgrade a node n1 to 8.1.0
upgrade a to 8.1.0
"""
    assert codes(text) == [(2, "RL102"), (3, "RL106")]


def test_rl102_points_at_the_repeated_node():
    text = """\
cluster a version 8.0.0 nodes n1, n2, n1
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == ("RL102", 1, 39)


def test_rl102_clean_when_every_name_is_declared_once():
    text = """\
target 8.1.0
cluster a version 8.0.0 nodes n1, n2
cluster b version 8.0.0 nodes n1, n2
upgrade a to 8.1.0
upgrade b to 8.1.0
"""
    assert codes(text) == []


# ------------------------------------------------------------------ RL103


def test_rl103_self_follow_is_ignored():
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
a follows a
a follows a index "x"
pause a follows a
upgrade a to 8.1.0
upgrade b to 8.1.0
"""
    # Ignored: no bi-directional group of one (no RL202 at the upgrade), and the
    # pause matches no declared relation (RL105; its clusters exist).
    assert codes(text) == [(3, "RL103"), (4, "RL103"), (5, "RL105")]


def test_rl103_of_an_undeclared_cluster_is_rl101():
    text = """\
cluster a version 8.0.0
zz follows zz
"""
    assert codes(text) == [(2, "RL101")]


# ------------------------------------------------------------------ RL104


def test_rl104_same_follower_leader_kind_and_label():
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
b follows a
b follows a
b follows a index "x"
b follows a auto-follow "x"
b follows a index "x"
b follows a index "y"
b follows a auto-follow "x"
a follows b index "x"
"""
    assert codes(text) == [(4, "RL104"), (7, "RL104"), (9, "RL104")]


def test_rl104_duplicate_takes_no_part():
    # Four distinct relations: upgrading the leader first gives four RL201, not six.
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
b follows a
b follows a
b follows a index "x"
b follows a index "x"
b follows a index "y"
b follows a auto-follow "x"
upgrade a to 8.1.0
upgrade b to 8.1.0
"""
    assert codes(text) == [(4, "RL104"), (6, "RL104")] + [(9, "RL201")] * 4


def test_rl104_is_a_warning():
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
b follows a
b follows a
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert diagnostic.severity.value == "warning"


# ------------------------------------------------------------------ RL105


def test_rl105_pause_or_resume_matching_no_relation():
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
b follows a index "x"
pause a follows b
pause b follows a index "y"
pause b follows a auto-follow "x"
resume b follows a index "z"
resume a follows b
upgrade b to 8.1.0
upgrade a to 8.1.0
"""
    # Ignored afterwards: nothing is paused, so nothing is left paused (no RL306).
    assert codes(text) == [(4, "RL105"), (5, "RL105"), (6, "RL105"), (7, "RL105"), (8, "RL105")]


def test_rl105_only_when_the_clusters_exist():
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
b follows a
pause zz follows a
pause b follows zz index "x"
resume zz follows yy
"""
    assert codes(text) == [(4, "RL101"), (5, "RL101"), (6, "RL101")]


def test_pause_all_and_resume_all_never_rl105():
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
pause all
resume all
pause all
upgrade a to 8.1.0
resume all
upgrade b to 8.1.0
"""
    assert codes(text) == []


def test_rl105_inside_a_parallel_block():
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
b follows a
parallel {
    pause a follows b
    upgrade b to 8.1.0
}
upgrade a to 8.1.0
"""
    assert codes(text) == [(5, "RL105")]


# ------------------------------------------------------------------ RL106


def test_rl106_undeclared_node():
    text = """\
cluster a version 8.0.0 nodes n1, n2
cluster b version 8.0.0
upgrade a node n3 to 8.1.0
upgrade b node n1 to 8.1.0
upgrade a to 8.1.0
upgrade b to 8.1.0
"""
    assert codes(text) == [(3, "RL106"), (4, "RL106")]


def test_rl106_upgrade_is_ignored():
    # Applied, it would be a downgrade (RL301) and leave a's rolling upgrade
    # incomplete (RL304); ignored, it does neither.
    text = """\
cluster a version 8.1.0 nodes n1, n2
upgrade a node n9 to 8.0.0
"""
    assert codes(text) == [(2, "RL106")]


def test_rl106_points_at_the_node_name():
    text = """\
cluster a version 8.0.0 nodes n1
upgrade a node n3 to 8.0.1
upgrade a to 8.0.1
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == ("RL106", 2, 16)
    assert "n3" in diagnostic.message


def test_rl106_in_a_parallel_block():
    text = """\
cluster a version 8.0.0 nodes n1, n2
parallel {
    upgrade a node n3 to 8.1.0
    upgrade a node n1 to 8.1.0
}
upgrade a node n2 to 8.1.0
"""
    assert codes(text) == [(3, "RL106")]


# ------------------------------------------------------------------ RL107


def test_rl107_declarations_after_the_first_action_still_take_effect():
    text = """\
target 8.1.0
cluster a version 8.0.0
note "start"
cluster b version 8.0.0
b follows a
target 8.2.0
upgrade a to 8.1.0
upgrade b to 8.1.0
"""
    # b is declared (no RL101), the relation holds (RL201 at line 7), the
    # second target is a duplicate (RL102) and also late (RL107).
    assert codes(text) == [
        (4, "RL107"),
        (5, "RL107"),
        (6, "RL102"),
        (6, "RL107"),
        (7, "RL201"),
    ]


def test_rl107_the_first_action_may_be_inside_a_step():
    text = """\
cluster a version 8.0.0
step "prepare" {
    note "snapshot everything"
}
cluster b version 8.0.0
"""
    assert codes(text) == [(5, "RL107")]


def test_rl107_an_empty_block_is_not_an_action():
    text = """\
cluster a version 8.0.0
step "nothing yet" {
}
parallel {
}
cluster b version 8.0.0
b follows a
upgrade b to 8.0.1
upgrade a to 8.0.1
"""
    assert codes(text) == []


def test_rl107_late_target_is_still_the_target():
    text = """\
cluster a version 8.0.0
upgrade a to 8.1.0
target 8.2.0
"""
    assert codes(text) == [(1, "RL305"), (3, "RL107")]


def test_rl107_late_relation_to_an_undeclared_cluster():
    text = """\
cluster a version 8.0.0
upgrade a to 8.1.0
a follows zz
"""
    assert codes(text) == [(3, "RL101"), (3, "RL107")]


def test_rl107_points_at_the_declaration_and_relates_the_first_action():
    text = """\
cluster a version 8.0.0
pause all
cluster b version 8.0.0
"""
    (diagnostic,) = lint_text(text).diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == ("RL107", 3, 1)
    assert [r.span.line for r in diagnostic.related] == [2]


def test_a_relation_may_name_a_cluster_declared_further_down():
    text = """\
b follows a
cluster a version 8.0.0
cluster b version 8.0.0
upgrade a to 8.1.0
upgrade b to 8.1.0
"""
    assert codes(text) == [(4, "RL201")]


def test_a_late_relation_makes_a_bidirectional_group_from_the_start():
    # Declarations take effect together, before the first action: at line 4 a
    # and b already follow each other, so the upgrade is RL202, not RL201.
    text = """\
cluster a version 8.0.0
cluster b version 8.0.0
b follows a
upgrade a to 8.1.0
a follows b
upgrade b to 8.1.0
"""
    assert codes(text) == [(4, "RL202"), (5, "RL107"), (6, "RL202")]
