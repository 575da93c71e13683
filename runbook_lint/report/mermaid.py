"""A topology as a Mermaid flowchart: leader --> follower, bi-directional groups marked.

Used by the markdown report of ``check`` and by ``plan --format markdown``.
Plain Python, no jinja2: the text is simple, and the escaping below is the only
thing that stands between a runbook and the page that renders the diagram.

Safety rules, all enforced here (callers do not escape anything):

* node and subgraph IDs are generated (``c0``, ``c1``, ... and ``g0``, ...),
  never a cluster name, so no name can be read as Mermaid syntax or a keyword
  (``end``, ``click``, ``style`` ...);
* every text a runbook supplies (cluster names, versions, node names, relation
  qualifiers) is written inside a double-quoted label, and every character that
  could end the quote, the line or the statement, or be read as HTML or
  Markdown, is replaced by a Mermaid entity code (``#quot;``, ``#60;``, ...).
  Mermaid decodes those codes back to the characters when it renders.

Output shape (deterministic: clusters and relations in declaration order,
groups in the model's order)::

    flowchart LR
        %% edges run from leader to follower; ==> marks a bi-directional relation
        c2["dr<br/>8.14.3"]
        subgraph g0 ["bi-directional group"]
            c0["a<br/>8.18.2"]
            c1["b<br/>8.18.2"]
        end
        c1 ==> c0
        c0 ==> c1
        c1 ==>|"auto-follow #quot;logs#quot;"| c0
        c0 -->|"index #quot;orders#quot;"| c2
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runbook_lint.model.topology import ClusterModel, RelationModel, Topology

__all__ = ["GROUP_TITLE", "escape", "flowchart", "group_id", "label", "node_id"]

GROUP_TITLE = "bi-directional group"
INDENT = "    "

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


def _node(cluster: ClusterModel) -> str:
    # "<br/>" is this module's own markup, between escaped parts; Mermaid's
    # strict security level keeps <br>.
    text = escape(cluster.name) + "<br/>" + escape(cluster.declaration.version.text)
    if cluster.declares_nodes:
        count = len(cluster.nodes)
        text += escape(f", {count} node" + ("" if count == 1 else "s"))
    return f'{node_id(cluster.index)}["{text}"]'


def _edge(relation: RelationModel) -> str:
    arrow = "==>" if relation.bidirectional else "-->"
    if relation.kind is not None:
        arrow += "|" + label(f'{relation.kind} "{relation.label}"') + "|"
    return f"{node_id(relation.leader)} {arrow} {node_id(relation.follower)}"


def flowchart(topology: Topology, direction: str = "LR") -> str:
    """The Mermaid source of ``topology``'s diagram, ending with a newline.

    One node per cluster (its name and starting version, and its node count when
    it names nodes); one edge per declared relation, from leader to follower,
    labelled with its qualifier (``index "orders"``, ``auto-follow "logs"``)
    when it has one. Each bi-directional group is a subgraph titled
    "bi-directional group" (numbered when there are several), and the relations
    inside a group are thick arrows (``==>``). The text goes inside a
    ```` ```mermaid ```` fence as it is: it holds no backtick and no raw line
    break from the runbook.
    """
    if direction not in ("LR", "RL", "TB", "TD", "BT"):
        raise ValueError(f"not a flowchart direction: {direction!r}")
    lines = [
        f"flowchart {direction}",
        INDENT + "%% edges run from leader to follower; ==> marks a bi-directional relation",
    ]
    grouped = {member for members in topology.groups for member in members}
    for cluster in topology.clusters:
        if cluster.index not in grouped:
            lines.append(INDENT + _node(cluster))
    numbered = len(topology.groups) > 1
    for number, members in enumerate(topology.groups):
        title = f"{GROUP_TITLE} {number + 1}" if numbered else GROUP_TITLE
        lines.append(f'{INDENT}subgraph {group_id(number)} ["{title}"]')
        for member in members:
            lines.append(INDENT * 2 + _node(topology.clusters[member]))
        lines.append(INDENT + "end")
    for relation in topology.relations:
        lines.append(INDENT + _edge(relation))
    return "".join(line + "\n" for line in lines)
