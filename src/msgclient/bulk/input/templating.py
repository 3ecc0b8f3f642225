"""{{name}} placeholders filled from a row's columns: the whole template language.

A follow-up text may hold literal text and `{{ name }}` placeholders, a name being a
column's name (letters, digits and `_`, not starting with a digit), with spaces inside the
braces allowed. Nothing else: rows come from files people did not write themselves, and a
language with statements, filters, attribute access or includes (`{% include "/etc/passwd"
%}`, `{{ ''.__class__ }}`) would run whatever a row says. So any other use of `{{`, `{%` or
`{#`, and a `{{` left open, is refused in one line naming the construct; a single `{` or `}`
is plain text.

A placeholder the row cannot fill is an error for that row, never an empty string: a
follow-up that says "Hello ," is worse than one not sent. Filling costs one pass over the
text and stops at MAX_FILLED characters, so no row can make a text of gigabytes out of a
short template and a long cell. Each distinct text is compiled once (a bounded cache: a
file may carry a different text on every row).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from msgclient.errors import UsageError
from msgclient.rules.text import clip, shown

CACHE_SIZE = 256
MAX_FILLED = 1_000_000  # characters: far above any channel's text limit (email: 100,000)

_OPENERS = re.compile(r"\{[{%#]")
_PLACEHOLDER = re.compile(r"\{\{\s*([^\W\d]\w*)\s*\}\}")
_CONSTRUCTS = {"{%": "a template statement ('{%')", "{#": "a template comment ('{#')"}

# A compiled text: literal parts and the names between them, alternating (literal first).
Compiled = tuple[tuple[str, ...], tuple[str, ...]]


class TemplateProblem(UsageError):
    """A text that is not a valid template, or a row that lacks one of its variables."""


class Renderer:
    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._cache: OrderedDict[str, Compiled] = OrderedDict()
        self._size = cache_size

    def render(self, source: str, variables: Mapping[str, Any], what: str = "the text") -> str:
        if "{" not in source:  # most texts have no placeholders
            return source
        literals, names = self.compile(source, what)
        out, size = [literals[0]], len(literals[0])
        for name, literal in zip(names, literals[1:], strict=True):
            value = _value(variables, name, what)
            size += len(value) + len(literal)
            if size > MAX_FILLED:
                raise TemplateProblem(f"{what}, filled in, would be longer than "
                                      f"{MAX_FILLED:,} characters")
            out += (value, literal)
        return "".join(out)

    def compile(self, source: str, what: str = "the text") -> Compiled:
        """The text split at its placeholders (cached); TemplateProblem for anything else."""
        compiled = self._cache.get(source)
        if compiled is not None:
            self._cache.move_to_end(source)
            return compiled
        compiled = _compile(source, what)
        self._cache[source] = compiled
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return compiled


def _compile(source: str, what: str) -> Compiled:
    literals, names, start = [], [], 0
    for opener in _OPENERS.finditer(source):
        if opener.start() < start:
            continue  # inside the placeholder just read
        found = _PLACEHOLDER.match(source, opener.start())
        if found is None:
            raise TemplateProblem(f"{what} {_refusal(source, opener.start())}; a text may "
                                  "use {{name}} placeholders only")
        literals.append(source[start:found.start()])
        names.append(found.group(1))
        start = found.end()
    literals.append(source[start:])
    return tuple(literals), tuple(names)


def _refusal(source: str, at: int) -> str:
    """What the construct at `at` is, in words, and where it starts."""
    where = f"at character {at + 1}"
    opener = source[at:at + 2]
    if opener in _CONSTRUCTS:
        return f"contains {_CONSTRUCTS[opener]} {where}"
    end = source.find("}}", at + 2)
    if end < 0:
        return f"opens a placeholder ('{{{{') {where} that is never closed ('}}}}')"
    inside = source[at:end + 2]
    return f"contains {shown(clip(inside, 60))} {where}, which is not a placeholder"


def _value(variables: Mapping[str, Any], name: str, what: str) -> str:
    value = variables.get(name)
    if value is None:
        raise TemplateProblem(f"{what} uses {{{{{name}}}}} but the row has no value for "
                              f"'{name}'")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        kind = {dict: "an object", list: "a list", bool: "true/false"}.get(type(value),
                                                                           "not text")
        raise TemplateProblem(f"{what} uses {{{{{name}}}}} but the row's '{name}' is {kind}, "
                              "not text")
    return str(value)
