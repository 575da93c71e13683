"""The topology a runbook declares: clusters, nodes, relations, bi-directional groups.

Built once from the declarations, wherever they stand (they take effect together
before the first action).  What is irregular about a declaration (late, repeated,
following itself, naming an undeclared cluster, a node attribute that is no
role or is repeated) is recorded as a ``Remark``, a fact without words: the
rule modules ``check/rules/declarations.py`` and ``check/rules/names.py`` say
what each one means (RL101-RL104, RL107, RL108).  A statement or an attribute
that is ignored is simply left out of the model.

Each node starts on its own ``version`` attribute, else on its cluster's
``version``; the state's lowest and highest versions follow from the nodes.

Over ~300 lines on purpose: ``build`` is the one pass over the declarations,
and each Remark it records stands beside the fact it checks; the records and
the group finding (``bidirectional_groups``) are small.
"""

from __future__ import annotations

from runbook_lint.model.roles import ROLES
from runbook_lint.model.versions import Version
from runbook_lint.records import field, record
from runbook_lint.syntax import ast

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Callable

UNIT = ""  # the one "node" of a cluster declared without `nodes`


@record(frozen=False)
class ClusterModel:
    index: int
    name: str
    declaration: ast.Cluster
    version: Version  # the cluster's declared `version`
    nodes: tuple[str, ...]  # (UNIT,) when the cluster declares no nodes
    node_index: dict[str, int]
    declares_nodes: bool
    # Per node, parallel to ``nodes``: the version it starts on (its `version`
    # attribute, else the cluster's) and its known roles, each once, as written.
    starts: tuple[Version, ...] = ()
    roles: tuple[tuple[str, ...], ...] = ()
    group: int | None = None  # its bi-directional group, if any
    leads: list[int] = field(default_factory=list)  # relations where it is the leader
    follows: list[int] = field(default_factory=list)  # relations where it is the follower
    # What the checks after an upgrade read, side by side: (relation, follower)
    # for the uni-directional relations it leads, (relation, leader) for those
    # it follows.  Kept here rather than reached through the relation objects,
    # which on a large topology lie scattered in memory.
    uni_followers: tuple[tuple[int, int], ...] = ()
    leaders: tuple[tuple[int, int], ...] = ()


@record(frozen=False)
class RelationModel:
    index: int
    declaration: ast.Relation
    follower: int
    leader: int
    kind: str | None  # "index", "auto-follow" or None
    label: str | None
    group: int | None = None  # set when both clusters are in one bi-directional group

    @property
    def bidirectional(self) -> bool:
        return self.group is not None

    def describe(self) -> str:
        return self.declaration.describe()


@record
class Remark:
    """Something irregular about a declaration; the rule modules put it in words.

    ``kind`` is one of KINDS; ``first`` is the span it repeats (or the first
    action, for "late"); ``names`` are the undeclared names, for "undeclared".
    For "attribute" (a node attribute ignored, RL108), ``statement`` is the
    attribute, ``node`` its node's name, and ``first`` the earlier one it
    repeats (None for a role that Elasticsearch does not know).
    """

    kind: str
    statement: ast.Target | ast.Cluster | ast.Relation | ast.Assume | ast.Name | ast.NodeVersion
    first: ast.Span | None = None
    names: tuple[ast.Name, ...] = ()
    cluster: str | None = None  # the cluster a repeated node (or an attribute) belongs to
    node: str | None = None  # the node an attribute belongs to


KINDS = ("late", "again", "self", "undeclared", "attribute")


# A relation's identity: (follower, leader, kind, label).
RelationKey = tuple[int, int, "str | None", "str | None"]


@record(frozen=False)
class Topology:
    clusters: list[ClusterModel]
    by_name: dict[str, ClusterModel]
    relations: list[RelationModel]
    by_pair: dict[tuple[int, int], list[int]]
    groups: list[list[int]]  # cluster indices of each bi-directional group
    group_relations: list[list[int]]  # relation indices inside each group
    target: Version | None
    target_declaration: ast.Target | None
    remarks: list[Remark]
    first_action: object | None  # the first action statement, if any
    # The first `assume` of each kind (language.md, "Time"); later ones are RL102.
    assumptions: dict[str, ast.Assume] = field(default_factory=dict)
    by_key: dict[RelationKey, int] = field(default_factory=dict)  # a relation's identity

    def match(self, operand: ast.Relation) -> list[int]:
        """The declared relations a `pause`/`resume` operand names (both clusters declared)."""
        follower = self.by_name[operand.follower.text].index
        leader = self.by_name[operand.leader.text].index
        qualifier = operand.qualifier
        if qualifier is None:
            return list(self.by_pair.get((follower, leader), ()))
        # One lookup, not a scan of the pair's relations: thousands of
        # qualified relations between two clusters, each paused, stay linear.
        found = self.by_key.get((follower, leader, qualifier.kind, qualifier.label))
        return [] if found is None else [found]


def first_action(runbook: ast.Runbook) -> ast.Action | None:
    return next(ast.actions(runbook.statements), None)


def build(runbook: ast.Runbook, parse_version: Callable[[str], Version]) -> Topology:
    """Build the topology; ``parse_version`` maps version text to a Version (cached)."""
    remarks: list[Remark] = []
    action = first_action(runbook)

    clusters: list[ClusterModel] = []
    by_name: dict[str, ClusterModel] = {}
    target = None
    target_declaration = None
    relation_statements: list[ast.Relation] = []
    assumptions: dict[str, ast.Assume] = {}  # by kind: "node-upgrade", "retention-lease"

    for statement in runbook.statements:
        if not isinstance(statement, ast.DECLARATIONS):
            continue
        if action is not None and statement.span.line > action.span.line:
            remarks.append(Remark("late", statement, action.span))
        if isinstance(statement, ast.Target):
            if target_declaration is not None:
                remarks.append(Remark("again", statement, target_declaration.span))
                continue
            target_declaration = statement
            target = parse_version(statement.version.text)
        elif isinstance(statement, ast.Cluster):
            name = statement.name.text
            if name in by_name:
                remarks.append(Remark("again", statement, by_name[name].declaration.span))
                continue
            version = parse_version(statement.version.text)
            nodes: list[str] = []
            node_index: dict[str, int] = {}
            starts: list[Version] = []
            roles: list[tuple[str, ...]] = []
            for node in statement.nodes:
                if node.name.text in node_index:
                    remarks.append(Remark("again", node.name, cluster=name))
                    continue
                node_index[node.name.text] = len(nodes)
                nodes.append(node.name.text)
                held, start = _attributes(node, name, remarks)
                starts.append(version if start is None else parse_version(start))
                roles.append(held)
            declares_nodes = bool(nodes)
            if not declares_nodes:
                nodes = [UNIT]
                node_index = {}
                starts = [version]
                roles = [()]
            model = ClusterModel(
                len(clusters),
                name,
                statement,
                version,
                tuple(nodes),
                node_index,
                declares_nodes,
                tuple(starts),
                tuple(roles),
            )
            clusters.append(model)
            by_name[name] = model
        elif isinstance(statement, ast.Assume):
            earlier = assumptions.get(statement.kind)
            if earlier is not None:
                remarks.append(Remark("again", statement, earlier.span))
                continue
            assumptions[statement.kind] = statement
        else:
            relation_statements.append(statement)

    relations: list[RelationModel] = []
    by_pair: dict[tuple[int, int], list[int]] = {}
    by_key: dict[RelationKey, int] = {}
    for statement in relation_statements:
        missing = [n for n in (statement.follower, statement.leader) if n.text not in by_name]
        if missing:
            remarks.append(Remark("undeclared", statement, names=tuple(missing)))
            continue
        follower = by_name[statement.follower.text]
        leader = by_name[statement.leader.text]
        if follower is leader:
            remarks.append(Remark("self", statement))
            continue
        qualifier = statement.qualifier
        kind = qualifier.kind if qualifier else None
        label = qualifier.label if qualifier else None
        key = (follower.index, leader.index, kind, label)
        if key in by_key:
            first = relations[by_key[key]].declaration
            remarks.append(Remark("again", statement, first.span))
            continue
        relation = RelationModel(
            len(relations), statement, follower.index, leader.index, kind, label
        )
        by_key[key] = relation.index
        relations.append(relation)
        by_pair.setdefault((follower.index, leader.index), []).append(relation.index)
        follower.follows.append(relation.index)
        leader.leads.append(relation.index)

    groups = bidirectional_groups(len(clusters), [(r.leader, r.follower) for r in relations])
    group_relations: list[list[int]] = [[] for _ in groups]
    for number, members in enumerate(groups):
        for member in members:
            clusters[member].group = number
    for relation in relations:
        group = clusters[relation.follower].group
        if group is not None and group == clusters[relation.leader].group:
            relation.group = group
            group_relations[group].append(relation.index)
    for cluster in clusters:
        cluster.uni_followers = tuple(
            (r, relations[r].follower) for r in cluster.leads if relations[r].group is None
        )
        cluster.leaders = tuple((r, relations[r].leader) for r in cluster.follows)

    return Topology(
        clusters,
        by_name,
        relations,
        by_pair,
        groups,
        group_relations,
        target,
        target_declaration,
        remarks,
        action,
        assumptions,
        by_key,
    )


def _attributes(
    node: ast.Node, cluster: str, remarks: list[Remark]
) -> tuple[tuple[str, ...], str | None]:
    """A node's known roles (each once, as written) and its `version` text, if any.

    An unknown role, a role named again and a second `version` are remarked
    (RL108) and ignored.
    """
    roles: dict[str, ast.Span] = {}
    version: ast.NodeVersion | None = None
    for attribute in node.attributes:
        if type(attribute) is ast.NodeVersion:
            if version is not None:
                remarks.append(_ignored(attribute, cluster, node, version.span))
                continue
            version = attribute
            continue
        assert type(attribute) is ast.Name
        role = attribute.text
        if role not in ROLES:
            remarks.append(_ignored(attribute, cluster, node, None))
        elif role in roles:
            remarks.append(_ignored(attribute, cluster, node, roles[role]))
        else:
            roles[role] = attribute.span
    return tuple(roles), (version.version.text if version is not None else None)


def _ignored(
    attribute: ast.Name | ast.NodeVersion, cluster: str, node: ast.Node, first: ast.Span | None
) -> Remark:
    return Remark("attribute", attribute, first, cluster=cluster, node=node.name.text)


def bidirectional_groups(count: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """Strongly connected components of two or more clusters (Tarjan's algorithm).

    Iterative, so that a chain of thousands of clusters cannot exhaust Python's
    recursion limit; linear in clusters plus relations.  Groups come out sorted
    by their smallest cluster index, members in index order, so that every
    report is deterministic.
    """
    successors: list[list[int]] = [[] for _ in range(count)]
    for source, target in edges:
        successors[source].append(target)
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    groups: list[list[int]] = []
    counter = 0
    for root in range(count):
        if index[root] != -1:
            continue
        work = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        while work:
            node, position = work[-1]
            children = successors[node]
            if position < len(children):
                work[-1] = (node, position + 1)
                child = children[position]
                if index[child] == -1:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = True
                    work.append((child, 0))
                elif on_stack[child] and index[child] < low[node]:
                    low[node] = index[child]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    groups.append(sorted(component))
    groups.sort(key=lambda members: members[0])
    return groups
