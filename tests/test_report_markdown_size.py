"""The Markdown report's size (cli.md, "markdown"; issue 16 item 2): under 1 MiB, what was cut said.

GitHub refuses a job summary over 1 MiB (1,048,576 bytes). Clean files take
one line each, tables and lists over 10 rows fold into <details>, and when the
report would be too large, report/markdown_fit.py keeps every table first,
then rows by severity, and a notice says what was left out. Exact output on
small inputs with a small limit (monkeypatched), and 30,000 diagnostics at the
real one.
"""

from __future__ import annotations

import pytest
from conftest import LEADER_FIRST, lint_text, run_cli

from runbook_lint.catalogue import RULES
from runbook_lint.diagnostics import Diagnostic
from runbook_lint.lint.linter import FileResult
from runbook_lint.report import ReportOptions, markdown, markdown_fit
from runbook_lint.severity import Severity
from runbook_lint.syntax.ast import Span
from runbook_lint.syntax.source import Source

MIB = 1_048_576


def report(*results, **options) -> str:
    return markdown.render(list(results), ReportOptions(**options))


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def synthetic(path: str, errors: int, warnings: int) -> FileResult:
    """A file with one diagnostic per line: every sixth an error while errors last."""
    lines = errors + warnings
    diagnostics = [
        Diagnostic(
            path,
            Span(i + 1, 1, i + 1, 20),
            "RL201" if i % 6 == 0 and i // 6 < errors else "RL307",
            Severity.ERROR if i % 6 == 0 and i // 6 < errors else Severity.WARNING,
            f"message {i}",
        )
        for i in range(lines)
    ]
    return FileResult(Source(path, "upgrade a to 8.15.1\n" * lines), diagnostics)


# -- 30,000 diagnostics at the real limit ----------------------------------------


def test_30000_diagnostics_stay_under_1_mib_with_the_notice():
    assert markdown.LIMIT == markdown_fit.LIMIT == MIB
    text = report(synthetic("big.rbk", 5_000, 25_000))
    assert size(text) < MIB
    assert MIB - size(text) < markdown_fit.NOTICE_RESERVE + 200  # the room is used, not wasted
    rows = [line for line in text.splitlines() if line.startswith("| ") and " | RL" in line]
    errors = [row for row in rows if " | error | " in row]
    assert len(errors) == 5_000  # every error kept; the warnings fill the rest
    omitted = 30_000 - len(rows)
    assert omitted > 0
    assert (
        "\n> **This report was cut to stay under 1 MiB, GitHub's limit for a job summary.**"
        f" Left out: {omitted:,} of the 30,000 diagnostics (errors are kept first, then"
        " warnings, then infos). `runbook-lint check` with `--format concise` or"
        " `--format json` reports every diagnostic.\n"
    ) in text
    assert f"\n{omitted:,} more diagnostics of this file are not shown:" in text
    # Kept rows stay in line order, and the warnings kept are the first ones.
    lines = [int(row.split(" | ")[0][2:]) for row in rows]
    assert lines == sorted(lines)
    warnings = [int(row.split(" | ")[0][2:]) for row in rows if " | warning | " in row]
    assert warnings == [n + 1 for n in range(30_000) if n % 6 or n // 6 >= 5_000][: len(warnings)]
    # The summary counts everything, not what was kept.
    assert "\n| 1 | 5000 | 25000 | 0 | ❌ failed |\n" in text
    assert text.count("<details>") == 1 and text.count("</details>") == 1


@pytest.mark.slow
def test_30000_relations_through_the_cli_keep_their_topology(tmp_path):
    lines = ["cluster a version 8.14.3", "cluster b version 8.14.3"]
    lines += [f'b follows a index "orders-{i:05d}"' for i in range(30_000)]
    lines += ["upgrade a to 8.15.1", "upgrade b to 8.15.1"]
    (tmp_path / "big.rbk").write_text("\n".join(lines) + "\n")
    done = run_cli(
        "check", "--isolated", "--format", "markdown", "-o", "out.md", "big.rbk", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    text = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert size(text) < MIB
    assert "\n| 1 | 30000 | 0 | 0 | ❌ failed |\n" in text
    assert "of the 30,000 diagnostics (errors are kept first" in text
    # A share of the room goes to the topology: one edge for the 30,000 relations, in red.
    assert '    c0 -->|"30,000 relations"| c1\n    classDef error ' in text
    assert (
        "### Upgrade order\n\nThe order in which the runbook upgrades its clusters:\n\n1. a" in text
    )


# -- exact output at a small limit -----------------------------------------------

MIXED = (
    "cluster a version 8.16.1\ncluster b version 8.16.1\n"
    + "".join(f"cluster w{i} version 8.16.1\n" for i in range(4))
    + "b follows a\n"
    + "".join(f"upgrade w{i} to 8.16.1\n" for i in range(4))
    + "upgrade a to 8.17.0\nupgrade b to 8.17.0\n"
)

HEAD = """\
# runbook-lint report

| Files | Errors | Warnings | Infos | Result |
| ---: | ---: | ---: | ---: | --- |
| 3 | 2 | 4 | 0 | ❌ failed |

Found 2 errors and 4 warnings in 3 files.
"""

NOTICE = (
    "\n> **This report was cut to stay under 1 MiB, GitHub's limit for a job summary.**"
    " Left out:{} `runbook-lint check` with `--format concise` or `--format json`"
    " reports every diagnostic.\n"
)

MIXED_TABLE = """
## mixed.rbk

### Diagnostics

| Line | Code | Severity | Message |
| ---: | --- | --- | --- |
| 8 | RL302 | warning | 'w0' already runs 8.16.1: this upgrade changes nothing |
| 9 | RL302 | warning | 'w1' already runs 8.16.1: this upgrade changes nothing |
| 10 | RL302 | warning | 'w2' already runs 8.16.1: this upgrade changes nothing |
| 11 | RL302 | warning | 'w3' already runs 8.16.1: this upgrade changes nothing |
| 12 | RL201 | error | leader 'a' upgraded before its follower 'b' |
"""

LEADER_FIRST_TABLE = """
## lf.rbk

### Diagnostics

| Line | Code | Severity | Message |
| ---: | --- | --- | --- |
| 5 | RL201 | error | leader 'us-east' upgraded before its follower 'eu-west' |
"""

NOT_SHOWN = (
    "\nThe topology, the upgrade order and the timeline are not shown:"
    " the report reached its size limit.\n"
)
CLEAN = "\n## Files without diagnostics\n\n- ✅ ok.rbk — fine\n"


@pytest.fixture
def mixed():
    results = [
        lint_text(MIXED, "mixed.rbk"),
        lint_text(LEADER_FIRST, "lf.rbk"),
        lint_text('runbook "fine"\n', "ok.rbk"),
    ]
    assert [(d.span.line, d.code) for d in results[0].diagnostics] == [
        (8, "RL302"),
        (9, "RL302"),
        (10, "RL302"),
        (11, "RL302"),
        (12, "RL201"),
    ]
    return results


def at_limit(monkeypatch, limit: int, reserve: int = 700) -> None:
    monkeypatch.setattr(markdown_fit, "LIMIT", limit)
    monkeypatch.setattr(markdown_fit, "NOTICE_RESERVE", reserve)


def test_a_report_that_fits_is_not_cut(monkeypatch, mixed):
    whole = report(*mixed)
    assert whole.startswith(HEAD + MIXED_TABLE + "\n### Topology\n")
    assert "This report was cut" not in whole
    at_limit(monkeypatch, size(whole) + 1)  # under the limit: no room kept for a notice
    assert report(*mixed) == whole
    at_limit(monkeypatch, size(whole))
    assert report(*mixed) != whole


def test_tables_first_then_topologies_while_they_fit(monkeypatch, mixed):
    at_limit(monkeypatch, 1_800)
    text = report(*mixed)
    assert text == (
        HEAD
        + NOTICE.format(" the topology, upgrade order and timeline of 2 files.")
        + MIXED_TABLE
        + NOT_SHOWN
        + LEADER_FIRST_TABLE
        + NOT_SHOWN
        + CLEAN
    )
    assert size(text) < 1_800


def test_rows_are_kept_errors_first_when_the_tables_do_not_fit(monkeypatch, mixed):
    at_limit(monkeypatch, 1_500)
    text = report(*mixed)
    assert text == (
        HEAD
        + NOTICE.format(
            " 5 of the 6 diagnostics (errors are kept first, then warnings, then infos),"
            " including every one of 1 file; the topology, upgrade order and timeline of 1 file."
        )
        + MIXED_TABLE.replace(
            "| 8 | RL302 | warning | 'w0' already runs 8.16.1: this upgrade changes nothing |\n"
            "| 9 | RL302 | warning | 'w1' already runs 8.16.1: this upgrade changes nothing |\n"
            "| 10 | RL302 | warning | 'w2' already runs 8.16.1: this upgrade changes nothing |\n"
            "| 11 | RL302 | warning | 'w3' already runs 8.16.1: this upgrade changes nothing |\n",
            "",
        )
        + "\n4 more diagnostics of this file are not shown: the report reached its size limit.\n"
        + NOT_SHOWN
        + CLEAN
    )
    assert size(text) < 1_500


def test_with_no_room_for_any_table_the_clean_files_are_still_counted(monkeypatch, mixed):
    at_limit(monkeypatch, 1_300)
    assert report(*mixed) == (
        HEAD
        + NOTICE.format(
            " 6 of the 6 diagnostics (errors are kept first, then warnings, then infos),"
            " including every one of 2 files."
        )
        + CLEAN
    )
    at_limit(monkeypatch, 1_000)
    many_clean = [*mixed, *(lint_text('runbook "fine"\n', f"ok{n}.rbk") for n in range(40))]
    text = report(*many_clean)
    assert text.endswith(
        "\n## Files without diagnostics\n\n"
        "41 files have no diagnostic; they are not listed: the report reached its size limit.\n"
    )
    assert "; 41 of the 41 files without diagnostics from their list." in text
    assert size(text) < 1_000


def test_clean_files_listed_while_they_fit(monkeypatch):
    results = [lint_text('runbook "fine"\n', f"ok{n:02}.rbk") for n in range(40)]
    whole = report(*results)
    assert whole.count("\n- ✅ ok") == 40 and size(whole) == 1_230
    at_limit(monkeypatch, 1_000, reserve=300)
    text = report(*results)
    listed = text.count("\n- ✅ ok")
    assert 10 < listed < 40 and size(text) < 1_000
    assert (
        f"\n\n{40 - listed} more files are not listed: the report reached its size limit.\n\n"
        "</details>\n"
    ) in text
    assert f" Left out: {40 - listed} of the 40 files without diagnostics from their list." in text


# -- long tables and lists fold into <details> ------------------------------------


def warnings_runbook(count: int) -> str:
    return "".join(f"cluster w{i} version 8.16.1\n" for i in range(count)) + "".join(
        f"upgrade w{i} to 8.16.1\n" for i in range(count)
    )


def test_ten_rows_stay_a_table_eleven_fold():
    ten = report(lint_text(warnings_runbook(10), "ten.rbk"))
    assert "<details>" not in ten
    assert "### Diagnostics\n\n| Line | Code | Severity | Message |\n" in ten
    eleven = report(lint_text(warnings_runbook(11), "eleven.rbk"))
    assert (
        "### Diagnostics\n\n"
        "<details><summary>11 diagnostics: 11 warnings</summary>\n\n"
        "| Line | Code | Severity | Message |\n| ---: | --- | --- | --- |\n"
        "| 12 | RL302 | warning | 'w0' already runs 8.16.1: this upgrade changes nothing |\n"
    ) in eleven
    assert (
        "| 22 | RL302 | warning | 'w10' already runs 8.16.1: this upgrade changes nothing |\n"
        "\n</details>\n\n### Topology\n"
    ) in eleven
    # Its upgrade order has 11 entries: folded too.
    assert (
        "The order in which the runbook upgrades its clusters:\n\n"
        "<details><summary>11 upgrades</summary>\n\n1. w0 → 8.16.1\n"
    ) in eleven
    assert "11. w10 → 8.16.1\n\n</details>\n" in eleven


def test_eleven_clean_files_fold():
    results = [lint_text('runbook "fine"\n', f"ok{n:02}.rbk") for n in range(11)]
    assert report(*results).endswith(
        "\n## Files without diagnostics\n\n"
        "<details><summary>11 files without diagnostics</summary>\n\n"
        + "".join(f"- ✅ ok{n:02}.rbk — fine\n" for n in range(11))
        + "\n</details>\n"
    )
    assert "<details>" not in report(*results[:10])


def test_statistics_over_ten_rules_fold():
    codes = sorted(code for code in RULES if code not in ("RL001", "RL002"))[:11]
    diagnostics = [
        Diagnostic("s.rbk", Span(n + 1, 1, n + 1, 2), code, Severity.WARNING, "m")
        for n, code in enumerate(codes)
    ]
    result = FileResult(Source("s.rbk", "x\n" * 11), diagnostics)
    text = report(result, statistics=True)
    assert (
        "\n<details><summary>Diagnostics per rule: 11 rules</summary>\n\n"
        "| Count | Code | Rule |\n| ---: | --- | --- |\n"
        f"| 1 | {codes[0]} | {markdown.md_cell(RULES[codes[0]].name)} |\n"
    ) in text
    assert "\n\n</details>\n\n## s.rbk\n" in text
    assert "<details><summary>Diagnostics per rule" not in report(
        FileResult(Source("s.rbk", "x\n" * 10), diagnostics[:10]), statistics=True
    )


# -- a timeline too large for Mermaid --------------------------------------------


def test_a_timeline_over_mermaids_text_limit_is_not_drawn():
    count = 700
    text = (
        "assume node-upgrade 1m\n"
        + "".join(f"cluster cluster-{i:04} version 8.16.1\n" for i in range(count))
        + "".join(f"upgrade cluster-{i:04} to 8.17.0\n" for i in range(count))
        + "upgrade cluster-0000 to 8.17.0\n"  # RL302: the file has a diagnostic, so its section
    )
    result = lint_text(text, "long.rbk")
    assert [d.code for d in result.diagnostics] == ["RL302"]
    out = report(result)
    timeline = out.split("\n### Timeline\n\n", 1)[1]
    assert timeline.startswith("The timeline is not drawn: its ")
    assert timeline.endswith(
        " characters are more than the 50,000 Mermaid draws. Total duration: 11h40m.\n"
    )
    assert out.count("```mermaid") == 1  # the topology only
