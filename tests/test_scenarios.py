"""The scenarios of Elastic's "Upgrading clusters" page for CCR, the rule
catalogue's own examples, and the runbooks in samples/.

Each scenario is a runbook and the exact sorted (line, code) list it gives.
"""

from __future__ import annotations

import itertools

import pytest
from conftest import SAMPLES, codes, lint_text

from runbook_lint.catalogue import RULES

# ------------------------------------------------------- uni-directional


def test_uni_directional_follower_first():
    text = """\
cluster leader version 8.17.4
cluster follower version 8.17.4
follower follows leader
upgrade follower to 8.18.2
upgrade leader to 8.18.2
"""
    assert codes(text) == []


def test_uni_directional_leader_first():
    text = """\
cluster leader version 8.17.4
cluster follower version 8.17.4
follower follows leader
upgrade leader to 8.18.2
upgrade follower to 8.18.2
"""
    assert codes(text) == [(4, "RL201")]


# ------------------------------------------------------- the chain A <- B <- C

CHAIN = """\
cluster A version 8.16.1
cluster B version 8.16.1
cluster C version 8.16.1
B follows A
C follows B
"""
FIRST_UPGRADE_LINE = 6


def chain_expected(order: tuple[str, ...]) -> list[tuple[int, str]]:
    """By hand from the rule: a leader upgraded while its follower is still old."""
    follower_of = {"A": "B", "B": "C"}
    done: set[str] = set()
    expected = []
    for position, cluster in enumerate(order):
        done.add(cluster)
        follower = follower_of.get(cluster)
        if follower is not None and follower not in done:
            expected.append((FIRST_UPGRADE_LINE + position, "RL201"))
    return expected


def chain(order) -> str:
    return CHAIN + "".join(f"upgrade {c} to 8.17.0\n" for c in order)


def test_chain_in_the_right_order():
    assert codes(chain("CBA")) == []


WRONG_ORDERS = [o for o in itertools.permutations("ABC") if o != ("C", "B", "A")]


@pytest.mark.parametrize("order", WRONG_ORDERS, ids=["".join(o) for o in WRONG_ORDERS])
def test_chain_in_each_wrong_order(order):
    found = codes(chain(order))
    assert found
    assert found == chain_expected(order)


def test_chain_wrong_orders_spelled_out():
    # The same expectations, written out, so that chain_expected cannot hide a slip.
    assert codes(chain("ABC")) == [(6, "RL201"), (7, "RL201")]
    assert codes(chain("ACB")) == [(6, "RL201")]
    assert codes(chain("BAC")) == [(6, "RL201")]
    assert codes(chain("BCA")) == [(6, "RL201")]
    assert codes(chain("CAB")) == [(7, "RL201")]


def test_chain_rl201_names_the_relation_and_the_follower():
    (diagnostic,) = lint_text(chain("CAB")).diagnostics
    assert [r.span.line for r in diagnostic.related] == [4]  # B follows A
    assert "'B'" in diagnostic.help


# ------------------------------------------------------- bi-directional

PAIR = """\
cluster A version 8.18.2
cluster B version 8.18.2
A follows B index "a-from-b"
B follows A index "b-from-a"
B follows A auto-follow "logs"
"""


def test_bi_directional_unpaused():
    text = PAIR + "upgrade A to 9.0.3\nupgrade B to 9.0.3\n"
    assert codes(text) == [(6, "RL202"), (7, "RL202")]


def test_bi_directional_half_paused():
    text = PAIR + (
        'pause A follows B index "a-from-b"\nupgrade A to 9.0.3\nupgrade B to 9.0.3\nresume all\n'
    )
    assert codes(text) == [(7, "RL202"), (8, "RL202")]
    for diagnostic in lint_text(text).diagnostics:
        assert '"b-from-a"' in diagnostic.message and '"logs"' in diagnostic.message
        assert '"a-from-b"' not in diagnostic.message


def test_bi_directional_auto_follow_pattern_left_active():
    text = PAIR + (
        'pause A follows B index "a-from-b"\n'
        'pause B follows A index "b-from-a"\n'
        "upgrade A to 9.0.3\n"
        "upgrade B to 9.0.3\n"
        "resume all\n"
    )
    assert codes(text) == [(8, "RL202"), (9, "RL202")]
    for diagnostic in lint_text(text).diagnostics:
        assert 'auto-follow "logs"' in diagnostic.message
        assert "_ccr/auto_follow/<name>/pause" in diagnostic.help


def test_bi_directional_resumed_between_the_two_upgrades():
    text = PAIR + "pause all\nupgrade A to 9.0.3\nresume all\nupgrade B to 9.0.3\n"
    assert codes(text) == [(8, "RL203"), (9, "RL202")]


def test_bi_directional_done_right():
    text = PAIR + "pause all\nupgrade A to 9.0.3\nupgrade B to 9.0.3\nresume all\n"
    assert codes(text) == []


def test_bi_directional_done_right_in_parallel():
    text = (
        PAIR
        + "pause all\nparallel {\n    upgrade A to 9.0.3\n    upgrade B to 9.0.3\n}\nresume all\n"
    )
    assert codes(text) == []


def test_bi_directional_pause_in_the_same_parallel_block_is_too_late():
    # Some order upgrades A before the pause runs.
    text = (
        PAIR
        + "parallel {\n    pause all\n    upgrade A to 9.0.3\n}\nupgrade B to 9.0.3\nresume all\n"
    )
    assert codes(text) == [(8, "RL202")]


def test_bi_directional_left_paused():
    text = PAIR + "pause all\nupgrade A to 9.0.3\nupgrade B to 9.0.3\n"
    assert codes(text) == [(6, "RL306")]


# ------------------------------------------------------- a three-cluster cycle

CYCLE = """\
cluster A version 8.18.2
cluster B version 8.18.2
cluster C version 8.18.2
A follows B
B follows C
C follows A
"""


def test_three_cluster_cycle_unpaused():
    text = CYCLE + "upgrade C to 9.0.3\nupgrade B to 9.0.3\nupgrade A to 9.0.3\n"
    # No order keeps every follower at least as new as its leader: a cycle is a
    # bi-directional group, so RL202 (not RL201) at every upgrade.
    assert codes(text) == [(7, "RL202"), (8, "RL202"), (9, "RL202")]


def test_three_cluster_cycle_done_right():
    text = (
        CYCLE
        + "pause all\nupgrade C to 9.0.3\nupgrade B to 9.0.3\nupgrade A to 9.0.3\nresume all\n"
    )
    assert codes(text) == []


def test_three_cluster_cycle_resumed_before_the_last_upgrade():
    text = CYCLE + (
        "pause all\n"
        "upgrade C to 9.0.3\n"
        "upgrade B to 9.0.3\n"
        "resume A follows B\n"
        "upgrade A to 9.0.3\n"
        "resume all\n"
    )
    # A (9.0.3 not yet) follows B (9.0.3): too early, and A's upgrade then finds it active.
    assert codes(text) == [(10, "RL203"), (11, "RL202")]


def test_three_cluster_cycle_with_a_uni_directional_follower():
    text = CYCLE + (
        "cluster D version 8.18.2\n"
        "D follows A\n"
        "pause all\n"
        "upgrade A to 9.0.3\n"
        "upgrade B to 9.0.3\n"
        "upgrade C to 9.0.3\n"
        "upgrade D to 9.0.3\n"
        "resume all\n"
    )
    # D follows A is uni-directional: it is paused here, so upgrading A first is fine.
    assert codes(text) == []
    text = text.replace("pause all\n", "pause A follows B\npause B follows C\npause C follows A\n")
    assert codes(text) == [(12, "RL201")]


# ------------------------------------------------------- multi-hop upgrades

HOPS = """\
cluster leader version 7.16.3
cluster follower version 7.16.3
follower follows leader
"""


def test_multi_hop_through_the_last_minor():
    # Through 7.17.24, the latest 7.17 out before 8.15.3 (7.17.25 and later came
    # out after it: moving on to 8.15.3 from those is out of release order, RL303).
    text = HOPS + (
        "upgrade follower to 7.17.24\n"
        "upgrade leader to 7.17.24\n"
        "upgrade follower to 8.15.3\n"
        "upgrade leader to 8.15.3\n"
    )
    assert codes(text) == []


def test_multi_hop_skipped_is_rl303():
    text = HOPS + "upgrade follower to 8.15.3\nupgrade leader to 8.15.3\n"
    # The follower's jump is also an 8.x follower of a 7.16 leader (RL204).
    assert codes(text) == [(4, "RL204"), (4, "RL303"), (5, "RL303")]
    assert [d.message for d in lint_text(text).diagnostics if d.code == "RL303"] == [
        f"unsupported upgrade path for '{name}': 7.16.3 cannot be upgraded directly to 8.15.3: "
        "an upgrade to 8.x is supported only from 7.17; go through 7.17.24 first"
        for name in ("follower", "leader")
    ]


def test_multi_hop_follower_takes_both_hops_before_the_leader_takes_one():
    # An 8.x follower cannot follow a 7.16 leader (CCR compatibility).
    text = HOPS + (
        "upgrade follower to 7.17.24\n"
        "upgrade follower to 8.15.3\n"
        "upgrade leader to 7.17.24\n"
        "upgrade leader to 8.15.3\n"
    )
    assert codes(text) == [(5, "RL204")]


def test_multi_hop_sample_is_clean():
    assert codes((SAMPLES / "multi_hop.rbk").read_text(encoding="utf-8")) == []


def test_multi_hop_into_9_1_goes_through_8_19():
    text = """\
cluster leader version 8.18.2
cluster follower version 8.18.2
follower follows leader
upgrade follower to 8.19.0
upgrade leader to 8.19.0
upgrade follower to 9.1.0
upgrade leader to 9.1.0
upgrade leader to 9.2.0
"""
    assert codes(text) == [(8, "RL201")]
    # 8.19.0: 8.19.1 and later came out after 9.1.0 (out of release order, RL303).
    skipped = text.replace("upgrade follower to 8.19.0\nupgrade leader to 8.19.0\n", "")
    # 8.18 goes to 9.0.x only, and a 9.1 follower cannot follow an 8.18 leader.
    assert codes(skipped) == [(4, "RL204"), (4, "RL303"), (5, "RL303"), (6, "RL201")]


# ------------------------------------------------------- precision of versions


def test_patch_level_a_9_4_2_follower_cannot_follow_a_9_4_3_leader():
    text = """\
cluster leader version 9.4.2
cluster follower version 9.4.2
follower follows leader
upgrade leader to 9.4.3
upgrade follower to 9.4.3
"""
    assert codes(text) == [(4, "RL201")]
    declared = """\
cluster leader version 9.4.3
cluster follower version 9.4.2
follower follows leader
"""
    assert codes(declared) == [(3, "RL204")]


def test_patch_level_follower_first_is_clean():
    text = """\
cluster leader version 9.4.2
cluster follower version 9.4.2
follower follows leader
upgrade follower to 9.4.3
upgrade leader to 9.4.3
"""
    assert codes(text) == []


def test_pre_release_sorts_before_the_release():
    text = """\
cluster leader version 9.0.0-rc1
cluster follower version 9.0.0-rc1
follower follows leader
upgrade leader to 9.0.0
upgrade follower to 9.0.0
"""
    # 9.0.0-rc1 < 9.0.0: the leader went first. Moving off a pre-release is
    # RL303 too (issue 11: "upgrading from a release candidate ... is unsupported").
    assert codes(text) == [(4, "RL201"), (4, "RL303"), (5, "RL303")]
    right = """\
cluster leader version 9.0.0-rc1
cluster follower version 9.0.0
follower follows leader
upgrade leader to 9.0.0
"""
    assert codes(right) == [(4, "RL303")]
    down = """\
cluster a version 9.0.0
upgrade a to 9.0.0-rc1
"""
    assert codes(down) == [(2, "RL301")]


# ------------------------------------------------------- the catalogue's examples

# RL4xx fire only with live state (check --live): tests/test_live_check.py covers them.
BAD = [code for code in RULES if code != "RL002" and not code.startswith("RL4")]


def lint_with_policy(text: str):
    """What `runbook-lint check` shows: the linter, then `noqa` and the default
    configuration (RL900 needs them; a sample may carry a `noqa`)."""
    from runbook_lint.lint.policy import Policy

    result = lint_text(text)
    Policy().apply(result)
    return sorted((d.span.line, d.code) for d in result.diagnostics)


# Exactly what each catalogue's failing example gives: its own rule, nothing else.
BAD_FINDINGS = {
    "RL001": [(5, "RL001")],
    "RL101": [(4, "RL101")],
    "RL102": [(3, "RL102")],
    "RL103": [(3, "RL103")],
    "RL104": [(4, "RL104")],
    "RL105": [(5, "RL105"), (8, "RL105")],
    "RL106": [(9, "RL106")],
    "RL107": [(6, "RL107")],
    "RL108": [(1, "RL108")],
    "RL201": [(5, "RL201")],
    "RL202": [(7, "RL202"), (8, "RL202")],
    "RL203": [(7, "RL203")],
    "RL204": [(6, "RL204")],
    "RL301": [(6, "RL301")],
    "RL302": [(6, "RL302")],
    "RL303": [(6, "RL303"), (7, "RL303")],
    "RL304": [(2, "RL304")],
    "RL305": [(4, "RL305")],
    "RL306": [(5, "RL306")],
    "RL307": [(7, "RL307")],
    "RL308": [(7, "RL308")],
    "RL309": [(3, "RL309")],
    "RL310": [(10, "RL310")],
    "RL900": [(5, "RL900")],
}


def test_every_bad_example_is_pinned():
    assert sorted(BAD_FINDINGS) == sorted(BAD)


@pytest.mark.parametrize("code", BAD)
def test_each_bad_example_fires_its_rule(code):
    bad = RULES[code].bad
    found = lint_with_policy(bad) if code == "RL900" else codes(bad)
    assert found == BAD_FINDINGS[code]


@pytest.mark.parametrize("code", list(RULES))
def test_each_good_example_is_clean(code):
    good = RULES[code].good
    assert codes(good) == []
    if code == "RL900":
        assert lint_with_policy(good) == []


# ------------------------------------------------------- samples/

SAMPLE_FILES = sorted(SAMPLES.glob("*.rbk"))


def test_samples_exist():
    assert any(p.stem.endswith("_broken") for p in SAMPLE_FILES)
    assert any(not p.stem.endswith("_broken") for p in SAMPLE_FILES)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_sample(path):
    found = lint_with_policy(path.read_text(encoding="utf-8"))
    assert found == BROKEN_SAMPLES.get(path.stem, [])


# Exactly what each broken sample gives (two RL201 on one line: one per relation).
BROKEN_SAMPLES = {
    "bi_directional_broken": [(23, "RL202"), (24, "RL202")],
    "chain_broken": [(18, "RL201"), (18, "RL201")],
    "uni_directional_broken": [(21, "RL201"), (21, "RL201")],
}


def test_every_broken_sample_is_pinned():
    assert sorted(BROKEN_SAMPLES) == sorted(
        p.stem for p in SAMPLE_FILES if p.stem.endswith("_broken")
    )
