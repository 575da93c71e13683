"""RL204 across majors in a parallel block (check/crossmajor.py) against brute force.

The brute force plays every order of every subset of the block's other
upgrades, applies the judged one last, and asks whether some resulting pair of
follower and leader node versions is refused while every follower node is at
least as new as every leader node. The summaries must find exactly those
blocks; tests/test_parallel_reference.py checks the rules around them.
"""

from __future__ import annotations

from itertools import permutations

from hypothesis import given
from hypothesis import strategies as st

from runbook_lint.check.crossmajor import CrossMajor, broken
from runbook_lint.check.events import Upgraded
from runbook_lint.model.versions import Version, compatibility

# Versions around the split column: 8.18 goes to 9.0 only, 8.19 to 9.1+ only.
VERSIONS = [
    Version.parse(text)
    for text in (
        "8.17.2",
        "8.18.1",
        "8.18.4",
        "8.19.0",
        "8.19.3",
        "9.0.0",
        "9.0.3",
        "9.1.0",
        "9.2.1",
    )
]


def move(node: int | None, version: Version) -> Upgraded:
    return Upgraded(action=None, cluster=0, node=node, version=version)  # type: ignore[arg-type]


def after(before: list[Version], moves: tuple[Upgraded, ...]) -> list[Version]:
    nodes = list(before)
    for m in moves:
        if m.node is None:
            nodes = [m.version] * len(nodes)
        else:
            nodes[m.node] = m.version
    return nodes


def reachable(before: list[Version], moves: list[Upgraded], judged: Upgraded | None):
    """Every node state some order of some subset of MOVES (then JUDGED) leaves."""
    others = [m for m in moves if m is not judged]
    states = set()
    for size in range(len(others) + 1):
        for chosen in permutations(others, size):
            sequence = chosen + ((judged,) if judged is not None else ())
            states.add(tuple(after(before, sequence)))
    return states


def refused_somewhere(follower_states, leader_states) -> bool:
    for f in follower_states:
        for ld in leader_states:
            if min(f) < max(ld):
                continue
            if any(not compatibility(a, b).ok for a in set(f) for b in set(ld)):
                return True
    return False


@st.composite
def sides(draw):
    def cluster():
        size = draw(st.integers(1, 3))
        before = [draw(st.sampled_from(VERSIONS)) for _ in range(size)]
        moves = [
            move(
                draw(st.one_of(st.none(), st.integers(0, size - 1))),
                draw(st.sampled_from(VERSIONS)),
            )
            for _ in range(draw(st.integers(0, 3)))
        ]
        return before, moves

    follower, leader = cluster(), cluster()
    node_moves = [m for m in follower[1] if m.node is not None]
    judged = draw(st.one_of(st.none(), st.sampled_from(node_moves))) if node_moves else None
    return follower, leader, judged


@given(sides())
def test_summaries_agree_with_brute_force(case) -> None:
    (f_before, f_moves), (l_before, l_moves), judged = case
    found = broken(
        CrossMajor(f_before, f_moves, True).best(judged),
        CrossMajor(l_before, l_moves, False).best(),
    )
    expected = refused_somewhere(
        reachable(f_before, f_moves, judged), reachable(l_before, l_moves, None)
    )
    assert (found is not None) == expected
    if found is not None:
        f, ld = found
        assert f.major != ld.major and not compatibility(f, ld).ok


def test_a_node_upgrade_against_a_base_of_the_other_minor() -> None:
    # Follower nodes 9.0.0 and 9.1.0; the leader's block may take it to 8.18.4
    # (refused by a 9.1 follower) or 8.19.3 (refused by a 9.0 follower).
    v = {str(x): x for x in VERSIONS}
    follower = CrossMajor([v["9.0.0"], v["9.1.0"]], [], True)
    leader = CrossMajor([v["8.17.2"]], [move(None, v["8.18.4"]), move(None, v["8.19.3"])], False)
    assert broken(follower.best(), leader.best()) == (v["9.1.0"], v["8.17.2"])
