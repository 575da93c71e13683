"""`check --format markdown`: the report, its Mermaid topology, and its escaping."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, lint_text, run_cli
from hypothesis import given
from hypothesis import strategies as st

from runbook_lint.lint.linter import unreadable
from runbook_lint.model.topology import build
from runbook_lint.model.versions import Version
from runbook_lint.report import ReportOptions, markdown, mermaid, summary_line

BI_DIRECTIONAL = """\
runbook "active-active pair with a DR copy"
target 8.17.0

cluster a version 8.16.1
cluster b version 8.16.1
cluster dr version 8.16.1 nodes dr-1, dr-2

a follows b
b follows a
b follows a auto-follow "logs"
dr follows a index "orders"

step "DR first" {
    upgrade dr node dr-1 to 8.17.0
    upgrade dr node dr-2 to 8.17.0
}
pause a follows b
pause b follows a
parallel "both sites" {
    upgrade a to 8.17.0
    upgrade b to 8.17.0
}
resume all
"""

# A file without diagnostics takes one line, at the end (cli.md, "markdown").
BI_DIRECTIONAL_REPORT = """\
# runbook-lint report

| Files | Errors | Warnings | Infos | Result |
| ---: | ---: | ---: | ---: | --- |
| 1 | 0 | 0 | 0 | ✅ passed |

All checks passed (1 file).

## Files without diagnostics

- ✅ runbooks/bi.rbk — active-active pair with a DR copy
"""

NOT_PAUSED = """\
cluster A version 8.16.1
cluster B version 8.16.1
A follows B
B follows A

upgrade A to 8.17.0
upgrade B to 8.17.0
"""

# A broken file has its section, with what its diagnostics are about drawn in red;
# the clean file after it takes one line.
BROKEN_AND_CLEAN_REPORT = """\
# runbook-lint report

| Files | Errors | Warnings | Infos | Result |
| ---: | ---: | ---: | ---: | --- |
| 2 | 2 | 0 | 0 | ❌ failed |

Found 2 errors in 2 files.

## runbooks/np.rbk

### Diagnostics

| Line | Code | Severity | Message |
| ---: | --- | --- | --- |
| 6 | RL202 | error | 'A' is upgraded while following inside its bi-directional group ('A', 'B') is active: 'A follows B', 'B follows A' |
| 7 | RL202 | error | 'B' is upgraded while following inside its bi-directional group ('A', 'B') is active: 'A follows B', 'B follows A' |

### Topology

```mermaid
flowchart LR
    %% edges run from leader to follower; ==> marks a bi-directional relation
    subgraph g0 ["bi-directional group"]
        c0["A<br/>8.16.1"]
        c1["B<br/>8.16.1"]
    end
    c1 ==> c0
    c0 ==> c1
    classDef error fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328
    class c0,c1 error
    linkStyle 0,1 stroke:#cf222e,stroke-width:3px
```

Edges run from leader to follower, one per pair of clusters, labelled with its relation's index or auto-follow pattern, or with the number of relations it stands for. Thick edges (`==>`) are the relations inside a bi-directional group. Red marks what an error is about.

### Upgrade order

The order in which the runbook upgrades its clusters:

1. A → 8.17.0
2. B → 8.17.0

## Files without diagnostics

- ✅ runbooks/bi.rbk — active-active pair with a DR copy
"""

# Everything a runbook can say in free text, aimed at the table, the fence and the diagram.
HOSTILE = """\
runbook "t | `x` <script>alert(1)</script> *b* _i_ [l](javascript:x) \\\\ $m$ ```"
cluster a version 8.16.1
cluster b version 8.16.1
a follows b index "a\\"]; click c0 call alert(1); x[\\""
b follows a auto-follow "p|q`r` <script>x</script> {y} (z) #quot; %%{init}%% ```"

step "s | `x` <script>alert(1)</script>" {
    note "n | `x` <img src=x onerror=alert(1)>"
    upgrade a to 8.17.0
}
upgrade b to 8.17.0
"""


def report(*results, **options) -> str:
    return markdown.render(list(results), ReportOptions(**options))


def topology(text: str):
    result = lint_text(text)
    assert result.runbook is not None
    return build(result.runbook, Version.parse)


def mermaid_blocks(text: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", text, flags=re.S | re.M)


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


# -- the whole report ---------------------------------------------------------


def test_clean_file_takes_one_line_exact():
    assert report(lint_text(BI_DIRECTIONAL, "runbooks/bi.rbk")) == BI_DIRECTIONAL_REPORT


def test_broken_file_then_clean_file_exact():
    results = [
        lint_text(NOT_PAUSED, "runbooks/np.rbk"),
        lint_text(BI_DIRECTIONAL, "runbooks/bi.rbk"),
    ]
    assert report(*results) == BROKEN_AND_CLEAN_REPORT
    # Clean files go to the end whatever their place in the run.
    assert report(*reversed(results)) == BROKEN_AND_CLEAN_REPORT


def test_report_is_deterministic():
    results = [
        lint_text(BI_DIRECTIONAL, "a.rbk"),
        lint_text(HOSTILE, "b.rbk"),
        lint_text(NOT_PAUSED, "c.rbk"),
    ]
    first = report(*results)
    assert report(*results) == first
    assert (
        report(
            *[
                lint_text(t, p)
                for t, p in ((BI_DIRECTIONAL, "a.rbk"), (HOSTILE, "b.rbk"), (NOT_PAUSED, "c.rbk"))
            ]
        )
        == first
    )


def test_summary_table_and_sentence():
    results = [lint_text(NOT_PAUSED, "n.rbk"), lint_text(BI_DIRECTIONAL, "ok.rbk")]
    text = report(*results)
    assert text.startswith(
        "# runbook-lint report\n\n| Files | Errors | Warnings | Infos | Result |\n"
    )
    assert "\n| 2 | 2 | 0 | 0 | ❌ failed |\n" in text
    assert "\n" + summary_line(results) + "\n" in text
    assert "Found 2 errors in 2 files." in text
    # the failing file has its heading; the clean one a line in the list at the end
    assert text.index("## n.rbk\n") < text.index("## Files without diagnostics\n\n- ✅ ok.rbk — ")
    assert "## ok.rbk" not in text


def test_result_follows_fail_on():
    redundant = lint_text("cluster a version 8.16.1\nupgrade a to 8.16.1\n")
    assert [(d.code, d.severity.value) for d in redundant.diagnostics] == [("RL302", "warning")]
    assert "\n| 1 | 0 | 1 | 0 | ✅ passed |\n" in report(redundant)
    assert "\n| 1 | 0 | 1 | 0 | ❌ failed |\n" in report(redundant, fail_on_rank=1)
    assert "Found 1 warning in 1 file." in report(redundant)


def test_quiet_drops_the_summary_sentence_and_statistics_adds_a_table():
    result = lint_text(NOT_PAUSED)
    assert "Found 2 errors in 1 file." not in report(result, quiet=True)
    text = report(result, statistics=True)
    assert (
        "| Count | Code | Rule |\n| ---: | --- | --- |\n| 2 | RL202 | bidirectional-following-active |\n"
        in text
    )


# -- diagnostics ---------------------------------------------------------------


def test_diagnostics_table_row():
    result = lint_text(NOT_PAUSED, "n.rbk")
    text = report(result)
    assert (
        "### Diagnostics\n\n| Line | Code | Severity | Message |\n| ---: | --- | --- | --- |\n"
        "| 6 | RL202 | error | 'A' is upgraded while following inside its bi-directional group "
        "('A', 'B') is active: 'A follows B', 'B follows A' |\n"
        "| 7 | RL202 | error | 'B' is upgraded while following inside its bi-directional group "
        "('A', 'B') is active: 'A follows B', 'B follows A' |\n"
    ) in text


def test_diagnostics_sorted_by_line_column_code():
    result = lint_text(NOT_PAUSED, "n.rbk")
    result.diagnostics.reverse()
    rows = [line for line in report(result).splitlines() if " | RL" in line]
    assert [row.split(" | ")[0] for row in rows] == ["| 6", "| 7"]


def test_syntax_error_file():
    text = report(lint_text((EXAMPLES / "syntax_error.rbk").read_text(), "bad.rbk"))
    assert "| 2 | RL001 | error |" in text
    assert (
        "The topology and the order of upgrades are not shown because the file does not parse.\n"
        in text
    )
    assert "```mermaid" not in text
    assert "### Upgrade order" not in text
    assert text.endswith("does not parse.\n")


def test_unreadable_file():
    text = report(unreadable("bin.rbk", "not valid UTF-8 text"))
    assert "| 1 | RL002 | error | not valid UTF-8 text |" in text
    assert "not shown because the file could not be read." in text


def test_file_without_clusters_or_upgrades():
    result = lint_text('runbook "empty"\ntarget 8.17.0\ntarget 8.17.0\n', "e.rbk")
    assert [(d.span.line, d.code) for d in result.diagnostics] == [(3, "RL102")]
    text = report(result)
    assert "### Topology\n\nThe runbook declares no cluster.\n" in text
    assert "### Upgrade order\n\nThe runbook upgrades no cluster.\n" in text


# -- the Mermaid topology ------------------------------------------------------


def test_flowchart_bi_directional_edges_and_group():
    chart = mermaid.flowchart(topology(BI_DIRECTIONAL))
    lines = chart.splitlines()
    assert lines[0] == "flowchart LR"
    assert chart.endswith("\n")
    # both edges of the pair, thick; b's two relations with a are one edge with their count
    assert "    c1 ==> c0" in lines  # a follows b: b leads
    assert '    c0 ==>|"2 relations"| c1' in lines  # b follows a, and its auto-follow
    assert [line for line in lines if " c1" in line and "c0 " in line] == [
        '    c0 ==>|"2 relations"| c1'
    ]
    # the uni-directional relation is a plain arrow, out of the group
    assert '    c0 -->|"index #quot;orders#quot;"| c2' in lines
    start = lines.index('    subgraph g0 ["bi-directional group"]')
    end = lines.index("    end", start)
    assert lines[start + 1 : end] == ['        c0["a<br/>8.16.1"]', '        c1["b<br/>8.16.1"]']
    assert '    c2["dr<br/>8.16.1, 2 nodes"]' in lines[:start]


def test_flowchart_several_groups_are_numbered():
    chart = mermaid.flowchart(
        topology(
            "cluster a version 8.16.1\ncluster b version 8.16.1\n"
            "cluster c version 8.16.1\ncluster d version 8.16.1\n"
            "a follows b\nb follows a\nc follows d\nd follows c\nc follows a\n"
        )
    )
    assert 'subgraph g0 ["bi-directional group 1"]' in chart
    assert 'subgraph g1 ["bi-directional group 2"]' in chart
    assert "    c0 --> c2\n" in chart  # c follows a: between groups, uni-directional


def test_flowchart_node_ids_are_generated():
    chart = mermaid.flowchart(
        topology("cluster end version 8.16.1\ncluster click version 8.16.1\nend follows click\n")
    )
    assert '    c0["end<br/>8.16.1"]\n' in chart
    assert "    c1 --> c0\n" in chart
    assert not re.search(r"^\s*(end|click)\b(?!\s*$)", chart, flags=re.M)


def test_flowchart_rejects_unknown_direction():
    with pytest.raises(ValueError):
        mermaid.flowchart(topology("cluster a version 8.16.1\n"), direction="LR; click")


# -- the order of upgrades -----------------------------------------------------


def test_upgrade_order_flattens_steps_groups_parallel_and_skips_repeats():
    result = lint_text(
        "cluster a version 8.16.1\ncluster b version 8.16.1\ncluster c version 8.16.1 nodes n1, n2\n"
        "step {\n    upgrade c node n1 to 8.17.0\n    parallel {\n        upgrade c node n2 to 8.17.0\n    }\n}\n"
        "upgrade c node n1 to 8.17.0\n"
        'parallel {\n    upgrade a to 8.17.0\n    note "x"\n    upgrade b to 8.17.0\n}\n'
        "parallel {\n    upgrade a to 8.17.0\n}\n"
    )
    order = markdown.upgrade_order(result.runbook)
    assert [
        [(u.cluster.text, u.node.text if u.node else None) for u in entry] for entry in order
    ] == [
        [("c", "n1")],
        [("c", "n2")],
        [("a", None), ("b", None)],
    ]
    text = report(result)
    assert (
        "1. c (node n1) → 8.17.0\n2. c (node n2) → 8.17.0\n3. together: a → 8.17.0, b → 8.17.0\n"
        in text
    )


# -- escaping ------------------------------------------------------------------


def test_hostile_text_cannot_break_the_table_or_inject_html():
    result = lint_text(HOSTILE, "x|`y`<b>.rbk")
    assert result.runbook is not None and result.diagnostics
    text = report(result)
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "## x\\|\\`y\\`&lt;b&gt;.rbk\n" in text
    assert (
        "Runbook: t \\| \\`x\\` &lt;script&gt;alert(1)&lt;/script&gt; \\*b\\* \\_i\\_ \\[l\\](javascript:x)"
        in text
    )
    rows = [line for line in text.splitlines() if line.startswith("| ") and "RL" in line]
    assert len(rows) == len(result.diagnostics)
    for row in rows:
        assert unescaped_pipes(row) == 5, row  # four cells, whatever the message says
    # the only fences are the Mermaid block's own
    assert [line for line in text.splitlines() if line.startswith("```")] == ["```mermaid", "```"]


def test_hostile_text_stays_inside_mermaid_labels():
    text = report(lint_text(HOSTILE))
    (block,) = mermaid_blocks(text)
    assert (
        '    c1 ==>|"index #quot;a#quot;#93;#59; click c0 call alert#40;1#41;#59; x#91;#quot;#quot;"| c0\n'
        in block
    )
    label = r'"(?:[^"`<>&|;\[\]{}()\n#%]|#(?:quot|\d+);)*"'
    allowed = [
        r"flowchart LR",
        r"    %% edges run from leader to follower; ==> marks a bi-directional relation",
        rf"\s+c\d+\[{label}\]",
        rf"\s+c\d+ (-->|==>)(\|{label}\|)? c\d+",
        rf"    subgraph g\d+ \[{label}\]",
        r"    end",
        r"    classDef (error|warning|info) [a-z0-9:#,-]+",
        r"    class c\d+(,c\d+)* (error|warning|info)",
        r"    linkStyle \d+(,\d+)* [a-z0-9:#,-]+",
    ]
    for line in block.splitlines():
        assert any(re.fullmatch(p, line.replace("<br/>", "")) for p in allowed), line
    assert "`" not in block and "<script" not in block and "%%{" not in block


def test_md_cell_escapes():
    assert (
        markdown.md_cell("a|b\\c`d`<e>&f*g*_h_[i](j)")
        == "a\\|b\\\\c\\`d\\`&lt;e&gt;&amp;f\\*g\\*\\_h\\_\\[i\\](j)"
    )
    assert markdown.md_cell("one\ntwo\r\nthree\u2028four\tfive") == "one two  three four five"
    assert markdown.md_cell(42) == "42"


def test_mermaid_label_escapes():
    assert mermaid.label('a"]; click c0 call alert(1); x["') == (
        '"a#quot;#93;#59; click c0 call alert#40;1#41;#59; x#91;#quot;"'
    )
    assert (
        mermaid.label("x\ny\r`{}|<>&#%\\")
        == '"x#10;y#13;#96;#123;#125;#124;#60;#62;#38;#35;#37;#92;"'
    )
    assert mermaid.label("eu-west 8.15.1") == '"eu-west 8.15.1"'


@given(st.text())
def test_md_cell_never_leaves_its_cell(text):
    out = markdown.md_cell(text)
    assert "\n" not in out and "\r" not in out and "<" not in out and ">" not in out
    assert unescaped_pipes(out) == 0
    assert not re.search(r"(?<!\\)(?:\\\\)*`", out)
    assert all(ch.isprintable() or ch == " " for ch in out)


@given(st.text())
def test_mermaid_label_never_leaves_its_quotes(text):
    out = mermaid.label(text)
    assert out[0] == out[-1] == '"'
    # every '#' starts an entity code that this function wrote
    assert re.fullmatch(r"(?:[^#;]|#(?:quot|\d+);)*", out[1:-1])
    plain = re.sub(r"#(?:quot|\d+);", "", out[1:-1])
    assert not set(plain) & set('"`<>|;[]{}()%&\\\n\r')
    assert all(ch.isprintable() for ch in plain)


def test_templates_reject_unescaped_text():
    env = markdown.environment()
    with pytest.raises(TypeError, match="unescaped text"):
        env.from_string("{{ value }}").render(value="<script>")
    assert (
        env.from_string("{{ value | md_cell }} {{ value | mermaid_label }} {{ n }}").render(
            value="<b>", n=3
        )
        == '&lt;b&gt; "#60;b#62;" 3'
    )


def test_template_is_shipped_inside_the_package():
    # Loaded through the package (PackageLoader), so found wherever it is installed.
    import runbook_lint

    installed = Path(runbook_lint.__file__).parent
    assert (installed / "report" / "templates" / "report.md.j2").is_file()
    assert markdown.environment().get_template("report.md.j2") is not None


# -- the command line ----------------------------------------------------------


def test_cli_markdown_on_a_broken_runbook(tmp_path):
    path = tmp_path / "broken.rbk"
    path.write_text(NOT_PAUSED)
    done = run_cli("check", "--format", "markdown", "broken.rbk", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode("utf-8")
    assert out == report(lint_text(NOT_PAUSED, "broken.rbk"))
    assert "## broken.rbk\n" in out and "| 6 | RL202 | error |" in out and "```mermaid\n" in out


def test_cli_markdown_on_a_clean_runbook_and_to_a_file(tmp_path):
    (tmp_path / "bi.rbk").write_text(BI_DIRECTIONAL)
    done = run_cli("check", "--format", "markdown", "-o", "summary.md", "bi.rbk", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert text == BI_DIRECTIONAL_REPORT.replace("runbooks/bi.rbk", "bi.rbk")
    assert "```mermaid" not in text


def test_common_formats_do_not_load_jinja2(tmp_path):
    (tmp_path / "bi.rbk").write_text(BI_DIRECTIONAL)
    code = (
        "import sys\n"
        "from runbook_lint.cli import main\n"
        "for fmt in ('full', 'concise', 'json'):\n"
        "    main(['check', '--format', fmt, 'bi.rbk'])\n"
        "assert 'jinja2' not in sys.modules, 'jinja2 was imported'\n"
        "main(['check', '--format', 'markdown', 'bi.rbk'])\n"
        "assert 'jinja2' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()
