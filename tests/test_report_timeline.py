"""The Markdown report's timeline (cli.md, "markdown"): a Mermaid gantt chart per file.

Exact charts for small runbooks, and every Mermaid block of the report on
samples/ parsed by Mermaid's own parser (tests/mermaid_support.py; skipped with
the reason when node or the mermaid package is not available).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import entry_point
from mermaid_support import mermaid_blocks, parse

from runbook_lint.check.clock import timeline
from runbook_lint.model import topology as model
from runbook_lint.model.versions import Version
from runbook_lint.report.gantt import gantt
from runbook_lint.syntax.parser import parse as parse_runbook

ROOT = Path(__file__).resolve().parent.parent


def _chart(text: str) -> str | None:
    result = parse_runbook(text)
    assert result.runbook is not None, result.problems
    topology = model.build(result.runbook, Version.parse)
    return gantt(timeline(result.runbook, topology, Version.parse), topology)


PAIR = """\
assume node-upgrade 2h
cluster a version 8.14.3 nodes a1, a2, a3
cluster b version 8.14.3
a follows b
b follows a index "o:rd#ers;%%"
"""


def test_chart_bars_sections_and_critical_window() -> None:
    text = PAIR + "pause all\nupgrade a to 8.15.1\nwait 10m\nupgrade b to 8.15.1\nresume all\n"
    assert _chart(text) == (
        "gantt\n"
        "    dateFormat X\n"
        "    axisFormat %H:%M\n"
        "    section cluster a\n"
        "    upgrade a to 8.15.1 : t0, 0, 21600\n"
        "    section waits\n"
        "    wait 10m : t1, 21600, 22200\n"
        "    section cluster b\n"
        "    upgrade b to 8.15.1 : t2, 22200, 29400\n"
        "    section following paused\n"
        "    a follows b paused 8h10m : t3, 0, 29400\n"
        "    b follows a index _o_rd_ers____ paused 8h10m : t4, 0, 29400\n"
    )
    over = _chart(text.replace("wait 10m", "wait 4h1m"))
    assert over is not None
    assert "    a follows b paused 12h1m : crit, t3, 0, 43260\n" in over


def test_no_chart_when_a_duration_is_unknown_or_none_declared() -> None:
    unknown = "cluster a version 8.14.3\nwait 5m\nupgrade a to 8.15.1\n"
    assert _chart(unknown) is None
    assert _chart("cluster a version 8.14.3\nupgrade a to 8.15.1\n") is None


# samples/durations.rbk with a lease shorter than its pause window: RL310 fires,
# so the file has its section (a file without diagnostics takes one line).
LATE = (ROOT / "samples" / "durations.rbk").read_text(encoding="utf-8")
LATE = LATE.replace("assume retention-lease 12h", "assume retention-lease 2h")


def test_report_shows_the_timeline_and_total(tmp_path: Path) -> None:
    (tmp_path / "late.rbk").write_text(LATE, encoding="utf-8")
    done = subprocess.run(
        [*entry_point(), "check", "--isolated", "--format", "markdown", "late.rbk"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "| 27 | RL310 | error | following resumed after a pause longer" in done.stdout
    assert "### Timeline\n\n```mermaid\ngantt\n" in done.stdout
    assert "    dr follows us-east paused 3h15m : crit, t7, 3000, 14700\n" in done.stdout
    assert "Total duration: 4h5m.\n" in done.stdout


@pytest.mark.slow
def test_every_mermaid_block_of_the_samples_report_parses_in_mermaid(tmp_path: Path) -> None:
    (tmp_path / "late.rbk").write_text(LATE, encoding="utf-8")
    done = subprocess.run(
        [*entry_point(), "check", "--format", "markdown", str(ROOT / "samples"), "late.rbk"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    blocks = mermaid_blocks(done.stdout)
    gantts = [b for b in blocks if b.startswith("gantt")]
    assert gantts, "no gantt chart in the report on samples/"
    hostile = _chart(PAIR + "pause all\nupgrade a to 8.15.1\nupgrade b to 8.15.1\nresume all\n")
    assert hostile is not None
    results = parse([*blocks, hostile])
    assert [r for r in results if not r["ok"]] == []
    assert [r["type"] for r in results].count("gantt") == len(gantts) + 1
