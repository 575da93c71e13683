"""RL204's worst case in a `parallel` block when follower and leader are on different majors.

Within one major a follower not older than its leader is always compatible;
across majors it is not an interval (9.0 refuses 8.19 leaders, 9.1 accepts
them), so the block's worst case has to find whether SOME order of the block
puts one follower node on a version F and one leader node on a version L that
are incompatible while every follower node is still at least as new as every
leader node.

After the other actions of the block that some order puts first, a node runs
its "base" (its version before the block, or the version of one whole-cluster
upgrade of the block) or the version of one of its node-level upgrades. The
best such state for a follower node ``a`` on a version ``f`` puts every other
follower node at its highest choice; so the room it leaves is
``min(f, lowest of the others' highest)``, and the leader's is
``max(l, highest of the others' lowest)``: F and L are reachable together
exactly when the follower's room is at least the leader's.  Compatibility
across majors depends on major.minor only, so each side is summarised per
major.minor by its best room (the follower's largest, the leader's smallest).

The two clusters' bases are independent, and the room only grows with the
base of a follower (shrinks with a leader's), so of the whole-cluster
upgrades only three kinds of base matter: none (the versions before the
block), the highest (lowest for a leader), and per major.minor the highest
(lowest) upgrade to it, whose own version is a candidate with room equal to
it.  Each summary costs O(nodes + moves) once per cluster and block, and each
judged move O(major.minors) on top (tests/test_parallel_reference.py checks
the whole against brute force).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from collections.abc import Sequence

    from runbook_lint.check.events import Upgraded
    from runbook_lint.model.versions import Version

MajorMinor = tuple[int, int]
Best = dict[MajorMinor, tuple["Version", "Version"]]  # major.minor -> (room, version)


class _Summary:
    """One candidate state of a cluster: per node a set of versions it can run.

    Kept so that one node can be replaced by a single version (the judged
    upgrade, applied last) in O(major.minors): each node's extreme (the
    highest version of a follower node, the lowest of a leader's), the three
    nodes whose extremes constrain the others most, and per major.minor the
    three best nodes' best version in it.
    """

    __slots__ = ("follower", "extreme", "tops", "tight", "leaders")

    def __init__(self, choices: Sequence[Sequence[Version]], follower: bool) -> None:
        self.follower = follower
        # A follower's node constrains the others by its highest version (the
        # lowest such is the binding one); a leader's by its lowest (the highest binds).
        self.extreme = [max(c) if follower else min(c) for c in choices]
        order = sorted(range(len(choices)), key=self.extreme.__getitem__, reverse=not follower)
        self.tight = order[:3]
        self.tops: list[dict[MajorMinor, Version]] = []
        leaders: dict[MajorMinor, list[int]] = {}
        for k, versions in enumerate(choices):
            top: dict[MajorMinor, Version] = {}
            for v in versions:
                key = (v.major, v.minor)
                found = top.get(key)
                if found is None or (v > found if follower else v < found):
                    top[key] = v
            self.tops.append(top)
            for key in top:
                leaders.setdefault(key, []).append(k)
        # Per major.minor the three nodes with the best version in it: replacing
        # one node and excluding the binding one still leaves one.
        tops = self.tops
        self.leaders: dict[MajorMinor, list[int]] = {}
        for key, nodes in leaders.items():
            ranked = sorted(((tops[k][key], k) for k in nodes), reverse=follower)
            self.leaders[key] = [k for _, k in ranked[:3]]

    def best(self, replaced: int | None = None, version: Version | None = None) -> Best:
        """Per major.minor: the best room a node on a version of it leaves, and that version.

        ``replaced``: a node that runs ``version`` only (the judged upgrade).
        """
        follower = self.follower
        extreme = self.extreme
        # The binding extremes among the nodes, with the replacement applied.
        ranked = [(extreme[k], k) for k in self.tight if k != replaced]
        if replaced is not None:
            assert version is not None
            ranked.append((version, replaced))
        ranked.sort(key=lambda pair: pair[0], reverse=not follower)
        first = ranked[0] if ranked else None
        second = ranked[1] if len(ranked) > 1 else None

        def room(node: int, v: Version) -> Version:
            other = second if first is not None and first[1] == node else first
            if other is None:
                return v  # the only node
            return min(v, other[0]) if follower else max(v, other[0])

        best: Best = {}

        def offer(key: MajorMinor, node: int, v: Version) -> None:
            candidate = (room(node, v), v)
            found = best.get(key)
            if found is None or (candidate > found if follower else candidate < found):
                best[key] = candidate

        for key, nodes in self.leaders.items():
            for node in nodes:
                if node != replaced:
                    offer(key, node, self.tops[node][key])
        # The three best nodes per major.minor suffice: leaving out the replaced
        # node and the binding one still leaves the best of the rest, and the
        # binding node never wins by itself (its versions are at most its own
        # extreme, the room every other node is already given).
        if replaced is not None:
            assert version is not None
            offer((version.major, version.minor), replaced, version)
        return best


class CrossMajor:
    """One cluster's side of RL204 in one block: its summaries, built when first asked."""

    __slots__ = ("_before", "_moves", "_follower", "_summaries", "_bases")

    def __init__(self, before: Sequence[Version], moves: Sequence[Upgraded], follower: bool):
        self._before = before
        self._moves = moves
        self._follower = follower
        self._summaries: list[_Summary] | None = None
        self._bases: dict[MajorMinor, Version] = {}

    def _build(self) -> list[_Summary]:
        follower = self._follower
        node_moves: dict[int, list[Version]] = {}
        wholes: list[Version] = []
        for move in self._moves:
            if move.node is None:
                wholes.append(move.version)
            else:
                node_moves.setdefault(move.node, []).append(move.version)
        before = self._before
        summaries = [
            _Summary(
                [[v, *node_moves.get(i, ())] for i, v in enumerate(before)],
                follower,
            )
        ]
        if wholes:
            # The base that leaves the most room (the highest for a follower,
            # the lowest for a leader) decides for the node-level versions ...
            base = max(wholes) if follower else min(wholes)
            summaries.append(
                _Summary([[base, *node_moves.get(i, ())] for i in range(len(before))], follower)
            )
            # ... and each major.minor's extreme base for that base's own version.
            for w in wholes:
                key = (w.major, w.minor)
                found = self._bases.get(key)
                if found is None or (w > found if follower else w < found):
                    self._bases[key] = w
        return summaries

    def best(self, judged: Upgraded | None = None) -> Best:
        """Per major.minor the best (room, version) any order gives, ``judged`` applied last."""
        if judged is not None and judged.node is None:
            v = judged.version
            return {(v.major, v.minor): (v, v)}  # every node was just set to it
        summaries = self._summaries
        if summaries is None:
            summaries = self._summaries = self._build()
        follower = self._follower
        best: Best = {}

        def offer(key: MajorMinor, candidate: tuple[Version, Version]) -> None:
            found = best.get(key)
            if found is None or (candidate > found if follower else candidate < found):
                best[key] = candidate

        replaced = None if judged is None else judged.node
        version = None if judged is None else judged.version
        for summary in summaries:
            for key, candidate in summary.best(replaced, version).items():
                offer(key, candidate)
        # A base's own version: every node on it, so its room is itself
        # (bounded by the judged node, which runs only its new version).
        nodes = len(self._before)
        for key, w in self._bases.items():
            if version is None:
                offer(key, (w, w))
            elif nodes > 1:
                offer(key, (min(w, version) if follower else max(w, version), w))
        return best


def broken(follower: Best, leader: Best) -> tuple[Version, Version] | None:
    """A follower and a leader version on different majors, reachable together, that the
    matrix refuses; the first by major.minor (newest follower, then oldest leader)."""
    from runbook_lint.model.versions import compatibility

    for f_key in sorted(follower, reverse=True):
        f_room, f_version = follower[f_key]
        for l_key in sorted(leader):
            l_room, l_version = leader[l_key]
            if f_key[0] != l_key[0] and f_room >= l_room:
                if not compatibility(f_version, l_version).ok:
                    return f_version, l_version
    return None
