"""A deliberately simple reference implementation of spec/rules.md.

Independent of ``runbook_lint.check`` and ``runbook_lint.model.topology``: it reads the
AST and recomputes everything the naive way (bi-directional groups by
reachability, lowest/highest node versions by scanning, and every order of a
``parallel`` block by brute force).  It is slow on purpose and meant only to
judge the real checker in tests/test_parallel_reference.py.

``reference(runbook)`` returns the set of (line, code) the rules give.
"""

from __future__ import annotations

import copy
import itertools

from runbook_lint.model.versions import Version, compatibility, upgrade_path
from runbook_lint.syntax import ast

# The rules a `parallel` block judges on the state before the block (rules.md,
# "What counts when"); every other rule is judged in every order of the block.
ORDER_INDEPENDENT = {"RL101", "RL105", "RL106", "RL301", "RL302", "RL303", "RL308"}

UNIT = None  # the one "node" of a cluster declared without `nodes`

# Elasticsearch's node roles (language.md) and Elastic's rolling-upgrade order
# (rules.md, RL309), written out again here rather than imported.
ROLE_NAMES = {
    "master", "voting_only", "data", "data_content", "data_hot", "data_warm", "data_cold",
    "data_frozen", "ingest", "ml", "remote_cluster_client", "transform",
}  # fmt: skip


def node_rank(roles) -> int | None:
    """0 frozen, 1 cold, 2 warm, 3 hot, 4 other data, 5 neither, 6 master-eligible."""
    if not roles:
        return None
    if "master" in roles or "voting_only" in roles:
        return 6
    for number, tier in enumerate(["data_frozen", "data_cold", "data_warm", "data_hot"]):
        if tier in roles:
            return number
    if "data" in roles or "data_content" in roles:
        return 4
    return 5


def v(text: str) -> Version:
    return Version.parse(text)


class Reference:
    def __init__(self, runbook: ast.Runbook) -> None:
        self.runbook = runbook
        self.found: set[tuple[int, str]] = set()
        self.declare()

    # -- declarations ----------------------------------------------------------

    def declare(self) -> None:
        statements = list(self.runbook.statements)
        flat = list(_flatten(statements))
        first = next(
            (
                i
                for i, s in enumerate(flat)
                if isinstance(s, (ast.Upgrade, ast.Pause, ast.Resume, ast.Note))
            ),
            None,
        )
        self.target: Version | None = None
        seen_target = False
        self.clusters: dict[str, dict] = {}  # name -> {"line", "nodes": [names] or None, "start"}
        relation_statements = []
        for position, statement in enumerate(flat):
            if not isinstance(statement, (ast.Target, ast.Cluster, ast.Relation)):
                continue
            if first is not None and position > first:
                self.found.add((statement.span.line, "RL107"))
            if isinstance(statement, ast.Target):
                if seen_target:
                    self.found.add((statement.span.line, "RL102"))
                else:
                    seen_target = True
                    self.target = v(statement.version.text)
            elif isinstance(statement, ast.Cluster):
                name = statement.name.text
                if name in self.clusters:
                    self.found.add((statement.span.line, "RL102"))
                    continue
                nodes: list[str] = []
                starts: dict[str, Version] = {}
                ranks: dict[str, int | None] = {}
                for node in statement.nodes:
                    if node.name.text in nodes:
                        self.found.add((node.span.line, "RL102"))
                        continue
                    nodes.append(node.name.text)
                    roles: list[str] = []
                    start = None
                    for attribute in node.attributes:
                        if isinstance(attribute, ast.NodeVersion):
                            if start is not None:
                                self.found.add((attribute.span.line, "RL108"))
                            else:
                                start = v(attribute.version.text)
                        elif attribute.text not in ROLE_NAMES or attribute.text in roles:
                            self.found.add((attribute.span.line, "RL108"))
                        else:
                            roles.append(attribute.text)
                    starts[node.name.text] = start or v(statement.version.text)
                    ranks[node.name.text] = node_rank(roles)
                self.clusters[name] = {
                    "line": statement.span.line,
                    "nodes": nodes or None,
                    "start": v(statement.version.text),
                    "starts": starts,
                    "ranks": ranks,
                }
            else:
                relation_statements.append(statement)

        # Relations: (follower, leader, kind, label, line)
        self.relations: list[tuple[str, str, str | None, str | None, int]] = []
        keys = set()
        for statement in relation_statements:
            f, ld = statement.follower.text, statement.leader.text
            if f not in self.clusters or ld not in self.clusters:
                self.found.add((statement.span.line, "RL101"))
                continue
            if f == ld:
                self.found.add((statement.span.line, "RL103"))
                continue
            q = statement.qualifier
            key = (f, ld, q.kind if q else None, q.label if q else None)
            if key in keys:
                self.found.add((statement.span.line, "RL104"))
                continue
            keys.add(key)
            self.relations.append((*key, statement.span.line))

        # Bi-directional groups, by plain reachability along leader -> follower edges.
        edges = {(r[1], r[0]) for r in self.relations}
        reach = {}
        for start in self.clusters:
            seen = {start}
            frontier = [start]
            while frontier:
                here = frontier.pop()
                for a, b in edges:
                    if a == here and b not in seen:
                        seen.add(b)
                        frontier.append(b)
            reach[start] = seen
        self.group: dict[str, frozenset[str] | None] = {}
        for name in self.clusters:
            members = frozenset(o for o in self.clusters if name in reach[o] and o in reach[name])
            self.group[name] = members if len(members) >= 2 else None

    def bidirectional(self, r: int) -> bool:
        f, ld = self.relations[r][0], self.relations[r][1]
        group = self.group[f]
        return group is not None and ld in group

    # -- state -------------------------------------------------------------------

    def initial_state(self) -> dict:
        nodes = {}
        for name, c in self.clusters.items():
            if c["nodes"] is None:
                nodes[name] = {UNIT: c["start"]}
            else:
                nodes[name] = {n: c["starts"][n] for n in c["nodes"]}
        return {
            "nodes": nodes,
            "active": [True] * len(self.relations),
            "last_pause": [None] * len(self.relations),
        }

    @staticmethod
    def lowest(state, cluster) -> Version:
        return min(state["nodes"][cluster].values())

    @staticmethod
    def highest(state, cluster) -> Version:
        return max(state["nodes"][cluster].values())

    def broken_pair(self, state, r) -> bool:
        """RL204's test: follower not older by lowest/highest, yet some node pair incompatible."""
        f, ld = self.relations[r][0], self.relations[r][1]
        if self.lowest(state, f) < self.highest(state, ld):
            return False
        return any(
            not compatibility(fv, lv).ok
            for fv in state["nodes"][f].values()
            for lv in state["nodes"][ld].values()
        )

    def too_old(self, state, r) -> bool:
        f, ld = self.relations[r][0], self.relations[r][1]
        return self.lowest(state, f) < self.highest(state, ld)

    # -- actions -------------------------------------------------------------------

    def matched(self, operand: ast.Relation | None, out: set) -> list[int] | None:
        """The relations a pause/resume names; None when it is ignored (RL101/RL105)."""
        if operand is None:
            return list(range(len(self.relations)))
        if operand.follower.text not in self.clusters or operand.leader.text not in self.clusters:
            out.add((operand.span.line, "RL101"))
            return None
        result = []
        for i, (f, ld, kind, label, _) in enumerate(self.relations):
            if f != operand.follower.text or ld != operand.leader.text:
                continue
            q = operand.qualifier
            if q is None or (q.kind == kind and q.label == label):
                result.append(i)
        if not result:
            out.add((operand.span.line, "RL105"))
            return None
        return result

    def resolve_upgrade(self, action: ast.Upgrade, out: set):
        """The cluster's node names the upgrade moves, or None when it is ignored."""
        name = action.cluster.text
        if name not in self.clusters:
            out.add((action.span.line, "RL101"))
            return None
        declared = self.clusters[name]["nodes"]
        if action.node is None:
            return declared if declared is not None else [UNIT]
        if declared is None or action.node.text not in declared:
            out.add((action.span.line, "RL106"))
            return None
        return [action.node.text]

    def apply(self, state, action, out: set) -> None:
        """Apply one action to ``state`` as written, adding every diagnostic it gets to ``out``."""
        line = action.span.line
        if isinstance(action, ast.Upgrade):
            names = self.resolve_upgrade(action, out)
            if names is None:
                return
            cluster = action.cluster.text
            new = v(action.version.text)
            before = [state["nodes"][cluster][n] for n in names]
            if any(b > new for b in before):
                out.add((line, "RL301"))
            if all(b == new for b in before):
                out.add((line, "RL302"))
            if any(b < new and not upgrade_path(b, new).ok for b in before):
                out.add((line, "RL303"))
            if action.node is not None:
                # RL309: a node ranked before this one still runs a lower version.
                ranks = self.clusters[cluster]["ranks"]
                mine = ranks[action.node.text]
                if mine is not None and any(
                    ranks[other] is not None
                    and ranks[other] < mine
                    and state["nodes"][cluster][other] < new
                    for other in ranks
                ):
                    out.add((line, "RL309"))
            for n in names:
                state["nodes"][cluster][n] = new
            group = self.group[cluster]
            if group is not None:
                for r, rel in enumerate(self.relations):
                    if rel[0] in group and rel[1] in group and state["active"][r]:
                        out.add((line, "RL202"))
            for r, rel in enumerate(self.relations):
                if not state["active"][r]:
                    continue
                if rel[1] == cluster and not self.bidirectional(r) and self.too_old(state, r):
                    out.add((line, "RL201"))
                if rel[0] == cluster and self.broken_pair(state, r):
                    out.add((line, "RL204"))
        elif isinstance(action, ast.Pause):
            relations = self.matched(action.relation, out)
            if relations is None:
                return
            if action.relation is not None and all(not state["active"][r] for r in relations):
                out.add((line, "RL307"))
            for r in relations:
                if state["active"][r]:
                    state["active"][r] = False
                    state["last_pause"][r] = line
        elif isinstance(action, ast.Resume):
            relations = self.matched(action.relation, out)
            if relations is None:
                return
            turned = [r for r in relations if not state["active"][r]]
            if action.relation is not None and not turned:
                out.add((line, "RL307"))
            for r in turned:
                state["active"][r] = True
            for r in turned:
                if self.too_old(state, r):
                    out.add((line, "RL203"))
                elif self.bidirectional(r):
                    group = self.group[self.relations[r][0]]
                    versions = {ver for c in group for ver in state["nodes"][c].values()}
                    if len(versions) > 1:
                        out.add((line, "RL203"))
                if self.broken_pair(state, r):
                    out.add((line, "RL204"))
        # a note changes nothing

    def parallel(self, state, block: ast.Parallel) -> None:
        before = copy.deepcopy(state)
        # Order-independent rules, each action on the state before the block.
        upgraded: set[str] = set()
        for action in block.body:
            scratch: set = set()
            self.apply(copy.deepcopy(before), action, scratch)
            self.found |= {d for d in scratch if d[1] in ORDER_INDEPENDENT}
            if isinstance(action, ast.Upgrade) and self.resolve_upgrade(action, set()) is not None:
                if action.cluster.text in upgraded:
                    self.found.add((action.span.line, "RL308"))
                upgraded.add(action.cluster.text)
        # Every order of the block, from the state before it.
        for order in itertools.permutations(block.body):
            trial = copy.deepcopy(before)
            for action in order:
                scratch = set()
                self.apply(trial, action, scratch)
                self.found |= {d for d in scratch if d[1] not in ORDER_INDEPENDENT}
        # The state after the block: its actions in file order.
        for action in block.body:
            self.apply(state, action, set())

    def statement(self, state, statement) -> None:
        if isinstance(statement, ast.Step):
            for item in statement.body:
                self.statement(state, item)
        elif isinstance(statement, ast.Parallel):
            self.parallel(state, statement)
        elif isinstance(statement, (ast.Upgrade, ast.Pause, ast.Resume, ast.Note)):
            self.apply(state, statement, self.found)

    # -- the whole run -------------------------------------------------------------

    def run(self) -> set[tuple[int, str]]:
        state = self.initial_state()
        for r, rel in enumerate(self.relations):
            if self.too_old(state, r) or self.broken_pair(state, r):
                self.found.add((rel[4], "RL204"))
        for statement in self.runbook.statements:
            self.statement(state, statement)
        for name, c in self.clusters.items():
            versions = set(state["nodes"][name].values())
            if len(versions) > 1:
                self.found.add((c["line"], "RL304"))
            if self.target is not None and versions != {self.target}:
                self.found.add((c["line"], "RL305"))
        for r in range(len(self.relations)):
            if not state["active"][r]:
                self.found.add((state["last_pause"][r], "RL306"))
        return self.found


def _flatten(statements):
    for statement in statements:
        yield statement
        if isinstance(statement, (ast.Step, ast.Parallel)):
            yield from _flatten(statement.body)


def reference(runbook: ast.Runbook) -> set[tuple[int, str]]:
    """The (line, code) pairs spec/rules.md gives for ``runbook``."""
    return Reference(runbook).run()


def reference_text(text: str) -> set[tuple[int, str]]:
    """Parse ``text`` and run the reference; a syntax error gives its RL001 lines only."""
    from runbook_lint.syntax.parser import parse

    parsed = parse(text)
    if parsed.problems:
        return {(p.span.line, "RL001") for p in parsed.problems}
    return reference(parsed.runbook)
