"""YAML with limits: yaml.safe_load's constructor, plus caps on aliases, nesting depth and the
size of the data once aliases are expanded.

An alias costs nothing to parse but everything to use: nine levels of ten aliases (a
"billion laughs" file) are a few hundred bytes that expand to 10^9 values, and whatever walks
the result (a hash of the row, a template, a dump of the config) then hangs. So each document
(for bulk rows: each row) is weighed as composed, before anything is constructed or walked.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_ALIASES = 100      # per document or row: '<<: *defaults' on each row is one
MAX_DEPTH = 50         # nesting of lists and mappings
MAX_NODES = 100_000    # values once every alias is expanded


class LimitError(ComposerError):
    """A YAML document beyond the limits; a YAMLError, so callers report it with its line."""


class LimitsMixin:
    """Mixed into a loader before its Composer: counts aliases and depth while composing."""

    _aliases = 0
    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise LimitError(None, None, f"more than {MAX_ALIASES} aliases (*name)",
                                 event.start_mark)
        elif isinstance(event, ScalarEvent):  # a leaf: no depth to count
            return super().compose_node(parent, index)  # type: ignore[misc]
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise LimitError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                 event.start_mark)
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1

    def check_weight(self, node: Node) -> None:
        """Refuse a node whose values, aliases expanded, number more than MAX_NODES."""
        if not self._aliases:
            return  # without aliases the data is no bigger than the text that was read
        weights: dict[int, int] = {}

        def weigh(item: Node) -> int:
            key = id(item)
            if key in weights:
                return weights[key]
            weights[key] = MAX_NODES + 1  # a node that contains itself is too big
            total = 1
            if isinstance(item, SequenceNode):
                total += sum(weigh(child) for child in item.value)
            elif isinstance(item, MappingNode):
                total += sum(weigh(k) + weigh(v) for k, v in item.value)
            weights[key] = min(total, MAX_NODES + 1)
            if total > MAX_NODES:
                raise LimitError(None, None, f"more than {MAX_NODES:,} values once its "
                                 "aliases are expanded", item.start_mark)
            return weights[key]

        weigh(node)

    def reset_limits(self) -> None:
        self._aliases = 0


class RepeatedKey(yaml.constructor.ConstructorError):
    """A mapping names one key twice: PyYAML would keep the last, silently."""

    def __init__(self, key: str, first: tuple[Node, Node], again: tuple[Node, Node]) -> None:
        self.key = key
        self.lines = (first[0].start_mark.line + 1, again[0].start_mark.line + 1)
        # Both values, where they are plain values: the line says what each would mean.
        self.values = tuple(v.value for _, v in (first, again) if isinstance(v, ScalarNode))
        super().__init__(None, None, f"'{key}' is given twice (lines {self.lines[0]} and "
                         f"{self.lines[1]})", again[0].start_mark)


class SafeLimitedLoader(LimitsMixin, yaml.SafeLoader):
    def get_single_node(self) -> Node | None:  # type: ignore[override]
        node = super().get_single_node()
        if node is not None:
            self.check_weight(node)
        return node

    def construct_mapping(self, node: Node, deep: bool = False) -> dict:  # type: ignore[override]
        # A key given twice could mean either value: refused, naming both lines. Merge keys
        # (<<) may still be overridden: that is what they are for.
        if isinstance(node, MappingNode):
            seen: dict[Any, tuple[Node, Node]] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                try:
                    if key in seen:
                        raise RepeatedKey(str(key), seen[key], (key_node, value_node))
                    seen[key] = (key_node, value_node)
                except TypeError:  # an unhashable key: construct_mapping words that
                    break
        return super().construct_mapping(node, deep)  # type: ignore[misc]


def safe_load(text: str) -> Any:
    """yaml.safe_load with the limits above; raises yaml.YAMLError (LimitError) beyond them."""
    loader = SafeLimitedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
