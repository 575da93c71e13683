"""Elasticsearch versions: their order, CCR compatibility and upgrade paths.

Two halves, on purpose:

* ``Version`` (``version.py``, re-exported here) is pure syntax and ordering
  (semantic-versioning precedence). It needs no data, and it is fast, because
  the checker compares versions millions of times.
* ``compatibility``, ``upgrade_path``, ``hops`` and ``latest_patch`` judge
  versions against Elastic's rules. The rules are *data*, kept in
  ``runbook_lint/model/data/versions.json`` with their sources, so that a new
  Elasticsearch release is a data change (spec: rules.md, "Version knowledge").
  The file is read lazily, once, with ``json`` (not YAML: importing yaml would
  slow down every start of the checker), on the first call that needs it.

What the code adds to the data, and why:

* Within one major, every follower not older than its leader is compatible and
  every higher version is a supported upgrade (rules.md says so for every major,
  described by the data or not).
* A minor later than a major's last minor (7.18, 8.20: never released) is judged
  like the last minor. Without that, such a version would be judged *worse* than
  the release before it, and the checker's parallel-block reasoning relies on
  compatibility being monotonic (see ``compatibility``).
* Pairs across majors that the data does not describe (9.x and 10.x) are not
  compatible / not supported, and the reason says that the data file is what
  needs updating.
* Release order (``release_dates.py``): a move to a version released before the
  running one is not supported, and each hop is the latest patch of its minor
  released no later than the next hop. A pair the data does not date is not
  judged by date.

Over ~300 lines on purpose: every rule of rules.md's "Version knowledge" that
judges a pair (compatibility, upgrade paths, hops) is here, beside the data
loading it relies on, so one reading shows how a verdict and its message come
about; the version syntax and the release dates have modules of their own.
"""

from __future__ import annotations

import functools
import re

from runbook_lint.model.release_dates import ReleaseDates
from runbook_lint.model.version import Version as Version  # re-exported: the model's API
from runbook_lint.records import record

TYPE_CHECKING = False  # as in records.py: typing is not imported at run time
if TYPE_CHECKING:
    from typing import Any  # the values of parsed JSON

__all__ = [
    "DATA_FILE",
    "NoUpgradePath",
    "PathVerdict",
    "Verdict",
    "Version",
    "compatibility",
    "data_updated",
    "hops",
    "latest_patch",
    "release_date",
    "release_dates",
    "upgrade_path",
]

_MAJOR_MINOR_RE = re.compile(r"[0-9]+\.[0-9]+")  # the data file's minor keys, "8.19"

# How messages name the data file: the fix for "the data does not cover it".
DATA_FILE = "runbook_lint/model/data/versions.json"

# ---------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------


@record
class Verdict:
    """Whether a follower/leader pair is compatible; ``reason`` says why not."""

    ok: bool
    reason: str = ""

    # A dataclass is always truthy; `if compatibility(f, l):` would then be a
    # silent bug. Make truthiness mean what it reads as.
    def __bool__(self) -> bool:
        return self.ok


@record
class PathVerdict:
    """Whether an upgrade is a supported path; if not, why, and the first
    version to go through (None when there is no supported way)."""

    ok: bool
    reason: str = ""
    via: Version | None = None
    # Out of release order: the earliest release to aim for instead (RL303's help).
    instead: Version | None = None

    def __bool__(self) -> bool:
        return self.ok


class NoUpgradePath(Exception):
    """No supported sequence of upgrades leads from one version to another."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_OK = Verdict(True)
_PATH_OK = PathVerdict(True)

# ---------------------------------------------------------------------------
# The data file
# ---------------------------------------------------------------------------

MajorMinor = tuple[int, int]


@record
class _Path:
    """A supported move into the next major: from MAJOR.MINOR to some minors."""

    from_: MajorMinor
    to_major: int
    min_minor: int
    max_minor: int | None
    note: str | None

    def covers(self, v: Version) -> bool:
        # Versions compare whole, pre-release included (rules.md, "What counts
        # when"): 9.1.0-rc1 is before 9.1.0, so not "9.1.0 or later". A path
        # into a whole major (min_minor 0) takes that major's pre-releases too.
        return (
            v.major == self.to_major
            and (self.min_minor == 0 or v >= Version(self.to_major, self.min_minor, 0))
            and (self.max_minor is None or v.minor <= self.max_minor)
        )

    def describe(self) -> str:
        if self.max_minor is None:
            if self.min_minor == 0:
                return f"{self.to_major}.x"
            return f"{self.to_major}.{self.min_minor}.0 or later"
        if self.max_minor == self.min_minor:
            return f"{self.to_major}.{self.min_minor}.x"
        return f"{self.to_major}.{self.min_minor}.x to {self.to_major}.{self.max_minor}.x"


@record
class _Data:
    updated: str
    sources: tuple[dict[str, Any], ...]
    buckets: tuple[tuple[str, MajorMinor, MajorMinor], ...]
    allowed: dict[str, frozenset[str]]
    beyond_from: MajorMinor
    last_minor: dict[int, int]
    paths: tuple[_Path, ...]
    latest: dict[MajorMinor, Version]
    dates: ReleaseDates  # release_dates: the release-order clause and the hops
    # The follower bucket whose column the data splits off Elastic's table, and
    # the rule in words (rows.split): its refusals say why, not just "matrix".
    split_bucket: str | None = None
    split_rule: str = ""


def _major_minor(text: object) -> MajorMinor:
    if not isinstance(text, str) or not _MAJOR_MINOR_RE.fullmatch(text):
        raise ValueError(f"expected MAJOR.MINOR, got {text!r}")
    major, minor = text.split(".")
    return int(major), int(minor)


def _read_data_text() -> str:
    # A path beside this module: the package is always installed unpacked, and
    # importlib.resources would cost more start-up time (pathlib, zipfile) than
    # the whole check of a small runbook.
    import os

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "versions.json")
    with open(path, encoding="utf-8") as stream:
        return stream.read()


@functools.lru_cache(maxsize=1)
def _data() -> _Data:
    import json  # here, like resources: only runs that judge versions pay for it

    try:
        return _build(json.loads(_read_data_text()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # A hand-edited data file is the likely cause: name it.
        raise RuntimeError(f"{DATA_FILE} is malformed: {exc!r}") from exc


def _build(raw: dict[str, Any]) -> _Data:
    compat = raw["ccr_compatibility"]
    buckets = tuple(
        (b["name"], _major_minor(b["from"]), _major_minor(b["to"])) for b in compat["buckets"]
    )
    names = {name for name, _, _ in buckets}
    allowed: dict[str, frozenset[str]] = {}
    for leader, followers in compat["allowed"].items():
        unknown = {leader, *followers} - names
        if unknown:
            raise ValueError(f"unknown compatibility buckets {sorted(unknown)}")
        allowed[leader] = frozenset(followers)
    last_minor = {int(k): int(v) for k, v in raw["last_minor"].items() if k != "comment"}
    paths = []
    for p in raw["upgrade_paths"]["paths"]:
        path = _Path(
            _major_minor(p["from"]),
            int(p["to_major"]),
            int(p["min_minor"]),
            None if p["max_minor"] is None else int(p["max_minor"]),
            p.get("note"),
        )
        if path.to_major != path.from_[0] + 1:
            raise ValueError(f"upgrade path {p!r} does not go to the next major")
        paths.append(path)
    latest = {
        _major_minor(k): Version.parse(v) for k, v in raw["latest_patch"].items() if k != "comment"
    }
    for mm, v in latest.items():
        if (v.major, v.minor) != mm:
            raise ValueError(f"latest_patch {mm}: {v} is not on that minor")
    return _Data(
        updated=str(raw["updated"]),
        sources=tuple(raw["sources"]),
        buckets=buckets,
        allowed=allowed,
        beyond_from=_major_minor(compat["beyond_table"]["follower_from"]),
        last_minor=last_minor,
        paths=tuple(paths),
        latest=latest,
        dates=ReleaseDates(raw.get("release_dates", {}), Version),
        split_bucket=compat.get("rows", {}).get("split", {}).get("followers"),
        split_rule=str(compat.get("rows", {}).get("split", {}).get("rule", "")),
    )


def release_date(v: Version) -> str | None:
    """The date of ``v``'s release train (``YYYY-MM-DD``), if the version data dates it."""
    return _data().dates.date(v)


def release_dates() -> ReleaseDates:
    """The version data's release dates, parsed (the planner's tests ask them)."""
    return _data().dates


def data_updated() -> str:
    """The version data's ``updated`` date (shown by ``--version``)."""
    return _data().updated


def latest_patch(major: int, minor: int) -> Version | None:
    """The latest known patch release of ``major.minor``, if the data has it."""
    return _data().latest.get((major, minor))


def _clamped(major: int, minor: int) -> MajorMinor:
    # A minor past its major's last minor was never released; judge it like the
    # last minor (see the module docstring: this keeps compatibility monotonic).
    last = _data().last_minor.get(major)
    if last is not None and minor > last:
        return major, last
    return major, minor


def _bucket(mm: MajorMinor) -> str | None:
    for name, lo, hi in _data().buckets:
        if lo <= mm <= hi:
            return name
    return None


# ---------------------------------------------------------------------------
# Compatibility
# ---------------------------------------------------------------------------

# Outcomes of a cross-major pair, cached per (major, minor) pair: the checker
# asks about the same few pairs again and again.
_YES, _MATRIX, _BEYOND, _NOT_COVERED = "yes", "matrix", "beyond", "not-covered"


@functools.lru_cache(maxsize=1024)
def _cross_major(follower: MajorMinor, leader: MajorMinor) -> str:
    data = _data()
    fc, lc = _clamped(*follower), _clamped(*leader)
    fb, lb = _bucket(fc), _bucket(lc)
    if fb is not None and lb is not None:
        return _YES if fb in data.allowed.get(lb, ()) else _MATRIX
    if fc >= data.beyond_from:
        # Beyond the table: the previous major only on its last minor.
        if lc[0] == fc[0] - 1:
            last = data.last_minor.get(lc[0])
            if last is None:
                return _NOT_COVERED
            return _YES if lc[1] >= last else _BEYOND
        return _BEYOND
    return _NOT_COVERED


def _a(v: Version | int) -> str:
    """The article for a version: "an 8.19.0", "an 11.0.0", "a 9.1.0"."""
    major = v if isinstance(v, int) else v.major
    return "an" if str(major).startswith("8") or major in (11, 18) else "a"


def compatibility(follower: Version, leader: Version) -> Verdict:
    """Can a follower on ``follower`` follow a leader on ``leader``?

    Yes when the follower is not older than the leader and the pair is allowed:
    within one major always; across majors by the CCR compatibility matrix, or,
    for a follower beyond the table (9.1 or later), when the leader is on the
    previous major's last minor.

    The checker relies on this property: for a fixed leader L, the followers
    F >= L that are allowed form an interval [L, hi(L)], and hi(L) does not
    decrease as L increases. (tests/test_versions.py checks it on a grid.)
    """
    if follower < leader:
        return Verdict(
            False, f"{_a(follower)} {follower} follower is older than its {leader} leader"
        )
    if follower.major == leader.major:
        return _OK
    outcome = _cross_major((follower.major, follower.minor), (leader.major, leader.minor))
    if outcome == _YES:
        return _OK
    pair = f"{_a(follower)} {follower} follower cannot follow {_a(leader)} {leader} leader"
    if outcome == _MATRIX:
        data = _data()
        if (
            data.split_bucket is not None
            and _bucket(_clamped(follower.major, follower.minor)) == data.split_bucket
        ):
            return Verdict(False, f"{pair} (CCR compatibility: {data.split_rule})")
        return Verdict(False, f"{pair} (CCR compatibility matrix)")
    if outcome == _BEYOND:
        data = _data()
        bf = f"{data.beyond_from[0]}.{data.beyond_from[1]}"
        prev = follower.major - 1
        last = data.last_minor.get(prev)
        where = f"{prev}.{last}" if last is not None else "the previous major's last minor"
        return Verdict(
            False,
            f"{pair} (CCR compatibility: a follower on {bf} or later can follow a leader "
            f"on its own major or on {where} only)",
        )
    return Verdict(
        False,
        f"the version data does not cover {_a(follower)} {follower} follower with "
        f"{_a(leader)} {leader} leader (update {DATA_FILE})",
    )


# ---------------------------------------------------------------------------
# Upgrade paths
# ---------------------------------------------------------------------------


def _stepping_stone(path: _Path, before: Version) -> Version | None:
    """The version to go through on ``path`` on the way to ``before``: the latest
    patch of the path's minor released no later than ``before`` (a hop never
    comes out after the next one: the release-order clause). When ``before`` or
    the whole minor is undated, the latest known patch (or the minor's .0, still
    a real release). None when no dated patch of the minor came out by then."""
    major, minor = path.from_
    dates = _data().dates
    if dates.day(before) is None or not dates.dates_minor(major, minor):
        # Not judged by date: either end undated (6.8.x, say, is not dated).
        return latest_patch(major, minor) or Version(major, minor, 0)
    return dates.latest_by(major, minor, before)


def _out_of_order(current: Version, new: Version) -> PathVerdict | None:
    """The refusal of ``new`` for being out of release order after ``current``
    (with the release to aim for instead), or None."""
    dates = _data().dates
    late = dates.out_of_order(current, new)
    if late is None:
        return None
    reason = f"{current} cannot be upgraded to {new}: {late}"
    return PathVerdict(False, reason, instead=dates.instead(current, new))


def _not_covered(from_major: int, to_major: int) -> str:
    return (
        f"the version data does not cover upgrades from {from_major}.x to {to_major}.x "
        f"(update {DATA_FILE})"
    )


def _next_major(current: Version, new: Version) -> tuple[bool, Version | None, str]:
    """Judge ``current`` -> ``new`` where ``new`` is on the next major.

    Returns (supported, via, reason): via is the version to go through first
    when the move is not supported but a stop within current's major fixes it.
    """
    paths = [p for p in _data().paths if p.from_[0] == current.major]
    if not paths:
        return False, None, _not_covered(current.major, new.major)
    here = _clamped(current.major, current.minor)
    if any(p.from_ == here and p.covers(new) for p in paths):
        return True, None, ""
    # A later minor of current's major that leads to new: go through it first.
    later = sorted((p for p in paths if p.from_ > here and p.covers(new)), key=lambda p: p.from_)
    if later:
        via = _stepping_stone(later[0], new)
        stone = f"{later[0].from_[0]}.{later[0].from_[1]}"
        if via is None or via <= current or _out_of_order(current, via) is not None:
            return (
                False,
                None,
                (
                    f"{current} cannot be upgraded to {new}: an upgrade to "
                    f"{later[0].describe()} is supported only from {stone}, and no {stone} "
                    f"release came out both after {current} and no later than {new}"
                ),
            )
        return (
            False,
            via,
            (
                f"{current} cannot be upgraded directly to {new}: an upgrade to "
                f"{later[0].describe()} is supported only from {later[0].from_[0]}."
                f"{later[0].from_[1]}; go through {via} first"
            ),
        )
    # No way forward from here (8.19 -> 9.0): say where this minor can go.
    own = [p for p in paths if p.from_ == here]
    if own:
        p = own[0]
        why = f" ({p.note})" if p.note else ""
        return (
            False,
            None,
            (
                f"{current} cannot be upgraded to {new}: {here[0]}.{here[1]} upgrades only to "
                f"{p.describe()}{why}, and no supported path leads to {new}"
            ),
        )
    return False, None, f"{current} cannot be upgraded to {new}: no supported upgrade path"


def _judge_next_major(current: Version, new: Version) -> PathVerdict:
    """``current`` -> ``new`` on the next major: the path clauses, then release order.

    A move that the paths refuse outright (8.19 -> 9.0.x) gets that reason, not
    the dates': no release of the target's minor would do. One they allow, or
    allow through a stop (``via``), must also be in release order."""
    ok, via, reason = _next_major(current, new)
    if not ok and via is None:
        return PathVerdict(False, reason)
    late = _out_of_order(current, new)
    if late is not None:
        return late
    return _PATH_OK if ok else PathVerdict(False, reason, via)


def _route(current: Version, target: Version) -> list[Version]:
    """The versions to pass through from ``current`` to ``target`` (current < target),
    ending with target, using the data's stepping stones, each released no later
    than the next one. Raises NoUpgradePath."""
    if target.major == current.major + 1:
        verdict = _judge_next_major(current, target)
        if verdict.ok:
            return [target]
        if verdict.via is not None:
            return [verdict.via, target]
        raise NoUpgradePath(verdict.reason)
    # Same major, or a jump: no stop can repair a target released before the
    # running version (the stop would have to come out both after and before).
    late = _out_of_order(current, target)
    if late is not None:
        raise NoUpgradePath(late.reason)
    if target.major == current.major:
        return [target]
    # Two or more majors: find the versions on the major before the target's
    # that go straight to the target, and route to one of them first.
    gateways = [
        stone
        for p in sorted(_data().paths, key=lambda p: p.from_)
        if p.to_major == target.major and p.covers(target)
        for stone in (_stepping_stone(p, target),)
        if stone is not None
    ]
    if not gateways:
        raise NoUpgradePath(_not_covered(target.major - 1, target.major))
    error: NoUpgradePath | None = None
    for gateway in gateways:
        try:
            return [*_route(current, gateway), target]
        except NoUpgradePath as exc:
            error = error or exc
    assert error is not None
    raise error


def _prerelease_start(current: Version) -> str:
    return (
        f"{current} is a pre-release: upgrading from a pre-release build is not supported "
        '(Elastic: "upgrading from a release candidate build, such as 9.0.0-rc1, is unsupported")'
    )


# A runbook upgrades many nodes between the same few versions: each pair is
# judged once (the verdict depends only on the pair and the data, read once).
@functools.lru_cache(maxsize=4096)
def upgrade_path(current: Version, new: Version) -> PathVerdict:
    """Is moving a node from ``current`` to the higher ``new`` a supported upgrade?

    Same major: always. Next major: only from the minors the data lists (the
    last minor; into 9.x, 8.18 to 9.0.x only and 8.19 to 9.1.0 or later). Two or
    more majors: never. And never to a version released before ``current``
    where the data dates both (``release_dates.py``). When not supported,
    ``via`` is the first version to go through, or None when no supported path
    exists at all.

    A lower ``new`` is a downgrade (another rule): ok=False, reason "downgrade".
    """
    if new < current:
        return PathVerdict(False, "downgrade")
    if new == current:
        return _PATH_OK
    if current.pre is not None:
        # Elastic: "upgrading from a release candidate build, such as
        # 9.0.0-rc1, is unsupported". Moving *to* a pre-release is judged below.
        return PathVerdict(False, _prerelease_start(current))
    if new.major == current.major + 1:
        return _judge_next_major(current, new)
    # Same major, or a jump: release order first (see _route).
    late = _out_of_order(current, new)
    if late is not None:
        return late
    if new.major == current.major:
        return _PATH_OK
    jump = (
        f"{current} cannot be upgraded directly to {new}: a jump of two or more majors "
        "is not supported"
    )
    try:
        first = _route(current, new)[0]
    except NoUpgradePath as exc:
        return PathVerdict(False, f"{jump}, and {exc.reason}")
    return PathVerdict(False, f"{jump}; go through {first} first", first)


def hops(current: Version, target: Version, via: list[Version] | None = None) -> list[Version]:
    """The versions to upgrade through from ``current`` to ``target``, ending with
    ``target`` (empty when they are equal); each step is a supported upgrade path.

    ``via`` holds versions the user wants to pass through (``plan --via``). The
    same list serves every cluster, so a via that is not strictly between
    ``current`` and ``target`` does not apply to this one and is skipped; those
    that apply are used in the order given, and the data's stepping stones fill
    any gap around them. NoUpgradePath when no supported path exists.
    """
    if target == current:
        return []
    if target < current:
        raise NoUpgradePath(f"{target} is lower than {current}: a downgrade is not an upgrade path")
    if current.pre is not None:
        raise NoUpgradePath(_prerelease_start(current))
    stops: list[Version] = []
    for v in via or ():
        if not current < v < target:
            continue  # meant for a cluster on other versions
        if stops and v <= stops[-1]:
            if v == stops[-1]:
                continue
            raise NoUpgradePath(f"--via {v} comes after {stops[-1]} but is lower than it")
        stops.append(v)
    result: list[Version] = []
    here = current
    for stop in [*stops, target]:
        try:
            result.extend(_route(here, stop))
        except NoUpgradePath as exc:
            if stop is target:
                raise
            raise NoUpgradePath(f"going through {stop}: {exc.reason}") from None
        here = stop
    return result
