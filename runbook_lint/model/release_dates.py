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

    from runbook_lint.model.versions import Version

    Day = tuple[str, int]
    MajorMinor = tuple[int, int]

__all__ = ["ReleaseDates"]

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(text: object, what: str) -> str:
    if not isinstance(text, str) or not _DATE_RE.fullmatch(text):
        raise ValueError(f"{what}: release date {text!r} is not YYYY-MM-DD")
    return text


class ReleaseDates:
    """The ``release_dates`` section of the version data, parsed."""

    __slots__ = ("_day", "_date", "_after", "_minors")

    def __init__(self, raw: dict[str, Any], parse: Callable[[str], Version]) -> None:
        self._day: dict[Version, Day] = {}
        self._date: dict[Version, str] = {}  # the train's date, as the data gives it
        self._after: dict[Version, Version] = {}  # released_after: v came out after this one
        for train in raw.get("trains", ()):
            date = _date(train["date"], "train")
            for text in train["versions"]:
                v = parse(text)
                if v in self._date:
                    raise ValueError(f"{v} is dated twice")
                self._date[v] = date
                self._day[v] = (date, 0)
        for text, fact in raw.get("released_after", {}).items():
            if text == "comment":
                continue
            v, earlier = parse(text), parse(fact["after"])
            if v not in self._date or earlier not in self._date or earlier in self._after:
                raise ValueError(f"released_after {v}: both {v} and {earlier} need a train date")
            self._after[v] = earlier
            self._day[v] = (self._date[earlier], 1)
        minors: dict[MajorMinor, list[Version]] = {}
        for v in sorted(self._day):
            minors.setdefault((v.major, v.minor), []).append(v)
        self._minors = {mm: tuple(vs) for mm, vs in minors.items()}

    def date(self, v: Version) -> str | None:
        """The date of ``v``'s release train (``YYYY-MM-DD``), if the data dates it."""
        return self._date.get(v)

    def dated(self) -> tuple[Version, ...]:
        """Every dated version, in version order."""
        return tuple(v for vs in self._minors.values() for v in vs)

    def dates_minor(self, major: int, minor: int) -> bool:
        """Whether any release of ``major.minor`` is dated."""
        return (major, minor) in self._minors

    def day(self, v: Version) -> Day | None:
        """The sort key of ``v``'s release (see the module docstring), if dated."""
        return self._day.get(v)

    def describe(self, v: Version) -> str:
        """When ``v`` came out, in words for a message (``v`` is dated)."""
        earlier = self._after.get(v)
        if earlier is None:
            return f"released {self._date[v]}"
        return f"tagged {self._date[v]}, released after {earlier} by Elastic's upgrade page"

    def latest_by(self, major: int, minor: int, limit: Version) -> Version | None:
        """The highest dated release of ``major.minor`` out no later than ``limit``
        (the latest patch a hop before ``limit`` may use); None when ``limit`` is
        undated or no such release is dated."""
        day = self._day.get(limit)
        if day is None:
            return None
        found = [v for v in self._minors.get((major, minor), ()) if self._day[v] <= day]
        return max(found) if found else None

    def earliest_since(self, major: int, minor: int, since: Version) -> Version | None:
        """The lowest dated release of ``major.minor`` out no earlier than ``since``."""
        day = self._day[since]
        found = [v for v in self._minors.get((major, minor), ()) if self._day[v] >= day]
        return min(found) if found else None

    def out_of_order(self, current: Version, new: Version) -> str | None:
        """Why moving from ``current`` to ``new`` breaks release order: ``new`` came
        out before ``current``. None when it did not, or when either is undated."""
        was, now = self._day.get(current), self._day.get(new)
        if was is None or now is None or now >= was:
            return None
        reason = (
            f"{new} ({self.describe(new)}) came out before {current} "
            f"({self.describe(current)}), and an upgrade to a version released "
            "before the running one is not supported"
        )
        instead = self.earliest_since(new.major, new.minor, current)
        if instead is not None:
            return (
                f"{reason}; {instead} ({self.describe(instead)}) is the earliest "
                f"{new.major}.{new.minor} release in order"
            )
        # No release of the target's minor came out late enough (yet): name the
        # first later minor of the same major that has one, if the data dates it.
        for mm in sorted(
            mm for mm in self._minors if mm[0] == new.major and mm > (new.major, new.minor)
        ):
            instead = self.earliest_since(*mm, current)
            if instead is not None:
                return (
                    f"{reason}; no {new.major}.{new.minor} release is in order, and {instead} "
                    f"({self.describe(instead)}) is the earliest later one"
                )
        return (
            f"{reason}; no {new.major}.{new.minor} or later {new.major}.x release that the "
            f"version data dates came out after {current}"
        )
