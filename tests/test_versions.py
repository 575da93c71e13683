"""Tests for runbook_lint.model.versions: ordering, the version data, compatibility,
upgrade paths and the planner's hops."""

from __future__ import annotations

import copy
import json
import pickle
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runbook_lint.model import versions
from runbook_lint.model.versions import (
    NoUpgradePath,
    PathVerdict,
    Verdict,
    Version,
    compatibility,
    hops,
    latest_patch,
    upgrade_path,
)

V = Version.parse
LATEST_8_19 = latest_patch(8, 19)


# ---------------------------------------------------------------------------
# Version: parsing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("8.15.1", (8, 15, 1, None)),
        ("9.0.0-rc1", (9, 0, 0, "rc1")),
        ("1.0.0-alpha.2", (1, 0, 0, "alpha.2")),
        ("1.0.0-beta.1.x", (1, 0, 0, "beta.1.x")),
        ("0.0.0", (0, 0, 0, None)),
        ("10.200.3000", (10, 200, 3000, None)),
        ("1.0.0-rc..1", (1, 0, 0, "rc..1")),
        ("1.0.0-.", (1, 0, 0, ".")),
    ],
)
def test_parse(text, parts):
    v = V(text)
    assert (v.major, v.minor, v.patch, v.pre) == parts
    assert str(v) == text
    assert repr(v) == f"Version({text!r})"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "8",
        "8.15",
        "8.15.1.2",
        "v8.15.1",
        "8.15.1-",
        "8.15.1-rc_1",
        "8.15.1+build",
        " 8.15.1",
        "8.15.1 ",
        "8.15.1\n",
        "8..1",
        "-1.0.0",
        "a.b.c",
        "8.1\u00b2.0",  # a non-ASCII digit
        "\uff18.0.0",  # a full-width digit
    ],
)
def test_parse_errors(text):
    with pytest.raises(ValueError):
        V(text)


def test_parse_error_for_short_version_names_a_full_version():
    with pytest.raises(ValueError, match=r"8\.15\.0"):
        V("8.15")


def test_parse_rejects_non_str():
    with pytest.raises(TypeError):
        V(8.15)  # type: ignore[arg-type]


def test_constructor():
    assert Version(9, 0, 0, "rc1") == V("9.0.0-rc1")
    assert str(Version(9, 0, 0, "rc1")) == "9.0.0-rc1"
    assert str(Version(8, 15, 1)) == "8.15.1"
    for bad in [(-1, 0, 0), (1, 0, 0, ""), (1, 0, 0, "rc 1"), (1.0, 0, 0), (True, 0, 0)]:
        with pytest.raises(ValueError):
            Version(*bad)


# ---------------------------------------------------------------------------
# Version: ordering, equality, immutability
# ---------------------------------------------------------------------------

# Each strictly lower than the next (the semver.org example, extended).
ORDERED = [
    "0.9.9",
    "1.0.0-0",
    "1.0.0-1",
    "1.0.0-2",
    "1.0.0-10",
    "1.0.0-A",
    "1.0.0-a",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0-rc1",
    "1.0.0",
    "1.0.1",
    "1.1.0",
    "2.0.0",
    "9.0.0-rc1",
    "9.0.0",
    "9.4.2",
    "9.4.3",
    "9.10.0",
    "10.0.0",
]


def test_total_order():
    vs = [V(t) for t in ORDERED]
    for i, a in enumerate(vs):
        for j, b in enumerate(vs):
            assert (a < b) == (i < j), (a, b)
            assert (a <= b) == (i <= j), (a, b)
            assert (a > b) == (i > j), (a, b)
            assert (a >= b) == (i >= j), (a, b)
            assert (a == b) == (i == j), (a, b)
            assert (a != b) == (i != j), (a, b)
            assert (a.key < b.key) == (i < j), (a, b)
    assert sorted(reversed(vs)) == vs
    assert sorted(reversed(vs), key=lambda v: v.key) == vs


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("9.4.2", "9.4.3"),
        ("9.9.9", "10.0.0"),
        ("9.0.0", "10.0.0"),
        ("8.9.0", "8.10.0"),
        ("9.0.0-rc1", "9.0.0"),
        ("9.0.0-rc1", "9.0.0-rc2"),
        ("9.0.0-rc10", "9.0.0-rc2"),  # alphanumeric: compared as ASCII text
        ("9.0.0-rc.2", "9.0.0-rc.10"),  # numeric: compared as numbers
        ("1.0.0-1", "1.0.0-alpha"),  # numeric before alphanumeric
        ("1.0.0-alpha", "1.0.0-alpha.1"),  # shorter prefix first
        ("1.0.0-alpha.1", "1.0.0-alpha.beta"),
        ("1.0.0-rc.1", "1.0.0-rc..1"),  # "" (alphanumeric) sorts after numeric 1
        ("1.0.0-rc", "1.0.0-rc..1"),
        ("8.19.26", "9.0.0-alpha.1"),
    ],
)
def test_pairs(low, high):
    assert V(low) < V(high)
    assert V(high) > V(low)
    assert V(low) != V(high)


def test_numeric_equality_ignores_leading_zeros():
    assert V("08.1.0") == V("8.1.0")
    assert hash(V("08.1.0")) == hash(V("8.1.0"))
    assert str(V("08.1.0")) == "08.1.0"
    assert V("1.0.0-rc.01") == V("1.0.0-rc.1")


def test_hash_and_sets():
    assert len({V("9.0.0"), V("9.0.0"), Version(9, 0, 0), V("9.0.0-rc1")}) == 2
    assert {V("8.15.1"): 1}[Version(8, 15, 1)] == 1


def test_comparison_with_other_types():
    assert V("9.0.0") != "9.0.0"
    assert V("9.0.0") != None  # noqa: E711
    with pytest.raises(TypeError):
        _ = V("9.0.0") < "9.0.0"
    with pytest.raises(TypeError):
        _ = V("9.0.0") >= 3


def test_immutable():
    v = V("9.0.0")
    with pytest.raises(AttributeError):
        v.major = 10  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del v.minor
    with pytest.raises(AttributeError):
        v.other = 1  # type: ignore[attr-defined]
    assert not hasattr(v, "__dict__")


def test_pickle_and_copy_keep_the_text():
    for v in (V("9.0.0-rc1"), V("08.1.0"), Version(1, 2, 3)):
        w = pickle.loads(pickle.dumps(v))
        assert w == v and str(w) == str(v)
        assert copy.copy(v) is v and copy.deepcopy(v) is v


_ident = st.one_of(
    st.integers(0, 30).map(str),
    st.sampled_from(["00", "01", "007"]),
    st.text("abcrAZ-", min_size=0, max_size=3).map(lambda s: s.replace("-", "x")),
)
_versions = st.builds(
    lambda a, b, c, pre: f"{a}.{b}.{c}" + (f"-{'.'.join(pre)}" if pre else ""),
    st.integers(0, 12),
    st.integers(0, 20),
    st.integers(0, 3),
    # "1.0.0-" is not a version: a pre-release needs at least one character
    st.one_of(st.none(), st.lists(_ident, min_size=1, max_size=3).filter(lambda p: p != [""])),
)


def _reference_cmp(a: str, b: str) -> int:
    """A plain, slow semver precedence comparison to check the keys against."""

    def split(t):
        core, _, pre = t.partition("-")
        return [int(x) for x in core.split(".")], (pre.split(".") if "-" in t else None)

    (ca, pa), (cb, pb) = split(a), split(b)
    if ca != cb:
        return -1 if ca < cb else 1
    if pa is None or pb is None:
        return 0 if pa == pb else (1 if pa is None else -1)
    for x, y in zip(pa, pb, strict=False):
        if x == y or (x.isdigit() and y.isdigit() and int(x) == int(y)):
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() != y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return (len(pa) > len(pb)) - (len(pa) < len(pb))


@given(_versions, _versions)
def test_order_matches_reference(a, b):
    va, vb = V(a), V(b)
    assert str(va) == a
    expected = _reference_cmp(a, b)
    assert (va < vb) == (expected < 0)
    assert (va == vb) == (expected == 0)
    assert (va > vb) == (expected > 0)


# ---------------------------------------------------------------------------
# The data file
# ---------------------------------------------------------------------------


def _raw_data() -> dict:
    text = (
        resources.files("runbook_lint.model")
        .joinpath("data")
        .joinpath("versions.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def test_data_names_its_sources_and_date():
    raw = _raw_data()
    assert raw["updated"]
    urls = " ".join(s["url"] for s in raw["sources"])
    assert "upgrading-clusters" in urls
    assert (
        "docs/deploy-manage/tools/cross-cluster-replication " in urls + " "
    )  # the current CCR page (issue 11), not 7.7's overview
    assert "upgrade" in urls
    assert "latest known" in raw["latest_patch"]["comment"]


# rules.md, "Follower/leader compatibility", transcribed: rows are leaders,
# columns followers, in this order.
# Elastic's table with its last column split (rules.md, "Follower/leader
# compatibility", issue 11): 8.x followers keep the 8.0-9.0 column, 9.0 followers
# accept 8.18.x/9.0.x leaders only.
BUCKETS = [
    "5.0-5.5", "5.6", "6.0-6.6", "6.7", "6.8", "7.0", "7.1-7.16", "7.17",
    "8.0-8.17", "8.18", "8.19", "9.0",
]  # fmt: skip
TABLE = """
5.0-5.5  Y Y . . . . . . . . . .
5.6      Y Y Y Y Y . . . . . . .
6.0-6.6  . Y Y Y Y . . . . . . .
6.7      . Y Y Y Y Y . . . . . .
6.8      . Y Y Y Y Y Y Y . . . .
7.0      . . . Y Y Y Y Y . . . .
7.1-7.16 . . . . Y Y Y Y . . . .
7.17     . . . . Y Y Y Y Y Y Y .
8.0-8.17 . . . . . . . Y Y Y Y .
8.18     . . . . . . . Y Y Y Y Y
8.19     . . . . . . . Y Y Y Y .
9.0      . . . . . . . . . Y . Y
"""


def test_data_matrix_is_the_spec_table():
    compat = _raw_data()["ccr_compatibility"]
    assert [b["name"] for b in compat["buckets"]] == BUCKETS
    rows = [line.split() for line in TABLE.strip().splitlines()]
    assert [r[0] for r in rows] == BUCKETS
    for leader, *cells in rows:
        expected = [f for f, c in zip(BUCKETS, cells, strict=True) if c == "Y"]
        assert compat["allowed"][leader] == expected, leader
    assert compat["beyond_table"]["follower_from"] == "9.1"


def test_data_last_minors_and_paths():
    raw = _raw_data()
    last = {k: v for k, v in raw["last_minor"].items() if k != "comment"}
    assert last == {"5": 6, "6": 8, "7": 17, "8": 19}
    paths = [
        (p["from"], p["to_major"], p["min_minor"], p["max_minor"])
        for p in raw["upgrade_paths"]["paths"]
    ]
    assert paths == [
        ("5.6", 6, 0, None),
        ("6.8", 7, 1, None),
        ("7.17", 8, 0, None),
        ("8.18", 9, 0, 0),
        ("8.19", 9, 1, None),
    ]
    # Every path's stepping stone has a latest known patch.
    for frm, *_ in paths:
        major, minor = map(int, frm.split("."))
        assert latest_patch(major, minor) is not None


def test_latest_patch():
    assert latest_patch(5, 6) == V("5.6.16")
    assert latest_patch(6, 8) == V("6.8.23")
    assert latest_patch(7, 17) == V("7.17.29")
    assert latest_patch(8, 18) == V("8.18.8")
    assert LATEST_8_19 is not None
    assert (LATEST_8_19.major, LATEST_8_19.minor) == (8, 19)
    assert LATEST_8_19 >= V("8.19.5") and LATEST_8_19.pre is None
    assert latest_patch(7, 10) is None
    assert latest_patch(42, 0) is None


def test_data_is_loaded_once():
    assert versions._data() is versions._data()


# ---------------------------------------------------------------------------
# Compatibility
# ---------------------------------------------------------------------------


def ok(follower: str, leader: str) -> bool:
    verdict = compatibility(V(follower), V(leader))
    assert isinstance(verdict, Verdict)
    assert bool(verdict) == verdict.ok
    assert (verdict.reason == "") == verdict.ok
    return verdict.ok


# One allowed (Y) and one refused (blank) follower for every leader row, with
# the follower not older than the leader wherever the row allows it.
@pytest.mark.parametrize(
    ("leader", "yes", "no"),
    [
        ("5.3.0", "5.6.2", "6.0.0"),  # 5.0-5.5
        ("5.6.4", "6.8.1", "7.0.0"),  # 5.6
        ("6.3.0", "6.8.0", "7.0.0"),  # 6.0-6.6
        ("6.7.1", "7.0.1", "7.1.0"),  # 6.7
        ("6.8.5", "7.17.3", "8.0.0"),  # 6.8
        ("7.0.1", "7.17.0", "8.0.0"),  # 7.0
        ("7.10.2", "7.16.3", "8.15.0"),  # 7.1-7.16
        ("7.17.3", "8.19.5", "9.0.5"),  # 7.17: 9.0 followers only from 8.18 (split column)
        ("8.12.0", "8.19.0", "9.0.0"),  # 8.0-8.17: likewise
        ("8.18.2", "9.0.0", "9.1.0"),  # 8.18: 9.0 yes, 9.1+ only from 8.19
        ("8.19.2", "9.1.0", "9.0.8"),  # 8.19: 9.1+ yes, 9.0 no
    ],
)
def test_matrix_rows(leader, yes, no):
    assert ok(yes, leader)
    assert not ok(no, leader)


@pytest.mark.parametrize(
    ("follower", "leader", "expected"),
    [
        # the Y cells across majors
        ("6.0.0", "5.6.0", True),
        ("6.6.2", "5.6.16", True),
        ("7.0.0", "6.7.0", True),
        ("7.0.1", "6.8.0", True),
        ("7.5.0", "6.8.0", True),
        ("7.17.0", "6.8.23", True),
        ("8.0.0", "7.17.0", True),
        ("8.19.3", "7.17.29", True),
        ("9.0.3", "8.18.2", True),
        # the split column: a 9.0 follower accepts 8.18.x and 9.0.x leaders only
        ("9.0.0", "7.17.29", False),
        ("9.0.3", "8.0.0", False),
        ("9.0.8", "8.15.1", False),
        ("9.0.3", "8.19.2", False),
        # the blanks across majors
        ("6.0.0", "5.5.0", False),
        ("7.0.0", "6.6.0", False),
        ("7.1.0", "6.7.2", False),
        ("8.0.0", "6.8.23", False),
        ("8.0.0", "7.16.3", False),
        ("8.5.0", "7.0.0", False),
        ("9.0.0", "7.16.0", False),
        # within one major: always, when not older
        ("5.6.0", "5.0.0", True),
        ("6.8.0", "6.0.0", True),
        ("7.17.0", "7.0.0", True),
        ("8.19.0", "8.0.0", True),
        ("9.4.3", "9.0.0", True),
        ("10.3.0", "10.0.0", True),
        ("4.9.0", "4.0.0", True),
        ("9.4.3", "9.4.3", True),
        ("9.0.0", "9.0.0-rc1", True),
    ],
)
def test_compatibility_cases(follower, leader, expected):
    assert ok(follower, leader) is expected


def test_older_follower():
    v = compatibility(V("9.4.1"), V("9.4.3"))
    assert not v.ok and "older" in v.reason
    assert "9.4.1" in v.reason and "9.4.3" in v.reason
    assert not ok("9.0.0-rc1", "9.0.0")
    assert not ok("7.17.29", "8.0.0")  # Y in the table, but older


def test_matrix_reason():
    v = compatibility(V("8.1.0"), V("7.16.3"))
    assert not v.ok
    assert v.reason == "an 8.1.0 follower cannot follow a 7.16.3 leader (CCR compatibility matrix)"


def test_beyond_the_table():
    assert ok("9.1.0", "8.19.0")
    assert ok("9.5.2", "8.19.26")
    assert ok("9.1.0", "9.0.0")
    assert ok("9.1.0-rc1", "8.19.0")
    v = compatibility(V("9.1.0"), V("8.18.2"))
    assert not v.ok and "8.19" in v.reason and "9.1.0" in v.reason and "8.18.2" in v.reason
    v = compatibility(V("9.1.0"), V("7.17.3"))
    assert not v.ok and v.reason.startswith("a 9.1.0 follower cannot follow a 7.17.3 leader")
    assert not ok("9.3.0", "8.0.0")
    assert not ok("10.0.0", "8.19.0")  # two majors older


def test_pairs_the_data_does_not_cover():
    v = compatibility(V("10.0.0"), V("9.5.0"))
    assert not v.ok
    assert "version data does not cover" in v.reason
    assert "runbook_lint/model/data/versions.json" in v.reason
    assert "10.0.0" in v.reason and "9.5.0" in v.reason
    assert not ok("5.0.0", "4.9.0")
    assert not ok("11.0.0", "10.0.0")


def test_never_released_minors_count_as_the_last_minor():
    # 7.18 and 8.20 were never released: judged like 7.17 and 8.19.
    assert ok("8.0.0", "7.18.0")
    assert ok("9.1.0", "8.20.0")
    assert ok("7.0.0", "6.9.0")


# The grid for the interval property: 4.x to 10.x, several minors and patches
# each, including minors never released and a pre-release.
GRID_MINORS = {
    4: [0, 9],
    5: [0, 4, 5, 6, 7],
    6: [0, 5, 6, 7, 8, 9],
    7: [0, 1, 9, 16, 17, 18],
    8: [0, 7, 17, 18, 19, 20],
    9: [0, 1, 2, 5],
    10: [0, 1, 3],
}
GRID = sorted(
    [Version(M, m, p) for M, ms in GRID_MINORS.items() for m in ms for p in (0, 2, 31)]
    + [V("9.1.0-rc1"), V("8.19.0-beta.1"), V("7.17.0-rc1"), V("10.0.0-alpha.1")]
)


def test_allowed_followers_form_a_monotonic_interval():
    # Holds everywhere but at one place the split column makes irregular: an
    # 8.19 leader refuses 9.0 followers and accepts 9.1+ ones (parallel.py's
    # worst-case search checks both ends of every pair because of it).
    def irregular(leader: Version, follower: Version) -> bool:
        return (leader.major, min(leader.minor, 19)) == (8, 19) and (
            follower.major,
            follower.minor,
        ) == (9, 0)

    previous_hi = None
    for i, leader in enumerate(GRID):
        candidates = [f for f in GRID[i:] if not irregular(leader, f)]  # every follower >= leader
        allowed = [compatibility(f, leader).ok for f in candidates]
        assert allowed[0], f"{leader} cannot follow itself"
        # [L, hi(L)]: once refused, never allowed again
        n = allowed.index(False) if False in allowed else len(allowed)
        assert not any(allowed[n:]), f"leader {leader}: allowed followers are not an interval"
        hi = candidates[n - 1]
        if previous_hi is not None:
            assert hi >= previous_hi, f"hi({leader}) = {hi} < {previous_hi}"
        previous_hi = hi


def test_interval_ends_where_expected():
    def hi(leader: str) -> Version:
        lv = V(leader)
        return max(f for f in GRID if f >= lv and compatibility(f, lv).ok)

    assert hi("5.4.0") == Version(5, 7, 31)
    assert hi("5.6.0") == Version(6, 9, 31)
    assert hi("6.7.0") == Version(7, 0, 31)
    assert hi("6.8.0") == Version(7, 18, 31)
    assert hi("7.17.0") == Version(8, 20, 31)
    assert hi("8.18.0") == Version(9, 0, 31)
    assert hi("8.19.0") == Version(9, 5, 31)
    assert hi("9.0.0") == Version(9, 5, 31)
    assert hi("10.0.0") == Version(10, 3, 31)


# ---------------------------------------------------------------------------
# Upgrade paths
# ---------------------------------------------------------------------------


def path(current: str, new: str) -> PathVerdict:
    verdict = upgrade_path(V(current), V(new))
    assert isinstance(verdict, PathVerdict)
    assert bool(verdict) == verdict.ok
    if verdict.ok:
        assert verdict.reason == "" and verdict.via is None
    else:
        assert verdict.reason
    return verdict


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("8.14.3", "8.15.1"),
        ("8.16.1", "8.17.0"),
        ("7.0.0", "7.17.29"),
        ("10.0.0", "10.4.0"),
        ("5.6.0", "6.0.0"),
        ("5.6.16", "6.8.23"),
        ("6.8.5", "7.1.0"),
        ("6.8.23", "7.17.29"),
        ("7.17.0", "8.0.0"),
        ("7.17.29", "8.19.26"),
        ("8.18.0", "9.0.0"),
        ("8.18.2", "9.0.3"),
        ("8.19.0", "9.1.0"),
        ("8.19.2", "9.4.1"),
        ("8.19.2", "9.1.1-rc1"),
    ],
)
def test_supported_paths(current, new):
    assert path(current, new).ok


@pytest.mark.parametrize(
    ("current", "new", "via"),
    [
        # The via is the latest patch of its minor released no later than the
        # target (release order, issue 11): 7.17.23 is the last 7.17 out before
        # 8.15.0, 8.19.0 the only 8.19 out by 9.1.0. 6.8.x and 5.6.x are not
        # dated: their latest patch.
        ("7.10.2", "8.15.0", "7.17.23"),
        ("7.16.3", "8.0.0", "7.17.0"),
        ("6.8.5", "8.1.0", "7.17.1"),  # two majors: 6.8 -> 7.17 first
        ("6.3.0", "7.1.0", "6.8.23"),
        ("5.1.0", "6.0.0", "5.6.16"),
        ("5.6.1", "7.1.0", "6.8.23"),
        ("7.10.2", "9.1.0", "7.17.29"),
        ("8.18.3", "9.1.0", "8.19.0"),
        ("8.17.1", "9.0.3", "8.18.3"),
        ("8.17.1", "9.1.0", "8.19.0"),
        ("8.17.1", "9.5.0", "8.19.latest"),  # 9.5.0 is not dated: the latest 8.19
    ],
)
def test_unsupported_paths_with_a_via(current, new, via):
    verdict = path(current, new)
    assert not verdict.ok
    expected = LATEST_8_19 if via == "8.19.latest" else V(via)
    assert verdict.via == expected
    assert str(expected) in verdict.reason
    assert current in verdict.reason and new in verdict.reason


def test_reason_names_the_rule():
    assert "7.17" in path("7.10.2", "8.15.0").reason
    assert "two or more majors" in path("6.8.5", "8.1.0").reason
    assert "8.18" in path("8.17.1", "9.0.3").reason
    assert "8.19" in path("8.17.1", "9.1.0").reason


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("6.8.23", "7.0.1"),  # "the upgrade path from 6.8 to 7.0 is not supported"
        ("9.0.0-rc1", "9.0.0"),  # "upgrading from a release candidate build ... is unsupported"
        ("9.1.0-beta.1", "9.2.0"),
        ("8.19.2", "9.1.0-rc1"),  # 9.1.0-rc1 is before 9.1.0: not "9.1.0 or later"
    ],
)
def test_unsupported_paths_of_issue_11(current, new):
    verdict = path(current, new)
    assert not verdict.ok and verdict.via is None
    assert current in verdict.reason


def test_8_19_cannot_go_to_9_0():
    verdict = path("8.19.2", "9.0.1")
    assert not verdict.ok
    assert verdict.via is None
    assert "9.0 was released before 8.19" in verdict.reason


def test_8_18_cannot_go_past_9_0():
    verdict = path("8.18.2", "9.1.0")
    assert not verdict.ok and verdict.via == V("8.19.0")  # the only 8.19 out by 9.1.0
    verdict = path("8.18.2", "9.4.1")  # undated: the latest known 8.19
    assert not verdict.ok and verdict.via == LATEST_8_19


def test_paths_the_data_does_not_cover():
    for current, new in [("9.1.0", "10.0.0"), ("9.5.2", "10.0.0"), ("4.9.0", "5.0.0")]:
        verdict = path(current, new)
        assert not verdict.ok and verdict.via is None
        assert "version data does not cover" in verdict.reason
        assert "runbook_lint/model/data/versions.json" in verdict.reason
    verdict = path("6.8.5", "10.0.0")
    assert not verdict.ok and verdict.via is None
    assert "does not cover" in verdict.reason


def test_equal_and_downgrade():
    assert path("8.15.1", "8.15.1").ok
    verdict = path("8.15.1", "8.14.3")
    assert not verdict.ok and verdict.reason == "downgrade" and verdict.via is None
    assert path("9.0.0", "8.19.0").reason == "downgrade"
    assert path("9.0.0", "9.0.0-rc1").reason == "downgrade"


def test_never_released_minors_upgrade_like_the_last_minor():
    assert path("7.18.0", "8.1.0").ok
    assert path("8.20.0", "9.2.0").ok


# ---------------------------------------------------------------------------
# Hops
# ---------------------------------------------------------------------------


def H(current: str, target: str, via: list[str] | None = None) -> list[Version]:
    result = hops(V(current), V(target), None if via is None else [V(v) for v in via])
    # Whatever hops returns is a chain of supported steps ending at the target.
    here = V(current)
    for step in result:
        assert here < step and upgrade_path(here, step).ok, (here, step)
        here = step
    assert not result or result[-1] == V(target)
    return result


def test_hops_from_data():
    # Each hop: the latest patch of its minor released no later than the next
    # hop (issue 11); undated minors (6.8, 5.6) and undated targets: the latest.
    assert H("7.10.2", "9.1.0") == [V("7.17.29"), V("8.19.0"), V("9.1.0")]
    assert H("7.10.2", "9.0.3") == [V("7.17.29"), V("8.18.3"), V("9.0.3")]
    assert H("8.16.1", "8.17.0") == [V("8.17.0")]
    assert H("8.15.1", "8.15.1") == []
    assert H("7.10.2", "8.15.0") == [V("7.17.23"), V("8.15.0")]
    assert H("6.8.5", "8.1.0") == [V("7.17.1"), V("8.1.0")]
    assert H("8.17.1", "9.1.0") == [V("8.19.0"), V("9.1.0")]
    assert H("8.17.1", "9.0.3") == [V("8.18.3"), V("9.0.3")]
    assert H("5.0.0", "9.2.0") == [V("5.6.16"), V("6.8.23"), V("7.17.29"), V("8.19.6"), V("9.2.0")]
    assert H("7.17.29", "8.19.0") == [V("8.19.0")]
    assert H("7.17.29", "9.5.0") == [LATEST_8_19, V("9.5.0")]


def test_hops_with_via():
    # 9.1.5: 8.19.3 came out after 9.1.0, so a via of 8.19.3 needs a later 9.1.
    assert H("7.10.2", "9.1.5", ["7.17.20", "8.19.3"]) == [V("7.17.20"), V("8.19.3"), V("9.1.5")]
    # only the vias that apply: the same --via list serves every cluster
    assert H("8.5.0", "9.1.5", ["7.17.20", "8.19.3"]) == [V("8.19.3"), V("9.1.5")]
    assert H("8.19.5", "9.1.5", ["7.17.20", "8.19.3"]) == [V("9.1.5")]
    assert H("8.5.0", "9.1.0", ["9.1.0", "9.2.0"]) == [V("8.19.0"), V("9.1.0")]
    # the data fills the gaps around a via, each stone released no later than it
    assert H("7.10.2", "9.1.5", ["8.19.3"]) == [V("7.17.29"), V("8.19.3"), V("9.1.5")]
    assert H("8.17.0", "9.1.0", ["9.0.2"]) == [V("8.18.2"), V("9.0.2"), V("9.1.0")]
    assert H("8.15.0", "9.2.0", ["9.0.1"]) == [V("8.18.1"), V("9.0.1"), V("9.2.0")]
    # a via in the middle of a major is a stop like any other (8.16.5 and 8.17.3
    # are one train)
    assert H("8.16.1", "8.17.3", ["8.16.5"]) == [V("8.16.5"), V("8.17.3")]
    assert H("8.16.1", "8.17.3", ["8.16.5", "8.16.5"]) == [V("8.16.5"), V("8.17.3")]


@pytest.mark.parametrize(
    ("current", "target", "via", "words"),
    [
        ("8.19.2", "9.0.1", None, "9.0 was released before 8.19"),
        ("9.1.0", "10.0.0", None, "does not cover"),
        ("6.8.5", "10.0.0", None, "does not cover"),
        ("8.17.1", "9.0.3", ["8.19.3"], "9.0 was released before 8.19"),
        # a via released after the target: out of release order
        ("8.16.1", "8.17.0", ["8.16.5"], "8.17.0 (released 2024-12-12) came out before 8.16.5"),
        ("8.18.2", "9.1.0", ["8.19.3"], "9.1.0 (released 2025-07-23) came out before 8.19.3"),
        ("7.10.2", "9.1.0", ["8.19.3", "7.17.20"], "lower"),
        ("8.15.1", "8.14.3", None, "downgrade"),
    ],
)
def test_no_upgrade_path(current, target, via, words):
    with pytest.raises(NoUpgradePath) as info:
        hops(V(current), V(target), None if via is None else [V(v) for v in via])
    assert words in info.value.reason
    assert str(info.value) == info.value.reason


def test_no_upgrade_path_is_an_exception():
    assert issubclass(NoUpgradePath, Exception)
