"""A runbook's timeline (language.md, "Time") as a Mermaid ``gantt`` chart.

Used by the markdown report of ``check``.  Plain Python: the text is simple, and
the sanitising below is what keeps a runbook's strings from being read as
Mermaid syntax.  Times are seconds from the runbook's start, written with
``dateFormat X`` (Unix seconds), so no calendar date is invented.

Safety: a gantt task's label is unquoted and ends at ``:``; a section title
runs to the end of its line; ``#`` and ``%%`` start comments and ``;`` may end
a statement.  Every text from a runbook (cluster names, versions, relation
qualifiers) goes through ``_text``, which keeps letters, digits and ``_.-``,
and spaces, and turns anything else into ``_``.  Task IDs are generated
(``t0``, ``t1``, ...).  Wait reasons are not shown: free text has no place in
a label this restricted.

Output shape::

    gantt
        dateFormat X
        axisFormat %H:%M
        section a
        upgrade a to 8.15.1 : t0, 0, 7200
        section waits
        wait 10m : t1, 7200, 7800
        section following paused
        b follows a : crit, t2, 0, 7800
"""

from __future__ import annotations

import re

from runbook_lint.check.clock import Timeline, format_duration
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from runbook_lint.model.topology import Topology

__all__ = ["gantt"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_.\- ]")
INDENT = "    "


def _text(value: str) -> str:
    """A runbook's text as it may stand in a task label or a section title."""
    return _UNSAFE.sub("_", value).strip() or "_"


def _label(action: ast.Action) -> str:
    if isinstance(action, ast.Upgrade):
        node = f" node {action.node.text}" if action.node is not None else ""
        return _text(f"upgrade {action.cluster.text}{node} to {action.version.text}")
    if isinstance(action, ast.Wait):
        return _text(f"wait {action.duration.text}")
    return _text(type(action).__name__.lower())


def gantt(timeline: Timeline, topology: Topology) -> str | None:
    """The chart, or None when the timeline is not fully known or holds no bar."""
    if not timeline.known:
        return None
    sections: dict[str, list[str]] = {}
    count = 0
    for action, cluster, start, duration in timeline.bars:
        if (
            start is None
            or duration is None
            or (cluster is None and not isinstance(action, ast.Wait))
        ):
            continue
        section = f"cluster {cluster}" if cluster is not None else "waits"
        sections.setdefault(section, []).append(
            f"{_label(action)} : t{count}, {start}, {start + duration}"
        )
        count += 1
    windows = []
    for window in timeline.windows:
        if window.length is None:
            continue
        tags = "crit, " if window.length > timeline.lease else ""
        described = _text(topology.relations[window.relation].describe())
        windows.append(
            f"{described} paused {format_duration(window.length)} : {tags}t{count}, "
            f"{window.start}, {window.start + window.length}"
        )
        count += 1
    if not count:
        return None
    lines = ["gantt", f"{INDENT}dateFormat X", f"{INDENT}axisFormat %H:%M"]
    for section, tasks in sections.items():
        lines.append(f"{INDENT}section {_text(section)}")
        lines.extend(INDENT + task for task in tasks)
    if windows:
        lines.append(f"{INDENT}section following paused")
        lines.extend(INDENT + task for task in windows)
    return "\n".join(lines) + "\n"
