"""The Mermaid flowchart (report/mermaid.py, highlight.py, mermaid_layout.py; issue 16 item 5).

One edge per (follower, leader) pair labelled with its count of relations, the
clusters and pairs the diagnostics are about highlighted, Mermaid's limits
(500 edges, 50,000 characters) kept, top-down past an estimated 1,000 px.
Exact text on small topologies; on large ones the limits, and Mermaid's own
parser (tests/mermaid_support.py: node and the mermaid npm package, skipped
with the reason when they are missing) over the Markdown report.
"""

from __future__ import annotations

import time

import pytest
from conftest import EXAMPLES, lint_text
from mermaid_support import mermaid_blocks, parse

from runbook_lint.diagnostics import Diagnostic
from runbook_lint.model.topology import build
from runbook_lint.model.versions import Version
from runbook_lint.report import ReportOptions, highlight, markdown, mermaid, mermaid_layout
from runbook_lint.severity import Severity
from runbook_lint.syntax.ast import Span


def topology_of(result):
    assert result.runbook is not None
    return build(result.runbook, Version.parse)


def drawing(text: str, path: str = "t.rbk") -> mermaid.Diagram:
    """The diagram of ``text`` with what its diagnostics are about highlighted."""
    result = lint_text(text, path)
    topology = topology_of(result)
    return mermaid.diagram(topology, highlight.about(result.runbook, topology, result.diagnostics))


def chain(count: int, name: str = "c{}") -> str:
    """``count`` clusters, each following the one before: leaders first in the file."""
    lines = [f"cluster {name.format(i)} version 8.16.1" for i in range(count)]
    lines += [f"{name.format(i + 1)} follows {name.format(i)}" for i in range(count - 1)]
    return "\n".join(lines) + "\n"


# -- one edge per pair ---------------------------------------------------------

PAIRS = """\
cluster a version 8.16.1
cluster b version 8.16.1
cluster c version 8.16.1
b follows a index "x"
b follows a index "y"
c follows a index "orders"
b follows a auto-follow "z"
c follows b
"""


def test_one_edge_per_pair_labelled_with_its_count_or_its_qualifier():
    assert mermaid.flowchart(topology_of(lint_text(PAIRS))) == (
        "flowchart LR\n"
        "    %% edges run from leader to follower; ==> marks a bi-directional relation\n"
        '    c0["a<br/>8.16.1"]\n'
        '    c1["b<br/>8.16.1"]\n'
        '    c2["c<br/>8.16.1"]\n'
        '    c0 -->|"3 relations"| c1\n'
        '    c0 -->|"index #quot;orders#quot;"| c2\n'
        "    c1 --> c2\n"
    )


def test_thousands_of_relations_between_two_clusters_are_one_edge():
    text = "cluster a version 8.16.1\ncluster b version 8.16.1\n" + "".join(
        f'b follows a index "i{n}"\n' for n in range(1_200)
    )
    found = drawing(text)
    assert (found.edges, found.all_edges, found.clusters) == (1, 1, 2)
    assert '    c0 -->|"1,200 relations"| c1\n' in found.text
    assert found.complete


# -- the highlight -------------------------------------------------------------


def test_a_broken_and_a_fixed_runbook_do_not_look_the_same():
    broken = lint_text((EXAMPLES / "chain_wrong_order.rbk").read_text())
    fixed = lint_text((EXAMPLES / "chain.rbk").read_text())
    assert [(d.span.line, d.code) for d in broken.diagnostics] == [(8, "RL201")]
    assert fixed.diagnostics == []
    common = (
        "flowchart LR\n"
        "    %% edges run from leader to follower; ==> marks a bi-directional relation\n"
        '    c0["A<br/>8.16.1"]\n'
        '    c1["B<br/>8.16.1"]\n'
        '    c2["C<br/>8.16.1"]\n'
        "    c0 --> c1\n"
        "    c1 --> c2\n"
    )
    drawn_fixed = drawing((EXAMPLES / "chain.rbk").read_text())
    assert drawn_fixed.text == common and drawn_fixed.severities == ()
    # RL201 at 'upgrade A' (cluster A), its related location 'B follows A' (edge 0).
    drawn_broken = drawing((EXAMPLES / "chain_wrong_order.rbk").read_text())
    assert drawn_broken.text == common + (
        "    classDef error fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328\n"
        "    class c0 error\n"
        "    linkStyle 0 stroke:#cf222e,stroke-width:3px\n"
    )
    assert drawn_broken.severities == (2,)


def test_each_subject_takes_its_most_severe_diagnostic():
    text = (
        "cluster a version 8.16.1\ncluster b version 8.16.1\ncluster c version 8.16.1\n"
        "b follows a\n"
        "upgrade c to 8.16.1\n"  # RL302 (warning): c already runs it
        "upgrade a to 8.17.0\n"  # RL201 (error): a before its follower b
        "upgrade b to 8.17.0\n"
    )
    result = lint_text(text)
    assert sorted((d.span.line, d.code, d.severity.value) for d in result.diagnostics) == [
        (5, "RL302", "warning"),
        (6, "RL201", "error"),
    ]
    topology = topology_of(result)
    about = highlight.about(result.runbook, topology, result.diagnostics)
    assert about == highlight.Highlight({0: 2, 2: 1}, {(1, 0): 2})
    lines = mermaid.diagram(topology, about).text.splitlines()
    assert lines[-5:] == [
        "    classDef error fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328",
        "    class c0 error",
        "    linkStyle 0 stroke:#cf222e,stroke-width:3px",
        "    classDef warning fill:#fff8c5,stroke:#9a6700,stroke-width:3px,color:#1f2328",
        "    class c2 warning",
    ]
    # A later warning about the same cluster does not lower it.
    again = highlight.about(
        result.runbook, topology, [*result.diagnostics, *reversed(result.diagnostics)]
    )
    assert again == about


def test_pause_all_and_resume_all_are_about_every_pair():
    text = (
        "assume node-upgrade 1h\nassume retention-lease 1h\n"
        "cluster a version 8.16.1\ncluster b version 8.16.1\ncluster c version 8.16.1\n"
        "b follows a\nc follows a\n"
        "pause all\nupgrade c to 8.17.0\nupgrade b to 8.17.0\nresume all\nupgrade a to 8.17.0\n"
    )
    result = lint_text(text)
    assert [(d.span.line, d.code) for d in result.diagnostics] == [(11, "RL310")]
    topology = topology_of(result)
    about = highlight.about(result.runbook, topology, result.diagnostics)
    assert about == highlight.Highlight({}, {(1, 0): 2, (2, 0): 2})


def test_undeclared_names_highlight_nothing():
    text = "cluster a version 8.16.1\nb follows a\nupgrade x to 8.17.0\n"
    result = lint_text(text)
    assert sorted(d.code for d in result.diagnostics) == ["RL101", "RL101"]
    topology = topology_of(result)
    assert highlight.about(result.runbook, topology, result.diagnostics) == highlight.Highlight(
        {}, {}
    )


# -- direction by width --------------------------------------------------------


@pytest.mark.parametrize(
    "text, direction",
    [
        # 8 px x 6 characters ("8.16.1") + 80 px = 128 px a rank: 7 ranks are 896 px, 8 are 1,024.
        (chain(7), "LR"),
        (chain(8), "TD"),
        # Long names: three ranks of 8 x 40 + 80 = 400 px are 1,200 px.
        (chain(3, "n{}" + "x" * 38), "TD"),
        # One leader, 40 followers: two ranks, narrow left to right.
        (
            "cluster hub version 8.16.1\n"
            + "".join(f"cluster f{i} version 8.16.1\nf{i} follows hub\n" for i in range(40)),
            "LR",
        ),
        # Nine ranks (1,152 px) but 31 clusters side by side in one: top-down is wider.
        (
            chain(9)
            + "".join(f"cluster f{i} version 8.16.1\nf{i} follows c0\n" for i in range(30)),
            "LR",
        ),
    ],
    ids=["chain-7", "chain-8", "long-names", "star", "wide-rank"],
)
def test_direction(text, direction):
    found = drawing(text)
    assert found.direction == direction
    assert found.text.startswith(f"flowchart {direction}\n")


def test_a_bi_directional_group_spans_a_rank_per_member():
    # 3 clusters in a chain after a group of 5: 8 ranks of 128 px.
    group = "".join(f"cluster g{i} version 8.16.1\n" for i in range(5))
    group += "".join(f"g{(i + 1) % 5} follows g{i}\n" for i in range(5))
    tail = "cluster t0 version 8.16.1\ncluster t1 version 8.16.1\ncluster t2 version 8.16.1\n"
    tail += "t0 follows g4\nt1 follows t0\nt2 follows t1\n"
    assert drawing(group + tail).direction == "TD"
    assert drawing(group + tail.replace("t2 follows t1\n", "")).direction == "LR"


def test_the_width_constants_are_the_documented_ones():
    assert (mermaid_layout.MAX_WIDTH, mermaid_layout.CHAR_WIDTH, mermaid_layout.NODE_PADDING) == (
        1000,
        8,
        80,
    )
    assert (mermaid.MAX_EDGES, mermaid.MAX_TEXT) == (500, 50_000)


def test_an_explicit_direction_wins():
    assert mermaid.flowchart(topology_of(lint_text(chain(12))), direction="LR").startswith(
        "flowchart LR\n"
    )


# -- Mermaid's limits ----------------------------------------------------------


def test_past_500_pairs_the_part_around_the_diagnostics_is_drawn():
    # 601 clusters in a chain: 600 pairs. Upgrading c300 first breaks 'c301 follows c300'.
    text = chain(601) + "upgrade c300 to 8.17.0\n"
    result = lint_text(text)
    assert [(d.span.line, d.code) for d in result.diagnostics] == [(1202, "RL201")]
    found = drawing(text)
    assert (found.all_clusters, found.all_edges) == (601, 600)
    assert (found.clusters, found.edges) == (501, 500)
    assert not found.complete
    drawn = sorted(int(line.split("[")[0].strip()[1:]) for line in found.text.splitlines()[3:504])
    assert drawn == list(range(drawn[0], drawn[0] + 501)) and 300 in drawn[200:301]
    assert found.text.splitlines()[2] == (
        "    %% showing 501 of 601 clusters and 500 of 600 edges:"
        " Mermaid draws at most 500 edges and 50000 characters"
    )
    assert "    class c300 error\n" in found.text
    assert found.direction == "TD"


def test_past_50000_characters_the_part_that_fits_is_drawn():
    name = "n{}-" + "x" * 200
    found = drawing(chain(300, name))
    assert found.clusters < 300 and found.edges == found.clusters - 1
    assert mermaid.text_size(found.text) <= mermaid.MAX_TEXT
    # Characters past U+FFFF count twice, as JavaScript counts them.
    assert mermaid.text_size("a\U0001f600") == 3


def test_a_topology_within_the_limits_is_drawn_whole():
    # 600 relations over 200 pairs (three each): every cluster, every pair.
    lines = [f"cluster c{i} version 8.16.1" for i in range(201)]
    lines += [f'c{i + 1} follows c{i} index "{k}"' for i in range(200) for k in "xyz"]
    found = drawing("\n".join(lines) + "\n")
    assert (found.clusters, found.edges, found.all_edges) == (201, 200, 200)
    assert found.complete and found.text.count('|"3 relations"|') == 200


# -- Mermaid's own parser over the Markdown report -------------------------------

# Four runbooks of 600 relations each, broken, so that each has its diagram.
SIX_HUNDRED = {
    "one-pair.rbk": "cluster a version 8.16.1\ncluster b version 8.16.1\n"
    + "".join(f'b follows a index "i{n}"\n' for n in range(600))
    + "upgrade a to 8.17.0\n",
    "three-per-pair.rbk": "\n".join(
        [f"cluster c{i} version 8.16.1" for i in range(201)]
        + [f'c{i + 1} follows c{i} index "{k}"' for i in range(200) for k in "xyz"]
        + ["upgrade c0 to 8.17.0"]
    )
    + "\n",
    "chain-601.rbk": chain(601) + "upgrade c300 to 8.17.0\n",
    "bi-directional.rbk": "cluster a version 8.16.1\ncluster b version 8.16.1\n"
    + "".join(f'b follows a index "i{n}"\n' for n in range(300))
    + "".join(f'a follows b auto-follow "p{n}"\n' for n in range(300))
    + "upgrade a to 8.17.0\nupgrade b to 8.17.0\n",
}


@pytest.fixture(scope="module")
def report_of_600():
    results = [lint_text(text, path) for path, text in SIX_HUNDRED.items()]
    for result in results:
        assert len(topology_of(result).relations) == 600, result.path
        assert result.diagnostics, result.path
    return markdown.render(results, ReportOptions())


def test_the_600_relation_report_keeps_the_limits(report_of_600):
    blocks = mermaid_blocks(report_of_600)
    assert len(blocks) == 4
    for block in blocks:
        edges = [line for line in block.splitlines() if line.startswith("    c") and "> c" in line]
        assert len(edges) <= mermaid.MAX_EDGES
        assert mermaid.text_size(block) <= mermaid.MAX_TEXT
    assert (
        "The diagram shows 501 of the 601 clusters and 500 of the 600 edges, the clusters the"
        " diagnostics are about and their neighbours first: Mermaid draws at most 500 edges"
        " and 50,000 characters.\n"
    ) in report_of_600


@pytest.mark.slow
def test_mermaid_parses_the_600_relation_report(report_of_600):
    blocks = mermaid_blocks(report_of_600)
    # The control: drawn one edge per relation, Mermaid refuses the same topology.
    one_per_relation = "flowchart LR\n" + "".join(f"    c0 --> c{n + 1}\n" for n in range(600))
    results = parse([*blocks, one_per_relation])
    assert [r["ok"] for r in results] == [True] * len(blocks) + [False]
    assert {r["type"] for r in results[:-1]} == {"flowchart-v2"}
    assert "Edge limit exceeded" in str(results[-1]["error"])


@pytest.mark.slow
def test_mermaid_parses_every_highlight_and_direction():
    texts = [
        drawing(PAIRS).text,
        drawing((EXAMPLES / "chain_wrong_order.rbk").read_text()).text,
        drawing((EXAMPLES / "bi_directional_not_paused.rbk").read_text()).text,
        drawing(chain(12)).text,
        drawing(
            "cluster a version 8.16.1\ncluster b version 8.16.1\nb follows a\n"
            "upgrade b to 8.17.0\nupgrade b to 8.17.0\nupgrade a to 8.17.0\n"
        ).text,
    ]
    # 500 highlighted edges and 501 highlighted clusters: the longest linkStyle and class lists.
    star = topology_of(
        lint_text(
            "cluster hub version 8.16.1\n"
            + "".join(f"cluster f{i} version 8.16.1\nf{i} follows hub\n" for i in range(500))
        )
    )
    every = highlight.Highlight(dict.fromkeys(range(501), 2), dict.fromkeys(star.by_pair, 1))
    texts.append(mermaid.diagram(star, every).text)
    assert texts[-1].count(",") > 1_000 and "    linkStyle 0,1,2," in texts[-1]
    assert any("classDef warning" in t for t in texts) and any("flowchart TD" in t for t in texts)
    assert [r["ok"] for r in parse(texts)] == [True] * len(texts)


def test_many_diagnostics_at_pause_all_lines_cost_one_pass():
    # 5,000 pairs and 20,000 diagnostics at `pause all` lines: one pass over the
    # pairs, not one per diagnostic (that would be 10^8 steps, tens of seconds).
    text = "cluster hub version 8.16.1\n"
    text += "".join(f"cluster f{i} version 8.16.1\nf{i} follows hub\n" for i in range(5_000))
    text += "pause all\npause all\n"
    result = lint_text(text)
    topology = topology_of(result)
    lines = (10_002, 10_003)
    assert all(type(s).__name__ == "Pause" for s in result.runbook.statements[-2:])
    diagnostics = [
        Diagnostic("t.rbk", Span(lines[n % 2], 1, lines[n % 2], 10), "RL302", severity, "m")
        for n, severity in enumerate([Severity.INFO] * 19_999 + [Severity.WARNING])
    ]
    start = time.perf_counter()
    found = highlight.about(result.runbook, topology, diagnostics)
    assert time.perf_counter() - start < 2
    assert found == highlight.Highlight({}, {(i + 1, 0): 1 for i in range(5_000)})
