"""The items of a top-level YAML list, one at a time.

`yaml.safe_load` builds the whole document; for 200,000 rows that is hundreds
of megabytes. PyYAML's Composer builds one node at a time from parser events, so
it is mixed here with libyaml's event parser (fast) where available, and items
are composed and constructed one by one. Anchors still work across items; each item
is held to safe_yaml's limits (aliases, depth, expanded size).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from msgclient.bulk.input.source import LineSource, RepeatedKeys
from msgclient.errors import UsageError


class _TextStream:
    """A read(size) view of a LineSource, which is all a YAML parser asks of a file."""

    def __init__(self, source: LineSource) -> None:
        self._lines = iter(source)
        self._buffer = ""

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self._buffer) < size:
            line = next(self._lines, None)
            if line is None:
                break
            self._buffer += line
        if size < 0:
            size = len(self._buffer)
        chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk


def _loader_class() -> type:
    # PyYAML enters here, when a YAML rows file is read: `bulk run --help` never pays for it.
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    try:
        from yaml._yaml import CParser as Parser
    except ImportError:  # no libyaml: the pure-Python reader, scanner and parser
        from yaml.parser import Parser as PyParser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        class Parser(Reader, Scanner, PyParser):  # type: ignore[no-redef]
            def __init__(self, stream: Any) -> None:
                Reader.__init__(self, stream)
                Scanner.__init__(self)
                PyParser.__init__(self)

    from msgclient.files.safe_yaml import LimitsMixin  # built on PyYAML's classes

    # LimitsMixin first: its compose_node counts aliases and depth (files/safe_yaml.py says why).
    class ItemLoader(LimitsMixin, Parser, Composer, SafeConstructor,  # type: ignore[misc, valid-type]
                     Resolver):
        # Every plain scalar stays text, as in a CSV cell: unquoted +4915112345678 must not
        # become the integer 4915112345678, nor "no" become False. Only merge keys (<<)
        # keep their meaning.
        yaml_implicit_resolvers: ClassVar[dict] = {
            first: [r for r in found if r[0] == "tag:yaml.org,2002:merge"]
            for first, found in Resolver.yaml_implicit_resolvers.items()
            if any(r[0] == "tag:yaml.org,2002:merge" for r in found)}

        def __init__(self, stream: Any) -> None:
            Parser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def construct_yaml_map(self, node: Any) -> Iterator[dict]:
            # A key given twice makes the row ambiguous (source.RepeatedKeys), where PyYAML
            # would keep the last. Merge keys (<<) may still be overridden: that is their use.
            keys = [str(self.construct_object(k, deep=True)) for k, _ in node.value
                    if k.tag != "tag:yaml.org,2002:merge"]
            data: dict = {}
            if len(keys) != len(set(keys)):
                data = RepeatedKeys()
                data.repeated = next(k for k in keys if keys.count(k) > 1)
            yield data
            data.update(self.construct_mapping(node))

    ItemLoader.add_constructor("tag:yaml.org,2002:map", ItemLoader.construct_yaml_map)
    return ItemLoader


def yaml_items(source: LineSource, name: str) -> Iterator[tuple[int, int, Any]]:
    """(first line, last line, value) for each item of the top-level list."""
    import yaml  # see _loader_class

    loader = _loader_class()(_TextStream(source))
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise UsageError(f"{name} is empty: a YAML file needs a list of rows "
                             "('- phone: ...').")
        loader.get_event()  # document start
        if not loader.check_event(yaml.SequenceStartEvent):
            line = loader.peek_event().start_mark.line + 1
            raise UsageError(f"{name} line {line}: the YAML file must be a list of rows, "
                             "each starting with '- ' (e.g. '- phone: \"+4915112345678\"').")
        loader.get_event()
        while not loader.check_event(yaml.SequenceEndEvent):
            node = loader.compose_node(None, None)
            loader.check_weight(node)
            loader.reset_limits()  # the alias limit is per row
            last = max(node.start_mark.line, node.end_mark.line - (node.end_mark.column == 0))
            yield node.start_mark.line + 1, last + 1, loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise UsageError(_yaml_message(exc, name)) from None
    finally:
        loader.dispose()


def _yaml_message(exc: Any, name: str) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f" line {mark.line + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    detail = f"{problem} ({context})" if context else problem
    return f"{name}{where}: not valid YAML: {detail}; nothing after it can be read."
