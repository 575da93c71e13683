"""A topology as a Mermaid flowchart: leader --> follower, bi-directional groups marked.

Used by the markdown report of ``check`` (with the clusters and relations its
diagnostics are about highlighted) and by ``plan --format markdown``.  Plain
Python, no jinja2: the text is simple, and the escaping below is the only thing
that stands between a runbook and the page that renders the diagram.

Safety rules, all enforced here (callers do not escape anything):

* node and subgraph IDs are generated (``c0``, ``c1``, ... and ``g0``, ...),
  never a cluster name, so no name can be read as Mermaid syntax or a keyword
  (``end``, ``click``, ``style`` ...);
* every text a runbook supplies (cluster names, versions, node names, relation
  qualifiers) is written inside a double-quoted label, and every character that
  could end the quote, the line or the statement, or be read as HTML or
  Markdown, is replaced by a Mermaid entity code (``#quot;``, ``#60;``, ...).
  Mermaid decodes those codes back to the characters when it renders.

Mermaid's limits (both "secure" settings, which a diagram cannot raise): at
most 500 edges (``maxEdges``; past it the page shows "Edge limit exceeded")
and 50,000 characters of text (``maxTextSize``).  So a diagram draws one edge
per (follower, leader) pair, however many relations the pair has, and when
even that is too much it draws the part that fits, the clusters the
diagnostics are about and their neighbours first, and says so.

Direction: left to right while the layout's estimated width fits
``mermaid_layout.MAX_WIDTH`` pixels, else top-down, so long chains stay
legible (``mermaid_layout.direction``).

Output shape (deterministic: clusters in declaration order, edges in the order
of each pair's first relation, groups in the model's order)::

    flowchart LR
        %% edges run from leader to follower; ==> marks a bi-directional relation
        c2["dr<br/>8.14.3"]
        subgraph g0 ["bi-directional group"]
            c0["a<br/>8.18.2"]
            c1["b<br/>8.18.2"]
        end
        c1 ==> c0
        c0 ==>|"2 relations"| c1
        c0 -->|"index #quot;orders#quot;"| c2
        classDef error fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328
        class c2 error
        linkStyle 2 stroke:#cf222e,stroke-width:3px
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runbook_lint.records import record
from runbook_lint.report import mermaid_layout
from runbook_lint.report.highlight import Highlight, Pair

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.model.topology import ClusterModel, Topology

__all__ = [
    "GROUP_TITLE",
    "MAX_EDGES",
    "MAX_TEXT",
    "Diagram",
    "Highlight",
    "diagram",
    "escape",
    "flowchart",
    "group_id",
    "label",
    "node_id",
    "text_size",
]

GROUP_TITLE = "bi-directional group"
INDENT = "    "
HEADER = "%% edges run from leader to follower; ==> marks a bi-directional relation"

MAX_EDGES = 500  # Mermaid's maxEdges: the 501st edge is an error
MAX_TEXT = 50_000  # Mermaid's maxTextSize, in UTF-16 code units (JavaScript's length)

# Severity rank (severity.py: info 0, warning 1, error 2) -> class name and style.
_CLASSES = {
    2: ("error", "fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328", "#cf222e"),
    1: ("warning", "fill:#fff8c5,stroke:#9a6700,stroke-width:3px,color:#1f2328", "#9a6700"),
    0: ("info", "fill:#ddf4ff,stroke:#0969da,stroke-width:3px,color:#1f2328", "#0969da"),
}
SEVERITY_CLASSES = {rank: name for rank, (name, _, _) in _CLASSES.items()}

# Characters a label may not hold as they are: they could close the quote (")
# or the shape ([ ] ( ) { }), start an edge label (|), end the statement (;),
# open HTML (< > &), Markdown strings (`), an entity code (#) or a comment (%),
# or act as an escape (\). Each becomes "#<decimal>;", '"' becomes "#quot;".
_SPECIAL = frozenset('"#%&;<>[\\]`{|}()')


def _entity(ch: str) -> str:
    return "#quot;" if ch == '"' else f"#{ord(ch)};"


def escape(text: object) -> str:
    """``text`` made safe for the inside of a double-quoted Mermaid label.

    Line breaks, tabs and every other non-printable character (control and
    format characters, Unicode line separators) become entity codes too, so a
    label always stays on its line.
    """
    return "".join(
        _entity(ch) if ch in _SPECIAL or not (ch.isprintable() or ch == " ") else ch
        for ch in str(text)
    )


def label(text: object) -> str:
    """A complete quoted label: ``"..."`` with its content escaped (the ``mermaid_label`` filter)."""
    return f'"{escape(text)}"'


def node_id(cluster_index: int) -> str:
    """The generated ID of a cluster's node (the cluster's index in the topology)."""
    return f"c{cluster_index}"


def group_id(group_index: int) -> str:
    """The generated ID of a bi-directional group's subgraph."""
    return f"g{group_index}"


def text_size(text: str) -> int:
    """The length Mermaid measures: UTF-16 code units (a character past U+FFFF counts 2)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


# ---------------------------------------------------------------------------
# The diagram
# ---------------------------------------------------------------------------


@record
class Diagram:
    """A flowchart's text and what it shows of the topology."""

    text: str
    direction: str
    clusters: int  # drawn
    edges: int  # drawn (one per pair)
    all_clusters: int
    all_edges: int
    severities: tuple[int, ...]  # the ranks highlighted in the drawing, most severe first

    @property
    def complete(self) -> bool:
        return self.clusters == self.all_clusters and self.edges == self.all_edges


def _node_text(cluster: ClusterModel) -> tuple[str, int]:
    """A node's label (escaped) and its widest line in characters, for the width estimate."""
    version = cluster.declaration.version.text
    if cluster.declares_nodes:
        count = len(cluster.nodes)
        version += f", {count} node" + ("" if count == 1 else "s")
    # "<br/>" is this module's own markup, between escaped parts; Mermaid's
    # strict security level keeps <br>.
    return escape(cluster.name) + "<br/>" + escape(version), max(len(cluster.name), len(version))


def _pairs(topology: Topology) -> list[Pair]:
    """Every (follower, leader) pair, in the order of its first relation."""
    seen: dict[Pair, None] = {}
    for relation in topology.relations:
        seen.setdefault((relation.follower, relation.leader), None)
    return list(seen)


def _edge(topology: Topology, pair: Pair) -> str:
    follower, leader = pair
    relations = topology.by_pair[pair]
    first = topology.relations[relations[0]]
    arrow = "==>" if first.bidirectional else "-->"
    if len(relations) > 1:
        arrow += "|" + label(f"{len(relations):,} relations") + "|"
    elif first.kind is not None:
        arrow += "|" + label(f'{first.kind} "{first.label}"') + "|"
    return f"{node_id(leader)} {arrow} {node_id(follower)}"


def diagram(
    topology: Topology, highlight: Highlight | None = None, direction: str | None = None
) -> Diagram:
    """The Mermaid flowchart of ``topology``, within Mermaid's limits.

    One node per cluster (its name and starting version, and its node count when
    it names nodes); one edge per (follower, leader) pair, from leader to
    follower, labelled with the relation's qualifier (``index "orders"``) when
    the pair has one relation, with the count (``3 relations``) when it has
    several. Each bi-directional group is a subgraph titled "bi-directional
    group" (numbered when there are several); the edges inside a group are
    thick (``==>``). The clusters and pairs in ``highlight`` get the class
    and the edge style of their severity. ``direction`` (``LR``, ``TD`` ...)
    overrides the choice by width. The text goes inside a ```` ```mermaid ````
    fence as it is: it holds no backtick and no raw line break from the runbook.
    """
    if direction is not None and direction not in ("LR", "RL", "TB", "TD", "BT"):
        raise ValueError(f"not a flowchart direction: {direction!r}")
    highlight = highlight or Highlight({}, {})
    pairs = _pairs(topology)
    labels = [_node_text(cluster) for cluster in topology.clusters]
    nodes = [f'{node_id(c.index)}["{labels[c.index][0]}"]' for c in topology.clusters]
    chosen = set(range(len(nodes)))
    if len(pairs) <= MAX_EDGES:
        drawing = _draw(topology, highlight, direction, pairs, nodes, labels, chosen)
        if text_size(drawing.text) <= MAX_TEXT:
            return drawing
    budget = MAX_TEXT
    while True:
        # choose() counts from above, so one round is enough; the loop only
        # guards the limit against a mistake in that count.
        chosen = mermaid_layout.choose(
            topology,
            pairs,
            [text_size(node) for node in nodes],
            [text_size(_edge(topology, pair)) for pair in pairs],
            highlight,
            MAX_EDGES,
            budget,
        )
        drawing = _draw(topology, highlight, direction, pairs, nodes, labels, chosen)
        if text_size(drawing.text) <= MAX_TEXT:
            return drawing
        budget //= 2


def _draw(
    topology: Topology,
    highlight: Highlight,
    direction: str | None,
    pairs: Sequence[Pair],
    nodes: Sequence[str],
    labels: Sequence[tuple[str, int]],
    chosen: set[int],
) -> Diagram:
    """The diagram of the ``chosen`` clusters and the pairs between them."""
    drawn = [pair for pair in pairs if pair[0] in chosen and pair[1] in chosen]
    if direction is None:
        direction = mermaid_layout.direction(topology, drawn, {c: labels[c][1] for c in chosen})
    lines = [f"flowchart {direction}", INDENT + HEADER]
    if len(chosen) < len(nodes) or len(drawn) < len(pairs):
        lines.append(
            f"{INDENT}%% showing {len(chosen)} of {len(nodes)} clusters and {len(drawn)} of"
            f" {len(pairs)} edges: Mermaid draws at most {MAX_EDGES} edges"
            f" and {MAX_TEXT} characters"
        )
    grouped = {member for members in topology.groups for member in members}
    for cluster in topology.clusters:
        if cluster.index not in grouped and cluster.index in chosen:
            lines.append(INDENT + nodes[cluster.index])
    numbered = len(topology.groups) > 1
    for number, group_members in enumerate(topology.groups):
        shown = [member for member in group_members if member in chosen]
        if not shown:
            continue
        title = f"{GROUP_TITLE} {number + 1}" if numbered else GROUP_TITLE
        lines.append(f'{INDENT}subgraph {group_id(number)} ["{title}"]')
        lines.extend(INDENT * 2 + nodes[member] for member in shown)
        lines.append(INDENT + "end")
    lines.extend(INDENT + _edge(topology, pair) for pair in drawn)
    severities = _styles(lines, highlight, chosen, drawn)
    return Diagram(
        "".join(line + "\n" for line in lines),
        direction,
        len(chosen),
        len(drawn),
        len(nodes),
        len(pairs),
        severities,
    )


def _styles(
    lines: list[str], highlight: Highlight, chosen: set[int], drawn: Sequence[Pair]
) -> tuple[int, ...]:
    """Append the classDef, class and linkStyle statements; the ranks they use."""
    by_rank: dict[int, tuple[list[str], list[str]]] = {}
    for cluster in sorted(highlight.clusters):
        if cluster in chosen:
            by_rank.setdefault(highlight.clusters[cluster], ([], []))[0].append(node_id(cluster))
    for number, pair in enumerate(drawn):
        rank = highlight.pairs.get(pair)
        if rank is not None:
            by_rank.setdefault(rank, ([], []))[1].append(str(number))
    for rank in sorted(by_rank, reverse=True):
        name, node_style, colour = _CLASSES[rank]
        ids, edges = by_rank[rank]
        if ids:
            lines.append(f"{INDENT}classDef {name} {node_style}")
            lines.append(f"{INDENT}class {','.join(ids)} {name}")
        if edges:
            lines.append(f"{INDENT}linkStyle {','.join(edges)} stroke:{colour},stroke-width:3px")
    return tuple(sorted(by_rank, reverse=True))


def flowchart(
    topology: Topology, direction: str | None = None, highlight: Highlight | None = None
) -> str:
    """The Mermaid source of ``topology``'s diagram (``diagram(...).text``), ending with a newline."""
    return diagram(topology, highlight, direction).text
