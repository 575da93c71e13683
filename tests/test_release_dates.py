"""Release dates (issue 11, items 2 and 3): the data, and the planner's hops by date.

1. The data file's ``release_dates``: every date parses, every version of a
   train shares its date, the versions of one minor are dated in patch order,
   the loader refuses malformed trains.
2. The planner refuses a target released before a node's version (exit status
   2, with the reason and the release that would be in order).
3. A property test: ``plan`` on random topologies with roles and starting
   versions on 6.8, 7.17, 8.18 and 8.19, to 8.x and 9.x targets: ``check`` finds
   nothing in the plans, no node's move is out of release order, and every hop
   is the latest patch of its minor released no later than the next hop.

RL303's messages for out-of-order moves are in tests/test_rules_paths.py.
"""

from __future__ import annotations

import datetime
import itertools
import json

import pytest
from conftest import ROOT, run_cli
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from runbook_lint.cli import UsageError
from runbook_lint.commands.plan import make_plan, render
from runbook_lint.lint.linter import lint_bytes
from runbook_lint.model.release_dates import ReleaseDates
from runbook_lint.model.versions import (
    NoUpgradePath,
    Version,
    compatibility,
    hops,
    latest_patch,
    release_date,
    release_dates,
)
from runbook_lint.plan.planner import Parallel, Upgrade
from runbook_lint.syntax import ast
from runbook_lint.syntax.parser import parse

V = Version.parse
DATA = json.loads(
    (ROOT / "runbook_lint" / "model" / "data" / "versions.json").read_text(encoding="utf-8")
)
SECTION = DATA["release_dates"]
TRAINS = SECTION["trains"]


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


# ---------------------------------------------------------------------------
# 1. The data
# ---------------------------------------------------------------------------


def test_every_date_parses_and_the_trains_are_newest_first():
    dates = [day(train["date"]) for train in TRAINS]
    assert dates == sorted(dates, reverse=True)
    assert len(set(dates)) == len(dates)  # one train per day
    assert dates[-1] == datetime.date(2022, 2, 1)  # 7.17.0, the first dated release
    assert day(DATA["updated"]) >= dates[0]


def test_tag_dates_are_at_most_two_days_before_their_train():
    for train in TRAINS:
        for text, tagged in train.get("tagged", {}).items():
            assert text in train["versions"], (train["date"], text)
            gap = day(train["date"]) - day(tagged)
            assert datetime.timedelta(days=1) <= gap <= datetime.timedelta(days=2), text


def test_every_version_of_a_train_shares_its_date():
    seen: set[Version] = set()
    for train in TRAINS:
        versions = [V(t) for t in train["versions"]]
        assert all(v.pre is None for v in versions)
        assert not seen & set(versions), train["date"]  # no version in two trains
        seen.update(versions)
        # one version per minor: a train is one release of each maintained minor
        assert len({(v.major, v.minor) for v in versions}) == len(versions), train["date"]
        assert {release_date(v) for v in versions} == {train["date"]}
    assert set(release_dates().dated()) == seen


def test_the_versions_of_one_minor_are_dated_in_patch_order():
    dates = release_dates()
    by_minor: dict[tuple[int, int], list[Version]] = {}
    for v in dates.dated():
        by_minor.setdefault((v.major, v.minor), []).append(v)
    for vs in by_minor.values():
        days = [dates.day(v) for v in vs]  # version order
        assert days == sorted(days), vs  # ...is release order
        # and patch numbers leave no gap: every patch up to the highest is dated
        assert [v.patch for v in vs] == list(range(vs[0].patch, vs[-1].patch + 1)), vs
    # 7.17.x, every 8.x minor and 9.0 to 9.3 are dated from their .0
    assert {mm for mm, vs in by_minor.items() if vs[0].patch == 0} == {
        (7, 17),
        *((8, m) for m in range(20)),
        *((9, m) for m in range(4)),
    }


def test_the_latest_patch_is_never_below_a_dated_one():
    for mm, vs in _minors().items():
        latest = latest_patch(*mm)
        if latest is not None:
            assert latest >= vs[-1], mm


def _minors() -> dict[tuple[int, int], list[Version]]:
    by_minor: dict[tuple[int, int], list[Version]] = {}
    for v in release_dates().dated():
        by_minor.setdefault((v.major, v.minor), []).append(v)
    return by_minor


def test_9_0_4_came_out_after_9_1_0_by_elastics_upgrade_page():
    # Its tag (2025-07-16) is older than 9.1.0's (2025-07-23); Elastic's page says
    # 9.1.0 came out first, and the data records that order with its evidence.
    dates = release_dates()
    assert release_date(V("9.0.4")) == "2025-07-16"
    assert dates.day(V("9.1.0")) < dates.day(V("9.0.4")) < dates.day(V("9.0.5"))
    assert dates.day(V("9.0.4")) < dates.day(V("9.1.1"))
    assert "9.0.4 to 9.1.0" in SECTION["released_after"]["9.0.4"]["evidence"]


def test_undated_versions():
    for text in ("6.8.23", "7.16.3", "8.19.26", "9.4.1", "9.1.0-rc1"):
        assert release_date(V(text)) is None


@pytest.mark.parametrize(
    "section, message",
    [
        ({"trains": [{"date": "2025-7-1", "versions": ["9.0.0"]}]}, "is not YYYY-MM-DD"),
        ({"trains": [{"date": 20250701, "versions": ["9.0.0"]}]}, "is not YYYY-MM-DD"),
        (
            {
                "trains": [
                    {"date": "2025-07-02", "versions": ["9.0.0"]},
                    {"date": "2025-07-01", "versions": ["9.0.0"]},
                ]
            },
            "9.0.0 is dated twice",
        ),
        (
            {"trains": [{"date": "2025-07-02", "versions": ["9.0.0-rc1"]}]},
            "is not a release version",
        ),
        (
            {
                "trains": [{"date": "2025-07-02", "versions": ["9.0.0"]}],
                "released_after": {"9.0.0": {"after": "9.1.0"}},
            },
            "need a train date",
        ),
    ],
)
def test_malformed_release_dates_are_refused(section, message):
    with pytest.raises(ValueError, match=message):
        ReleaseDates(section, Version)


# ---------------------------------------------------------------------------
# 2. The planner refuses a target released before a node's version
# ---------------------------------------------------------------------------


def test_plan_refuses_a_target_released_before_the_running_version(tmp_path):
    path = tmp_path / "t.rbk"
    path.write_text("cluster a version 8.19.3\n", encoding="utf-8")
    done = run_cli("plan", "t.rbk", "--to", "9.1.0", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode() == (
        "runbook-lint: cannot plan t.rbk: cluster 'a': 8.19.3 cannot be upgraded to 9.1.0: "
        "9.1.0 (released 2025-07-23) came out before 8.19.3 (released 2025-08-25), and an "
        "upgrade to a version released before the running one is not supported; 9.1.3 "
        "(released 2025-08-25) is the earliest 9.1 release in order\n"
    )


def test_plan_judges_every_node_not_only_the_lowest():
    # The cluster's lowest node (8.19.0) could reach 9.1.0; n2 on 8.19.3 cannot.
    text = "target 9.1.0\ncluster a version 8.19.0 nodes n1, n2 (version 8.19.3)\n"
    with pytest.raises(UsageError) as error:
        make_plan("t.rbk", text)
    assert str(error.value) == (
        "cannot plan t.rbk: cluster 'a': 8.19.3 cannot be upgraded to 9.1.0: 9.1.0 (released "
        "2025-07-23) came out before 8.19.3 (released 2025-08-25), and an upgrade to a version "
        "released before the running one is not supported; 9.1.3 (released 2025-08-25) is the "
        "earliest 9.1 release in order"
    )
    # To 9.1.3 the plan takes both nodes, in one hop.
    result, topology, title = make_plan("t.rbk", text.replace("9.1.0", "9.1.3"))
    assert [str(s.version) for s in result.stages] == ["9.1.3"]
    assert _lint(render(result, topology, title, "rbk")) == []


def test_plan_hops_by_date():
    # 7.17.24 -> 9.1.5: through 8.19.5, the latest 8.19 out by 9.1.5 (8.19.6 and
    # later came out after it); to an undated 9.x, through the latest known 8.19.
    text = "cluster a version 7.17.24\n"
    result, _, _ = make_plan("t.rbk", text, to="9.1.5")
    assert [str(s.version) for s in result.stages] == ["8.19.5", "9.1.5"]
    result, _, _ = make_plan("t.rbk", text, to="9.5.0")
    assert [str(s.version) for s in result.stages] == [str(latest_patch(8, 19)), "9.5.0"]
    result, _, _ = make_plan("t.rbk", "cluster a version 6.8.23\n", to="8.15.0")
    assert [str(s.version) for s in result.stages] == ["7.17.23", "8.15.0"]


# ---------------------------------------------------------------------------
# 3. The property: plans from 6.8/7.17/8.18/8.19 to 8.x/9.x
# ---------------------------------------------------------------------------

STARTS = [
    "6.8.5",
    "6.8.23",
    "7.17.0",
    "7.17.5",
    "7.17.24",
    "7.17.29",
    "8.18.0",
    "8.18.2",
    "8.18.8",
    "8.19.0",
    "8.19.3",
    "8.19.14",
    "8.19.26",
]
TARGETS = [
    "8.1.0",
    "8.15.3",
    "8.17.0",
    "8.19.0",
    "8.19.14",
    "8.19.26",
    "9.0.0",
    "9.0.3",
    "9.0.8",
    "9.1.0",
    "9.1.5",
    "9.2.0",
    "9.3.4",
    "9.5.0",
]
ROLES = ["", "", "master", "data_hot, ingest", "data_warm", "data_cold", "data_frozen", "ml"]


def _reaches(start: str, target: str) -> bool:
    if V(start) >= V(target):
        return V(start) == V(target)
    try:
        hops(V(start), V(target))
    except NoUpgradePath:
        return False
    return True


@st.composite
def topologies(draw):
    """A valid topology whose every node version has a path to the target."""
    target = draw(st.sampled_from(TARGETS))
    pool = [s for s in STARTS if _reaches(s, target)]
    assume(pool)
    n = draw(st.integers(1, 5))
    names = [f"c{i}" for i in range(n)]
    lines = [f"target {target}"]
    versions: list[list[Version]] = []
    # One or two starting versions per topology: clusters on one version can
    # follow each other both ways (bi-directional groups).
    chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
    for name in names:
        start = draw(st.sampled_from(chosen))
        count = draw(st.integers(0, 3))
        nodes = []
        own = [V(start)]
        for k in range(count):
            attrs = [draw(st.sampled_from(ROLES))]
            # A node ahead of its cluster, on the same minor, reaching the target.
            ahead = [s for s in pool if V(s) > V(start) and V(s).minor == V(start).minor]
            if ahead and draw(st.booleans()):
                version = draw(st.sampled_from(ahead))
                attrs.append(f"version {version}")
                own.append(V(version))
            listed = ", ".join(a for a in attrs if a)
            nodes.append(f"{name}-n{k}" + (f" ({listed})" if listed else ""))
        declared = f" nodes {', '.join(nodes)}" if nodes else ""
        lines.append(f"cluster {name} version {start}{declared}")
        versions.append(own)
    # Relations that are valid at the start: the follower's lowest not below the
    # leader's highest, and every pair of node versions compatible.
    pairs = [
        (leader, follower)
        for leader in range(n)
        for follower in range(n)
        if leader != follower
        and min(versions[follower]) >= max(versions[leader])
        and all(compatibility(f, x).ok for f in versions[follower] for x in versions[leader])
    ]
    if pairs:
        for leader, follower in draw(
            st.lists(st.sampled_from(pairs), min_size=1, max_size=4, unique=True)
        ):
            kind = draw(st.sampled_from(["", ' index "i"', ' auto-follow "p"']))
            lines.append(f"{names[follower]} follows {names[leader]}{kind}")
    return "\n".join(lines) + "\n"


def _lint(text: str) -> list[str]:
    result = lint_bytes("plan.rbk", text.encode("utf-8"))
    return [f"{d.span.line}: {d.code} {d.message}" for d in result.diagnostics]


def _upgrades(items):
    """Every upgrade of a runbook's statements in file order, blocks flattened."""
    for item in items:
        if isinstance(item, (ast.Step, ast.Parallel)):
            yield from _upgrades(item.body)
        elif isinstance(item, ast.Upgrade):
            yield item


def _expected_stone(stone: Version, following: Version) -> Version | None:
    """The hop a plan must take on ``stone``'s minor before ``following``."""
    dates = release_dates()
    if dates.day(following) is None or not dates.dates_minor(stone.major, stone.minor):
        return latest_patch(stone.major, stone.minor)
    return dates.latest_by(stone.major, stone.minor, following)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(topologies(), st.booleans())
def test_plans_by_date_pass_check_and_keep_release_order(text, parallel):
    result, topology, title = make_plan("t.rbk", text, parallel=parallel)
    out = render(result, topology, title, "rbk")
    assert _lint(out) == [], out
    # Every hop: the latest patch of its minor out no later than the next hop.
    stages = [s.version for s in result.stages]
    for stone, following in itertools.pairwise(stages):
        assert stone == _expected_stone(stone, following), (stages, out)
    # No node ever moves to a release older than the one it runs.
    dates = release_dates()
    parsed = parse(out)
    assert parsed.runbook is not None and not parsed.problems
    running: dict[tuple[str, str | None], Version] = {}
    for cluster in topology.clusters:
        for i, start in enumerate(cluster.starts):
            node = cluster.nodes[i] if cluster.declares_nodes else None
            running[(cluster.name, node)] = start
    for upgrade in _upgrades(parsed.runbook.statements):
        new = V(upgrade.version.text)
        name = upgrade.cluster.text
        keys = [
            k
            for k in running
            if k[0] == name and (upgrade.node is None or k[1] == upgrade.node.text)
        ]
        for key in keys:
            was = running[key]
            if dates.day(was) is not None and dates.day(new) is not None:
                assert dates.day(was) <= dates.day(new), (key, was, new, out)
            running[key] = max(was, new)
    assert all(v == result.target for v in running.values()), out
    # The parallel form holds no two upgrades of one cluster in one block.
    for step in result.steps:
        for action in step.actions:
            if isinstance(action, Parallel):
                clusters = [u.cluster for u in action.upgrades if isinstance(u, Upgrade)]
                assert len(clusters) == len(set(clusters))
