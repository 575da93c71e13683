"""Release dates: when each Elasticsearch version came out, and the release-order clause.

Elastic: "You can upgrade to a higher version if the target version was released
after your current version. Upgrades to versions released before your current
version are not supported, even if the version number is higher" (spec
rules.md, "Upgrade paths"). The dates are data (``versions.json``'s
``release_dates``: patch trains, several versions on one day); ``versions.py``
reads the file and builds a ``ReleaseDates`` from that section, and this module
answers the questions asked of it: is a move in release order, which patch of a
minor came out no later than a given version (the planner's hops), which is the
earliest one that came out no earlier.

Dates compare as *days* ``(YYYY-MM-DD, 0)``: ISO text sorts as dates do, and
releases of one day are in order. One fact is not a date: Elastic's upgrade
page says 9.1.0 came out before 9.0.4 although 9.0.4's tag is a week older
(``released_after`` in the data, with that evidence). Such a version's day is
``(the other version's date, 1)``: after that version, before the next day's
releases. A version the data does not date is not judged by this clause.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # as in records.py: typing is not imported at run time
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any  # the values of parsed JSON

    from runbook_lint.model.version import Version

    Day = tuple[str, int]
    Key = tuple[int, int, int]
    MajorMinor = tuple[int, int]

__all__ = ["ReleaseDates"]

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_RELEASE_RE = re.compile(r"[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}")


def _key(text: object) -> Key:
    if not isinstance(text, str) or not _RELEASE_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a release version (MAJOR.MINOR.PATCH)")
    major, minor, patch = text.split(".")
    return int(major), int(minor), int(patch)


def _date(text: object, what: str) -> str:
    if not isinstance(text, str) or not _DATE_RE.fullmatch(text):
        raise ValueError(f"{what}: release date {text!r} is not YYYY-MM-DD")
    return text


class ReleaseDates:
    """The ``release_dates`` section of the version data, parsed.

    Keyed by ``(major, minor, patch)``: every dated version is a release (no
    pre-release part), and splitting the text is several times cheaper than
    parsing ~170 Versions on every run that judges one upgrade (start-up cost).
    """

    __slots__ = ("_day", "_date", "_after", "_minors", "_make")

    def __init__(self, raw: dict[str, Any], make: Callable[[int, int, int], Version]) -> None:
        self._make = make  # builds the Versions this hands out (versions.Version)
        self._day: dict[Key, Day] = {}
        self._date: dict[Key, str] = {}  # the train's date, as the data gives it
        self._after: dict[Key, Key] = {}  # released_after: came out after this one
        for train in raw.get("trains", ()):
            date = _date(train["date"], "train")
            for text in train["versions"]:
                key = _key(text)
                if key in self._date:
                    raise ValueError(f"{text} is dated twice")
                self._date[key] = date
                self._day[key] = (date, 0)
        for text, fact in raw.get("released_after", {}).items():
            if text == "comment":
                continue
            key, earlier = _key(text), _key(fact["after"])
            if key not in self._date or earlier not in self._date or earlier in self._after:
                raise ValueError(
                    f"released_after {text}: both it and {fact['after']} need a train date"
                )
            self._after[key] = earlier
            self._day[key] = (self._date[earlier], 1)
        minors: dict[MajorMinor, list[int]] = {}
        for major, minor, patch in sorted(self._day):
            minors.setdefault((major, minor), []).append(patch)
        self._minors = {mm: tuple(ps) for mm, ps in minors.items()}

    def date(self, v: Version) -> str | None:
        """The date of ``v``'s release train (``YYYY-MM-DD``), if the data dates it."""
        return None if v.pre is not None else self._date.get((v.major, v.minor, v.patch))

    def dated(self) -> tuple[Version, ...]:
        """Every dated version, in version order."""
        return tuple(self._make(*mm, p) for mm, ps in self._minors.items() for p in ps)

    def dates_minor(self, major: int, minor: int) -> bool:
        """Whether any release of ``major.minor`` is dated."""
        return (major, minor) in self._minors

    def day(self, v: Version) -> Day | None:
        """The sort key of ``v``'s release (see the module docstring), if dated."""
        return None if v.pre is not None else self._day.get((v.major, v.minor, v.patch))

    def describe(self, v: Version) -> str:
        """When ``v`` came out, in words for a message (``v`` is dated)."""
        key = (v.major, v.minor, v.patch)
        earlier = self._after.get(key)
        if earlier is None:
            return f"released {self._date[key]}"
        after = ".".join(map(str, earlier))
        return f"tagged {self._date[key]}, released after {after} by Elastic's upgrade page"

    def latest_by(self, major: int, minor: int, limit: Version) -> Version | None:
        """The highest dated release of ``major.minor`` out no later than ``limit``
        (the latest patch a hop before ``limit`` may use); None when ``limit`` is
        undated or no such release is dated."""
        day = self.day(limit)
        if day is None:
            return None
        found = [
            p for p in self._minors.get((major, minor), ()) if self._day[(major, minor, p)] <= day
        ]
        return self._make(major, minor, max(found)) if found else None

    def earliest_since(self, major: int, minor: int, since: Version) -> Version | None:
        """The lowest dated release of ``major.minor`` out no earlier than ``since``
        (``since`` is dated)."""
        day = self.day(since)
        assert day is not None
        found = [
            p for p in self._minors.get((major, minor), ()) if self._day[(major, minor, p)] >= day
        ]
        return self._make(major, minor, min(found)) if found else None

    def instead(self, current: Version, new: Version) -> Version | None:
        """The release to aim for instead of ``new``, released before ``current``
        (both dated): the earliest of ``new``'s minor out no earlier than
        ``current``, else the earliest such release of a later minor of its major."""
        for mm in sorted(
            mm for mm in self._minors if mm[0] == new.major and mm >= (new.major, new.minor)
        ):
            found = self.earliest_since(*mm, current)
            if found is not None:
                return found
        return None

    def out_of_order(self, current: Version, new: Version) -> str | None:
        """Why moving from ``current`` to ``new`` breaks release order: ``new`` came
        out before ``current``. None when it did not, or when either is undated."""
        was, now = self.day(current), self.day(new)
        if was is None or now is None or now >= was:
            return None
        reason = (
            f"{new} ({self.describe(new)}) came out before {current} "
            f"({self.describe(current)}), and an upgrade to a version released "
            "before the running one is not supported"
        )
        instead = self.instead(current, new)
        if instead is None:
            return (
                f"{reason}; no {new.major}.{new.minor} or later {new.major}.x release that the "
                f"version data dates came out after {current}"
            )
        if (instead.major, instead.minor) == (new.major, new.minor):
            return (
                f"{reason}; {instead} ({self.describe(instead)}) is the earliest "
                f"{new.major}.{new.minor} release in order"
            )
        return (
            f"{reason}; no {new.major}.{new.minor} release is in order, and {instead} "
            f"({self.describe(instead)}) is the earliest later one"
        )
