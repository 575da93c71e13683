"""A configuration's YAML, loaded within bounds.

PyYAML's SafeLoader runs no code, but it still accepts three things a
configuration must not hold:

- aliases that expand a few lines into billions of values ("billion laughs"):
  loading shares the objects and is quick, but any later walk or message
  (``repr``) of the value expands them;
- nesting thousands of levels deep: the composer recurses once per level, and
  Python stops it with a RecursionError that names no file;
- duplicate keys, of which the last silently wins;
- values its constructors cannot build, which raise ValueError rather than a
  YAML error: a timestamp in month 13, an integer of more than 4,300 digits.

``BoundedLoader`` measures every node as it is composed (aliases refer only to
nodes already measured, so that is one pass), and refuses each of these with a
``yaml.composer.ComposerError`` (``ConstructorError`` for a value) at the node's position: the caller reports it
as an invalid configuration, with the file and line.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from runbook_lint.excerpt import excerpt

# A configuration is a handful of lists and mappings, three levels deep.
MAX_DEPTH = 100
# Values plus the characters of every scalar, once aliases are expanded: far
# above any real configuration, far below what hurts (a bomb reaches 10^9).
MAX_SIZE = 1_000_000


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses alias bombs, deep nesting and duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        # id(node) -> (expanded size, expanded depth); nodes stay alive in the
        # tree being composed, so an id is not reused while this is consulted.
        self._measured: dict[int, tuple[int, int]] = {}

    # types-PyYAML says ``index: int`` and ``-> Node | None``; PyYAML passes a
    # key node for a mapping's values and always returns a node.
    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
            node: Node = super().compose_node(parent, index)  # type: ignore[arg-type, assignment]  # see above
            if id(node) not in self._measured:
                raise ComposerError(
                    None, None, "an alias inside the value it names (a recursive alias)", mark
                )
            return node
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(
                    None,
                    None,
                    f"nested deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark,  # type: ignore[no-untyped-call]  # as above
                )
            node = super().compose_node(parent, index)  # type: ignore[arg-type, assignment]  # see above
        finally:
            self._depth -= 1
        self._measure(node)
        return node

    def _measure(self, node: Node) -> None:
        if isinstance(node, ScalarNode):
            size, depth = 1 + len(node.value), 1
        else:
            children: list[Node] = []
            if isinstance(node, SequenceNode):
                children = list(node.value)
            elif isinstance(node, MappingNode):
                children = [part for pair in node.value for part in pair]
            measures = [self._measured[id(child)] for child in children]
            size = 1 + sum(s for s, _ in measures)
            depth = 1 + max((d for _, d in measures), default=0)
        if size > MAX_SIZE:
            raise ComposerError(
                None,
                None,
                f"aliases expand this value beyond {MAX_SIZE:,} values and characters",
                node.start_mark,
            )
        if depth > MAX_DEPTH:
            raise ComposerError(
                None,
                None,
                f"aliases nest this value deeper than {MAX_DEPTH} levels",
                node.start_mark,
            )
        self._measured[id(node)] = (size, depth)

    def construct_object(self, node: Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:  # found by fuzz/fuzz_config.py
            problem = str(error).split(";")[0][:100]  # Python's words, without its advice
            raise ConstructorError(
                None, None, f"cannot read this value: {problem}", node.start_mark
            ) from None

    # types-PyYAML types ``anchor`` as a dict; PyYAML passes the anchor's name.
    def compose_mapping_node(self, anchor: str | None) -> MappingNode:  # type: ignore[override]  # see above
        node: MappingNode = super().compose_mapping_node(anchor)  # type: ignore[arg-type]  # see above
        first: dict[tuple[str, str], int] = {}
        for key, _value in node.value:
            if not isinstance(key, ScalarNode):
                continue
            identity = (key.tag, key.value)
            if identity in first:
                raise ComposerError(
                    None,
                    None,
                    f"duplicate key {excerpt(key.value)} (first on line {first[identity]})",
                    key.start_mark,
                )
            first[identity] = key.start_mark.line + 1
        return node
