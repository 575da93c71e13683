"""The Markdown report within GitHub's 1 MiB limit for a job summary: what to keep.

``markdown.py`` renders every part on its own (the template's macros); this
module measures them in UTF-8 bytes, decides which to keep, and joins them:

1. when every file's diagnostics table and the list of clean files fit, they
   all go in, and then each file's topology, upgrade order and timeline in
   the files' order, while they fit;
2. else at most ``1/EXTRAS_SHARE`` of the room goes to topologies (in the
   files' order), and the rows take the rest by severity: errors first, then
   warnings, then infos, each in the report's order (as SARIF's result cap
   keeps them); clean files get what is left.

A notice at the top says what was left out; ``NOTICE_RESERVE`` bytes are kept
for it. Every size is counted from above, so the report never reaches
``LIMIT`` bytes.
"""

from __future__ import annotations

from runbook_lint.records import field, record
from runbook_lint.templating import Escaped

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable

    from runbook_lint.diagnostics import Diagnostic
    from runbook_lint.lint.linter import FileResult

__all__ = ["LIMIT", "Failing", "Parts", "join", "size"]

LIMIT = 1_048_576  # bytes: GitHub's limit for a job summary ($GITHUB_STEP_SUMMARY)
# Kept free for the notice of what was cut (numbers and fixed words: under 700 bytes).
NOTICE_RESERVE = 2_048
# When not every table fits, at most 1/EXTRAS_SHARE of the room goes to
# topologies, in the files' order, before the rows take the rest.
EXTRAS_SHARE = 8
MIN_EXTRAS = 300  # bytes: less than any topology section takes


class Parts:
    """The template's macros, each returning trusted text (the template escaped it)."""

    def __init__(self, module: object) -> None:
        self.module = module

    def __getattr__(self, name: str) -> Callable[..., Escaped]:
        macro = getattr(self.module, name)
        return lambda *args: Escaped(macro(*args))


def size(text: str) -> int:
    """Bytes in UTF-8, as GitHub counts them."""
    return len(text.encode("utf-8"))


@record(frozen=False)
class Failing:
    """A file with diagnostics: its rendered rows, and what of it is kept."""

    result: FileResult
    view: dict[str, object]
    diagnostics: list[Diagnostic]  # in the report's order
    rows: list[Escaped]
    sizes: list[int]
    head: Escaped
    keep: list[int] = field(default_factory=list)  # the rows shown (indices into rows)
    shown: bool = False  # whether the file has its section
    extras: Escaped | None = None


def join(
    parts: Parts,
    head: Escaped,
    failing: list[Failing],
    clean_rows: list[Escaped],
    extras: Callable[[Parts, Failing], Escaped],
) -> str:
    """The report: ``head``, the notice if anything was cut, the files, the clean files."""
    cache: dict[int, Escaped] = {}  # id(file) -> its rendered extras, drawn once

    def drawn(parts: Parts, file: Failing) -> Escaped:
        if id(file) not in cache:
            cache[id(file)] = extras(parts, file)
        return cache[id(file)]

    available = LIMIT - 1 - size(head)
    cut = dict.fromkeys(("diagnostics", "files", "extras", "clean"), 0)
    # Everything, with no room kept for a notice, when nothing needs one.
    kept_clean = _fit_all(parts, failing, clean_rows, available, cut, drawn)
    if kept_clean is None or any(cut.values()):
        for file in failing:
            file.keep, file.shown, file.extras = [], False, None
        cut = dict.fromkeys(cut, 0)
        available -= NOTICE_RESERVE
        kept_clean = _fit_all(parts, failing, clean_rows, available, cut, drawn)
        if kept_clean is None:
            kept_clean = _fit_by_severity(parts, failing, clean_rows, available, cut, drawn)

    out = [head]
    if any(cut.values()):
        total = sum(len(f.rows) for f in failing)
        out.append(parts.notice({**cut, "all_diagnostics": total, "all_clean": len(clean_rows)}))
    extras_cut = parts.extras_cut()
    for file in failing:
        if not file.shown:
            continue
        out.append(file.head)
        out.append(
            parts.diagnostics(
                file.view, [file.rows[i] for i in file.keep], len(file.rows) - len(file.keep)
            )
        )
        if file.result.runbook is not None:
            out.append(file.extras if file.extras is not None else extras_cut)
    if clean_rows:
        out.append(parts.clean(clean_rows[:kept_clean], len(clean_rows)))
    return "".join(out)


def _fit_all(
    parts: Parts,
    failing: list[Failing],
    clean_rows: list[Escaped],
    available: int,
    cut: dict[str, int],
    extras: Callable[[Parts, Failing], Escaped],
) -> int | None:
    """Every table and every clean file, then topologies while they fit; None if the tables do not."""
    extras_cut = size(parts.extras_cut())
    needed = size(parts.clean(clean_rows, len(clean_rows))) if clean_rows else 0
    for file in failing:
        needed += size(file.head) + sum(file.sizes)
        needed += size(parts.diagnostics(file.view, [], 0))
        if file.result.runbook is not None:
            needed += extras_cut
    if needed > available:
        return None
    available -= needed
    for file in failing:
        file.keep = list(range(len(file.rows)))
        file.shown = True
        if file.result.runbook is None:
            continue
        if available < MIN_EXTRAS:  # no topology fits in less: spare drawing the rest
            cut["extras"] += 1
            continue
        rendered = extras(parts, file)
        grows = size(rendered) - extras_cut
        if grows <= available:
            file.extras = rendered
            available -= grows
        else:
            cut["extras"] += 1
    return len(clean_rows)


def _fit_by_severity(
    parts: Parts,
    failing: list[Failing],
    clean_rows: list[Escaped],
    available: int,
    cut: dict[str, int],
    extras: Callable[[Parts, Failing], Escaped],
) -> int:
    """Some topologies, the rows that fit, errors first, then the clean files that fit."""
    extras_cut = size(parts.extras_cut())
    # Room for the sentence that says the clean files are not listed, at the least.
    reserved = size(parts.clean([], len(clean_rows))) if clean_rows else 0
    available -= reserved

    def frame_of(file: Failing) -> int:
        # The heading and the table's frame, with room for the longest "N more" sentence.
        measured = size(file.head) + size(parts.diagnostics(file.view, [], len(file.rows)))
        return measured + (extras_cut if file.result.runbook is not None else 0)

    # A share of the room for the diagrams, in the report's order: one picture
    # of what the diagnostics are about says more than the last rows would.
    share = available // EXTRAS_SHARE
    for file in failing:
        if share < MIN_EXTRAS:
            break
        if file.result.runbook is None:
            continue
        rendered = extras(parts, file)
        cost = frame_of(file) + size(rendered) - extras_cut
        if cost <= share:
            file.extras = rendered
            file.shown = True
            share -= cost
            available -= cost

    order = sorted(
        (-d.severity.rank, number, index)
        for number, file in enumerate(failing)
        for index, d in enumerate(file.diagnostics)
    )
    for _, number, index in order:
        file = failing[number]
        cost = file.sizes[index] + (0 if file.shown else frame_of(file))
        if cost > available:
            break
        available -= cost
        file.shown = True
        file.keep.append(index)
    for file in failing:
        file.keep.sort()
        cut["diagnostics"] += len(file.rows) - len(file.keep)
        cut["files"] += not file.shown
        cut["extras"] += file.shown and file.result.runbook is not None and file.extras is None
    kept = 0
    if clean_rows:
        available += reserved
        # The frame with "N more files are not listed", the longest it can be.
        frame = size(parts.clean(clean_rows[:1], len(clean_rows))) - size(clean_rows[0])
        room = available - frame
        for line in clean_rows:
            if size(line) > room:
                break
            room -= size(line)
            kept += 1
        cut["clean"] = len(clean_rows) - kept
    return kept
