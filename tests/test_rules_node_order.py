"""Node roles and the order of a rolling upgrade: RL108 and RL309 (spec/rules.md).

Each case is a small runbook and the exact sorted (line, code) list it gives;
the messages are pinned where they name nodes.
"""

from __future__ import annotations

import itertools

import pytest
from conftest import codes, lint_text

# One role list per rank of Elastic's order, first upgraded first.
RANKS = [
    ("frozen", "data_frozen"),
    ("cold", "data_cold"),
    ("warm", "data_warm"),
    ("hot", "data_hot"),
    ("other data", "data"),
    ("neither", "ingest"),
    ("master", "master"),
]
# Other role lists that fall in the same ranks.
SAME_RANK = [
    ("data_content", "data"),
    ("data_hot, data_content", "data_hot"),
    ("data_content, data_warm", "data_warm"),
    ("ml", "ingest"),
    ("transform", "ingest"),
    ("remote_cluster_client", "ingest"),
    ("voting_only", "master"),
    ("master, data_frozen", "master"),
    ("data_hot, voting_only, ingest", "master"),
    ("data_frozen, data_cold", "data_frozen"),
]


def pair(first: str, second: str, order: tuple[str, str]) -> str:
    return f"""\
cluster c version 8.14.3 nodes a ({first}), b ({second})
upgrade c node {order[0]} to 8.15.1
upgrade c node {order[1]} to 8.15.1
"""


# ------------------------------------------------------------------ RL309


@pytest.mark.parametrize(
    "early, late",
    list(itertools.combinations(range(len(RANKS)), 2)),
    ids=[f"{RANKS[i][0]}-{RANKS[j][0]}" for i, j in itertools.combinations(range(len(RANKS)), 2)],
)
def test_rl309_in_every_rank_pair(early, late):
    first, second = RANKS[early][1], RANKS[late][1]
    # a ranks before b: b first is wrong, a first is right.
    assert codes(pair(first, second, ("b", "a"))) == [(2, "RL309")]
    assert codes(pair(first, second, ("a", "b"))) == []


@pytest.mark.parametrize("roles", [r for _, r in RANKS])
def test_one_rank_has_no_order_inside_it(roles):
    assert codes(pair(roles, roles, ("b", "a"))) == []
    assert codes(pair(roles, roles, ("a", "b"))) == []


@pytest.mark.parametrize("roles, like", SAME_RANK)
def test_role_lists_rank_by_their_first_tier_and_master_last(roles, like):
    assert codes(pair(roles, like, ("b", "a"))) == []
    assert codes(pair(roles, like, ("a", "b"))) == []


def test_mixed_master_and_data_nodes_go_last():
    text = """\
cluster c version 8.14.3 nodes m1 (master, data_hot), h1 (data_hot), w1 (data_warm)
upgrade c node h1 to 8.15.1
upgrade c node m1 to 8.15.1
upgrade c node w1 to 8.15.1
"""
    # h1 before w1 (hot before warm); m1 (master-eligible, whatever else it
    # holds) before w1.
    assert codes(text) == [(2, "RL309"), (3, "RL309")]
    messages = [d.message for d in lint_text(text).diagnostics]
    assert messages == [
        "'h1' of 'c' (a hot-tier data node) is upgraded to 8.15.1 while w1 runs a version "
        "below it; Elastic's order upgrades it first",
        "'m1' of 'c' (a master-eligible node) is upgraded to 8.15.1 while w1 runs a version "
        "below it; Elastic's order upgrades it first",
    ]


def test_the_message_names_the_nodes_in_upgrade_order():
    text = """\
cluster c version 8.14.3 nodes m1 (master), i1 (ingest), h2 (data_hot), h1 (data_hot), f1 (data_frozen)
upgrade c node m1 to 8.15.1
"""
    assert codes(text) == [(1, "RL304"), (2, "RL309")]
    (diagnostic,) = [d for d in lint_text(text).diagnostics if d.code == "RL309"]
    assert diagnostic.message == (
        "'m1' of 'c' (a master-eligible node) is upgraded to 8.15.1 while f1, h1, h2, i1 run a "
        "version below it; Elastic's order upgrades them first"
    )
    assert diagnostic.help.startswith("upgrade f1, h1, h2, i1 before 'm1': Elastic's order: ")


def test_one_diagnostic_per_upgrade_and_a_count_beyond_ten():
    data = ", ".join(f"d{i:02} (data)" for i in range(12))
    text = f"cluster c version 8.14.3 nodes m1 (master), {data}\nupgrade c node m1 to 8.15.1\n"
    assert codes(text) == [(1, "RL304"), (2, "RL309")]
    (diagnostic,) = [d for d in lint_text(text).diagnostics if d.code == "RL309"]
    named = ", ".join(f"d{i:02}" for i in range(10))
    assert f"while {named} and 2 more run a version below it" in diagnostic.message


def test_nodes_without_roles_take_no_part():
    text = """\
cluster c version 8.14.3 nodes m1 (master), x1, x2, h1 (data_hot)
upgrade c node x1 to 8.15.1
upgrade c node h1 to 8.15.1
upgrade c node m1 to 8.15.1
upgrade c node x2 to 8.15.1
"""
    assert codes(text) == []
    # x1 upgraded after the master, and the master before nodes without roles: nothing.
    text = """\
cluster c version 8.14.3 nodes m1 (master), x1
upgrade c node m1 to 8.15.1
upgrade c node x1 to 8.15.1
"""
    assert codes(text) == []


def test_a_node_already_on_the_target_or_higher_is_not_behind():
    text = """\
cluster c version 8.14.3 nodes m1 (master), h1 (data_hot, version 8.15.1), w1 (data_warm, version 8.16.0)
upgrade c node m1 to 8.15.1
"""
    assert codes(text) == [(1, "RL304")]


def test_a_node_behind_only_for_a_higher_target():
    text = """\
cluster c version 8.14.3 nodes m1 (master), h1 (data_hot)
upgrade c node h1 to 8.15.1
upgrade c node m1 to 8.15.2
upgrade c node h1 to 8.15.2
"""
    assert codes(text) == [(3, "RL309")]


def test_a_whole_cluster_upgrade_never_fires_it():
    text = """\
cluster c version 8.14.3 nodes m1 (master), h1 (data_hot), f1 (data_frozen)
upgrade c to 8.15.1
upgrade c node h1 to 8.15.1
"""
    assert codes(text) == [(3, "RL302")]
    # A whole upgrade after a master went first: the master's upgrade fires, the whole one not.
    text = """\
cluster c version 8.14.3 nodes m1 (master), h1 (data_hot)
upgrade c node m1 to 8.15.1
upgrade c to 8.15.1
"""
    assert codes(text) == [(2, "RL309")]


def test_a_cluster_without_nodes_or_roles_is_not_judged():
    text = """\
cluster c version 8.14.3 nodes a, b
cluster d version 8.14.3
upgrade c node b to 8.15.1
upgrade c node a to 8.15.1
upgrade d to 8.15.1
"""
    assert codes(text) == []


# -- in a parallel block: fires when some order of the block gives it


def test_parallel_block_fires_for_the_order_that_breaks_it():
    text = """\
cluster c version 8.14.3 nodes m1 (master), h1 (data_hot)
parallel {
    upgrade c node m1 to 8.15.1
    upgrade c node h1 to 8.15.1
}
"""
    # h1 may run 8.14.3 when m1 goes (m1 first); h1 itself never comes after
    # an upgraded node ranked before it. RL308 for the second upgrade.
    assert codes(text) == [(3, "RL309"), (4, "RL308")]
    (order,) = [d for d in lint_text(text).diagnostics if d.code == "RL309"]
    assert order.message == (
        "'m1' of 'c' (a master-eligible node) is upgraded to 8.15.1 while h1 may run a version "
        "below it; Elastic's order upgrades it first"
    )


def test_parallel_block_a_lower_upgrade_of_an_earlier_node_counts():
    text = """\
cluster c version 8.14.3 nodes m1 (master, version 8.15.1), h1 (data_hot, version 8.15.1)
parallel {
    upgrade c node m1 to 8.15.1
    upgrade c node h1 to 8.14.3
}
"""
    # Before the block h1 runs 8.15.1 (not behind), but in the order h1, m1
    # it runs 8.14.3 when m1 is upgraded.
    # The block ends with h1 on 8.14.3: mid-upgrade (RL304).
    assert codes(text) == [(1, "RL304"), (3, "RL302"), (3, "RL309"), (4, "RL301"), (4, "RL308")]


def test_parallel_block_a_whole_upgrade_puts_every_earlier_node_behind():
    text = """\
cluster c version 8.15.1 nodes m1 (master), h1 (data_hot), w1 (data_warm)
parallel {
    upgrade c to 8.14.3
    upgrade c node m1 to 8.15.1
}
"""
    assert codes(text) == [(1, "RL304"), (3, "RL301"), (4, "RL302"), (4, "RL308"), (4, "RL309")]
    (order,) = [d for d in lint_text(text).diagnostics if d.code == "RL309"]
    assert "while w1, h1 may run a version below it" in order.message


def test_parallel_block_of_other_clusters_does_not_fire():
    text = """\
cluster c version 8.14.3 nodes m1 (master), h1 (data_hot)
cluster d version 8.14.3 nodes m2 (master), h2 (data_hot)
upgrade c node h1 to 8.15.1
parallel {
    upgrade c node m1 to 8.15.1
    upgrade d node h2 to 8.15.1
}
upgrade d node m2 to 8.15.1
"""
    assert codes(text) == []


# ------------------------------------------------------------------ RL108


def test_rl108_unknown_role():
    text = "cluster c version 8.14.3 nodes m1 (master), h1 (data-hot, hot)\n"
    assert codes(text) == [(1, "RL108"), (1, "RL108")]
    first, second = lint_text(text).diagnostics
    assert first.message == (
        "'data-hot' is not an Elasticsearch node role (node 'h1' of cluster 'c'); it is ignored"
    )
    assert (first.span.column, first.span.end_column) == (49, 57)
    assert second.message.startswith("'hot' is not an Elasticsearch node role")


def test_rl108_repeated_role():
    text = "cluster c version 8.14.3 nodes m1 (master, ingest, master)\n"
    assert codes(text) == [(1, "RL108")]
    (diagnostic,) = lint_text(text).diagnostics
    assert diagnostic.message == (
        "node 'm1' of cluster 'c' names the role 'master' a second time; the repetition is ignored"
    )
    assert diagnostic.span.column == 52
    assert diagnostic.related[0].span.column == 36


def test_rl108_repeated_version_and_the_first_counts():
    text = """\
cluster c version 8.14.3 nodes n1 (version 8.15.1, data, version 8.14.3)
upgrade c node n1 to 8.15.1
"""
    # n1 starts on its first version, 8.15.1: the upgrade is redundant.
    assert codes(text) == [(1, "RL108"), (2, "RL302")]
    diagnostic = lint_text(text).diagnostics[0]
    assert diagnostic.message == (
        "node 'n1' of cluster 'c' is given a 'version' a second time; this one is ignored"
    )
    assert (diagnostic.span.column, diagnostic.span.end_column) == (58, 72)


def test_rl108_an_ignored_role_takes_no_part_in_the_order():
    text = """\
cluster c version 8.14.3 nodes m1 (masters), h1 (data_hot)
upgrade c node m1 to 8.15.1
upgrade c node h1 to 8.15.1
"""
    assert codes(text) == [(1, "RL108")]


def test_rl108_not_examined_in_an_ignored_declaration():
    text = """\
cluster c version 8.14.3 nodes n1 (data)
cluster c version 8.14.3 nodes n1 (bogus)
cluster d version 8.14.3 nodes n1 (data), n1 (bogus, version 1.0.0)
"""
    assert codes(text) == [(2, "RL102"), (3, "RL102")]


# -- per-node starting versions


def test_a_node_version_sets_its_start_and_the_cluster_follows():
    text = """\
cluster l version 8.14.3
cluster f version 8.14.3 nodes f1 (version 8.15.1), f2
f follows l
upgrade l to 8.15.1
"""
    # f's lowest is f2's 8.14.3, below its leader's 8.15.1: RL201; and f ends
    # mid-upgrade (RL304).
    assert codes(text) == [(2, "RL304"), (4, "RL201")]
    text = """\
cluster l version 8.14.3 nodes l1 (version 8.15.1), l2
cluster f version 8.14.3
f follows l
"""
    # The leader's highest is 8.15.1: f (8.14.3) is older as declared.
    assert codes(text) == [(1, "RL304"), (3, "RL204")]


def test_a_whole_upgrade_of_nodes_on_several_versions():
    text = """\
cluster c version 8.14.3 nodes a (version 8.15.1), b
upgrade c to 8.15.1
"""
    assert codes(text) == []
    text = """\
cluster c version 8.14.3 nodes a (version 8.16.0), b
upgrade c to 8.15.1
"""
    assert codes(text) == [(2, "RL301")]


# ------------------------------------------------------------------ explain


def test_explain_rl309_with_the_failing_and_the_fixed_runbook():
    from conftest import run_cli

    from runbook_lint.catalogue import RULES

    rule = RULES["RL309"]
    process = run_cli("explain", "RL309")
    assert process.returncode == 0
    text = process.stdout.decode()
    assert text.startswith("RL309 rolling-upgrade-order (error)\n")
    assert "older nodes cannot always join a cluster with an upgraded master" in text
    for example in (rule.bad, rule.good):
        assert "".join(f"    {line}\n" if line else "\n" for line in example.splitlines()) in text
    # The failing example fires RL309 alone, the fixed one nothing.
    assert codes(rule.bad) == [(3, "RL309")]
    assert codes(rule.good) == []
    assert text.index("upgrade us-east node es-m1") < text.index("corrected")
    assert text.index("corrected") < text.rindex("upgrade us-east node es-h1")


def test_a_whole_upgrade_judges_each_starting_version():
    # RL303 is judged for each distinct starting version below the target: one
    # diagnostic for the statement, from b's 7.16.3 (7.17 first).
    text = """\
cluster c version 7.16.3 nodes a (version 7.17.29), b
upgrade c to 8.15.1
"""
    assert codes(text) == [(2, "RL303")]
    # Every node already on the target: RL302.
    text = """\
cluster c version 8.14.3 nodes a (version 8.15.1), b (version 8.15.1)
upgrade c to 8.15.1
"""
    assert codes(text) == [(2, "RL302")]
