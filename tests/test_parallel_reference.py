"""The checker against a brute-force reference model (tests/reference_model.py).

Random small runbooks are rendered as text, parsed and checked by the real
pipeline; the (line, code) set must equal the reference's, which tries every
order of every `parallel` block.  The checker reasons about a block by its worst
cases instead (runbook_lint/check/parallel.py); this is what keeps it honest.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_model import reference_text  # noqa: E402

from runbook_lint.lint.linter import lint_bytes  # noqa: E402
from runbook_lint.syntax.parser import parse  # noqa: E402

# A pool that crosses every interesting boundary: 7.16 -> 8.x needs 7.17
# (RL303), 8.x cannot follow 7.16 (RL204), 8.18 goes to 9.0 only and 8.19 to
# 9.1+, a 9.1 follower needs an 8.19 leader, pre-releases sort first.
VERSIONS = [
    "7.16.3",
    "7.17.0",
    "7.17.29",
    "8.0.0",
    "8.0.1",
    "8.18.0",
    "8.18.8",
    "8.19.0",
    "8.19.3",
    "9.0.0-rc1",
    "9.0.0",
    "9.0.3",
    "9.1.0-beta1",
    "9.1.0",
    "9.1.2",
]
NAMES = ["a", "b", "c", "d"]
UNDECLARED = "zz"
QUALIFIERS = ["", ' index "i1"', ' index "i2"', ' auto-follow "p1"']


# Role lists from every rank of RL309's order, none, and RL108's cases.
ROLES = [
    "",
    "",
    "master",
    "data_hot, ingest",
    "data_warm",
    "data_cold",
    "data_frozen",
    "data",
    "ml",
    "voting_only, data_frozen",
    "data_content, data_cold",
    "bogus",
    "master, master",
]


def attributes(roles: str, version: str) -> str:
    parts = [p for p in (roles, f"version {version}" if version else "") if p]
    return f" ({', '.join(parts)})" if parts else ""


def checker_codes(text: str) -> set[tuple[int, str]]:
    result = lint_bytes("t.rbk", text.encode("utf-8"))
    return {(d.span.line, d.code) for d in result.diagnostics}


@st.composite
def runbooks(draw) -> str:
    count = draw(st.integers(2, 4))
    names = NAMES[:count]
    nodes = {}
    for name in names:
        size = draw(st.sampled_from([0, 0, 1, 2, 3]))
        nodes[name] = [f"{name}{i}" for i in range(1, size + 1)]

    # Versions from a band of the pool, so that upgrades mostly go up and the
    # clusters stay close enough for the ordering rules to matter.
    low = draw(st.integers(0, len(VERSIONS) - 3))
    start = st.sampled_from(VERSIONS[low : low + 3])
    version = st.sampled_from(VERSIONS[low : low + 6])
    cluster_name = st.sampled_from(names)
    any_name = st.sampled_from(names * 8 + [UNDECLARED])
    qualifier = st.sampled_from(QUALIFIERS)

    declarations = []
    for name in names:
        line = f"cluster {name} version {draw(start)}"
        if nodes[name]:
            listed = list(nodes[name])
            if draw(st.integers(0, 9)) == 0:
                listed.append(listed[0])  # RL102: a node named twice
            # Roles (RL309's order; RL108 for unknown or repeated ones) and a
            # node's own starting version.
            own = st.sampled_from(["", "", *VERSIONS[low : low + 3]])
            listed = [node + attributes(draw(st.sampled_from(ROLES)), draw(own)) for node in listed]
            line += " nodes " + ", ".join(listed)
        declarations.append(line)
    if draw(st.integers(0, 9)) == 0:
        declarations.append(f"cluster {draw(cluster_name)} version {draw(version)}")  # RL102

    relations = []
    shape = draw(st.sampled_from(["random", "pair", "cycle", "chain"]))
    if shape == "pair":
        relations += [f"{names[0]} follows {names[1]}", f"{names[1]} follows {names[0]}"]
    elif shape == "cycle" and count >= 3:
        relations += [
            f"{names[0]} follows {names[1]}",
            f"{names[1]} follows {names[2]}",
            f"{names[2]} follows {names[0]}",
        ]
    elif shape == "chain":
        relations += [f"{names[i + 1]} follows {names[i]}" for i in range(count - 1)]
    for _ in range(draw(st.integers(0, 5))):
        follower = draw(any_name)
        if draw(st.integers(0, 7)) == 0:
            leader = follower  # RL103 (or RL101)
        else:
            leader = draw(any_name.filter(lambda name, f=follower: name != f))
        relations.append(f"{follower} follows {leader}{draw(qualifier)}")
    if relations and draw(st.booleans()):
        relations.append(draw(st.sampled_from(relations)))  # RL104

    def operand() -> str:
        if relations and draw(st.integers(0, 3)) > 0:
            declared = draw(st.sampled_from(relations))
            if draw(st.booleans()):
                return declared
            return " ".join(declared.split()[:3])  # unqualified: every relation of the pair
        follower = draw(any_name)
        leader = draw(any_name)
        return f"{follower} follows {leader}{draw(qualifier)}"

    def action(focus: list[str]) -> str:
        kind = draw(st.sampled_from(["upgrade"] * 5 + ["pause", "resume", "note"]))
        if kind == "upgrade":
            # Mostly the block's focus clusters, so that blocks upgrade one
            # cluster several times and both ends of a relation.
            name = draw(st.sampled_from(focus)) if draw(st.integers(0, 3)) else draw(any_name)
            node = ""
            choice = draw(st.integers(0, 7))
            if choice >= 3 and name in nodes and nodes[name]:
                node = f" node {draw(st.sampled_from(nodes[name]))}"
            elif choice == 2:
                node = " node nx"  # RL106
            return f"upgrade {name}{node} to {draw(version)}"
        if kind == "note":
            return 'note "check _ccr/stats"'
        what = "all" if draw(st.integers(0, 2)) == 0 else operand()
        return f"{kind} {what}"

    body = []
    if relations and draw(st.booleans()):
        body.append("pause all")  # so that resumes have something to turn on
    for _ in range(draw(st.integers(1, 6))):
        block = draw(
            st.sampled_from(["action", "action", "step", "parallel", "parallel", "parallel"])
        )
        focus = draw(st.lists(cluster_name, min_size=1, max_size=2))
        if block == "action":
            body.append(action(focus))
        else:
            size = draw(st.integers(0, 5) if block == "step" else st.integers(1, 5))
            title = ' "t"' if draw(st.booleans()) else ""
            keyword = "step" if block == "step" else "parallel"
            body.append(f"{keyword}{title} {{")
            body.extend("    " + action(focus) for _ in range(size))
            body.append("}")

    head = []
    if draw(st.booleans()):
        head.append(f"target {draw(version)}")
        if draw(st.integers(0, 9)) == 0:
            head.append(f"target {draw(version)}")  # RL102
    late = []
    if body and relations and draw(st.integers(0, 4)) == 0:
        late.append(relations.pop())  # RL107, still in effect
    lines = ['runbook "random"'] if draw(st.booleans()) else []
    lines += head + declarations + relations + body + late
    return "\n".join(lines) + "\n"


@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(runbooks())
def test_checker_agrees_with_brute_force(text):
    parsed = parse(text)
    assert not parsed.problems, (text, parsed.problems)
    assert checker_codes(text) == reference_text(text), text


def focused_runbook(rng: random.Random) -> str:
    """No name problems: two or three clusters, dense relations, versions from a
    narrow band, and one `parallel` block after a prelude that may leave rolling
    upgrades half done and relations paused.  This is where a block's worst
    cases live (a node-level and a whole upgrade of one cluster, a resume in the
    same block as an upgrade of its group).  Plain uniform choices: hypothesis's
    own draws favour the simplest values, which makes these cases rare."""
    names = NAMES[: rng.randint(2, 3)]
    nodes = {name: [f"{name}{i}" for i in range(1, rng.randint(0, 3) + 1)] for name in names}
    low = rng.randrange(len(VERSIONS) - 3)
    band = VERSIONS[low : low + 4]
    lines = []
    for name in names:
        declared = [
            node + attributes(rng.choice(ROLES[:-2]), rng.choice(["", "", band[0], band[1]]))
            for node in nodes[name]
        ]
        listed = f" nodes {', '.join(declared)}" if nodes[name] else ""
        lines.append(f"cluster {name} version {rng.choice(band[:2])}{listed}")
    pairs = [(f, ld) for f in names for ld in names if f != ld]
    relations = []
    for _ in range(rng.randint(1, 4)):
        f, ld = rng.choice(pairs)
        relations.append(f"{f} follows {ld}{rng.choice(QUALIFIERS)}")
    relations = list(dict.fromkeys(relations))
    lines += relations

    def action() -> str:
        kind = rng.choice(["upgrade"] * 4 + ["pause", "resume"])
        if kind == "upgrade":
            name = rng.choice(names)
            node = ""
            if nodes[name] and rng.random() < 0.5:
                node = f" node {rng.choice(nodes[name])}"
            return f"upgrade {name}{node} to {rng.choice(band)}"
        if rng.random() < 0.25:
            return f"{kind} all"
        relation = rng.choice(relations)
        if rng.random() < 0.5:
            relation = " ".join(relation.split()[:3])
        return f"{kind} {relation}"

    lines += [action() for _ in range(rng.randint(0, 3))]
    lines.append("parallel {")
    lines += ["    " + action() for _ in range(rng.randint(2, 5))]
    lines.append("}")
    lines += [action() for _ in range(rng.randint(0, 2))]
    return "\n".join(lines) + "\n"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=True))
def test_checker_agrees_with_brute_force_on_one_busy_block(rng):
    text = focused_runbook(rng)
    assert checker_codes(text) == reference_text(text), text


# ----------------------------------------------------------------- big blocks


def big_block(actions: int) -> str:
    lines = [
        "cluster a version 8.18.0 nodes a1, a2, a3",
        "cluster b version 8.18.0 nodes b1, b2",
        "cluster c version 8.18.0",
        "cluster d version 8.18.0",
        "b follows a",
        'c follows b index "x"',
        'c follows b auto-follow "y"',
        "c follows d",
        "d follows c",
        'parallel "everything at once" {',
    ]
    pool = [
        "upgrade a node a1 to 8.19.3",
        "upgrade a node a2 to 8.19.3",
        "upgrade a to 8.19.3",
        "upgrade b node b1 to 8.19.3",
        "upgrade b to 9.0.3",
        "upgrade c to 8.19.3",
        "upgrade d to 8.18.8",
        "pause c follows d",
        "resume c follows d",
        "pause all",
        "resume all",
        "pause c follows b",
        'resume c follows b index "x"',
        'note "wait for green"',
    ]
    lines += ["    " + pool[i % len(pool)] for i in range(actions)]
    lines += ["}"]
    return "\n".join(lines) + "\n"


def test_a_block_of_300_actions_is_checked():
    text = big_block(300)
    found = checker_codes(text)
    assert found  # the block breaks several rules; the point is that it finishes
    assert {code for _, code in found} >= {"RL201", "RL202", "RL308"}


def test_a_block_of_6_actions_agrees_with_brute_force():
    text = big_block(6)
    assert checker_codes(text) == reference_text(text)


# Blocks that reach each worst case of runbook_lint/check/parallel.py, checked
# against brute force every run (the random tests find them only now and then).
HAND_WRITTEN = [
    # six actions: node-level upgrades of both ends, a resume in the same block
    """\
cluster a version 7.17.0 nodes a1, a2
cluster b version 7.17.0 nodes b1, b2
b follows a
pause all
parallel {
    upgrade a node a1 to 8.0.0
    upgrade b node b1 to 8.0.0
    upgrade b node b2 to 8.0.0
    resume b follows a
    upgrade a node a2 to 8.0.0
    note "done"
}
""",
    # six actions: a bi-directional pair paused and resumed inside one block
    """\
cluster a version 8.18.0
cluster b version 8.18.0 nodes b1, b2
a follows b
b follows a
b follows a auto-follow "p"
parallel {
    pause all
    upgrade a to 8.19.3
    upgrade b node b1 to 8.19.3
    upgrade b node b2 to 8.19.3
    resume all
    pause b follows a auto-follow "p"
}
""",
    # the leader's highest right after a node-level upgrade, when a whole-cluster
    # upgrade of the same cluster may come first (RL201 at line 6)
    """\
cluster a version 8.18.0 nodes a1, a2
cluster b version 8.18.8
b follows a
parallel {
    upgrade a to 8.19.0
    upgrade a node a1 to 8.18.8
}
upgrade b to 8.19.0
upgrade a to 8.19.0
""",
    # the follower's highest after its node-level upgrade, when another node's
    # upgrade may come first (RL204 at line 5)
    """\
cluster a version 7.16.3
cluster b version 7.17.0 nodes b1, b2
b follows a
parallel {
    upgrade b node b1 to 7.17.29
    upgrade b node b2 to 8.0.0
}
upgrade a to 7.17.29
upgrade b node b1 to 8.0.0
upgrade a to 8.0.0
""",
    # a resume of a bi-directional relation whose versions are fine, while an
    # upgrade in the same block may leave the group on two versions (RL203 at 8)
    """\
cluster a version 8.18.0
cluster b version 8.18.0
a follows b
b follows a
pause all
parallel {
    upgrade a to 8.19.0
    resume a follows b
}
upgrade b to 8.19.0
resume all
""",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_hand_written_blocks_agree_with_brute_force(text):
    assert checker_codes(text) == reference_text(text)


def test_hand_written_blocks_reach_the_worst_cases():
    assert (6, "RL201") in checker_codes(HAND_WRITTEN[2])
    assert (5, "RL204") in checker_codes(HAND_WRITTEN[3])
    assert (8, "RL203") in checker_codes(HAND_WRITTEN[4])


# Found by the true-random test above with the `ci` profile: across majors the
# followers a leader allows are not an interval (9.0 refuses 8.19 leaders, 9.1
# accepts them), so a node left behind on 9.0 breaks following even when the
# cluster's newest node does not.  Both the exact state and a block's worst case
# now judge each node's versions.
SPLIT_COLUMN_CASES = [
    (
        "cluster a version 8.19.3\ncluster c version 9.0.0-rc1 nodes c1, c2\nc follows a\n"
        "parallel {\n    upgrade c node c1 to 9.1.0-beta1\n}\n",
        {(3, "RL204"), (5, "RL303"), (5, "RL204")},
    ),
    (
        "cluster a version 8.18.8 nodes a1, a2\ncluster b version 8.19.0 nodes b1, b2\n"
        'a follows b auto-follow "p1"\na follows b index "i2"\nb follows a index "i2"\n'
        "upgrade a node a1 to 8.19.0\nupgrade b to 9.0.0-rc1\nparallel {\n"
        "    upgrade b node b2 to 8.18.8\n    resume a follows b\n"
        '    pause a follows b auto-follow "p1"\n    upgrade a to 9.0.0-rc1\n'
        "    upgrade b to 8.19.3\n}\nupgrade a node a2 to 8.19.0\n",
        None,  # as the brute force finds
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_COLUMN_CASES)
def test_the_split_column_is_judged_node_by_node(text, expected):
    found = checker_codes(text)
    assert found == reference_text(text)
    if expected is not None:
        assert {d for d in found if d[1] in ("RL204", "RL303")} == expected
