"""{{name}} placeholders filled from a row's columns (jinja2, strict, no autoescape).

A placeholder the row cannot fill is an error for that row, never an empty
string: a follow-up that says "Hello ," is worse than one not sent. Rows come
from files people did not necessarily write themselves, so templates run in
jinja's sandbox. Each distinct text is compiled once (a bounded cache: a file
may carry a different text on every row).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from msgclient.errors import UsageError

_UNDEFINED = re.compile(r"'([^']+)' is undefined")
CACHE_SIZE = 256


class TemplateProblem(UsageError):
    """A text that is not a valid template, or a row that lacks one of its variables."""


class Renderer:
    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        self._env: Any = None
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._size = cache_size

    def render(self, source: str, variables: Mapping[str, Any], what: str = "the text") -> str:
        if "{" not in source:  # most texts have no placeholders: skip jinja entirely
            return source
        jinja2 = _jinja2()
        template = self.compile(source, what)
        try:
            return template.render(variables)
        except jinja2.UndefinedError as exc:
            found = _UNDEFINED.search(str(exc))
            if found:
                name = found.group(1)
                raise TemplateProblem(f"{what} uses {{{{{name}}}}} but the row has no value "
                                      f"for '{name}'") from None
            raise TemplateProblem(f"{what} cannot be filled: {exc}") from None
        except jinja2.TemplateError as exc:  # e.g. a sandbox refusal
            raise TemplateProblem(f"{what} cannot be filled: {exc}") from None

    def compile(self, source: str, what: str = "the text") -> Any:
        """The compiled template (cached); TemplateProblem when the syntax is wrong."""
        template = self._cache.get(source)
        if template is not None:
            self._cache.move_to_end(source)
            return template
        jinja2 = _jinja2()
        try:
            template = self._environment().from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(f"{what} is not a valid template: {exc.message} "
                                  f"(template line {exc.lineno})") from None
        self._cache[source] = template
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return template

    def _environment(self) -> Any:
        if self._env is None:
            jinja2 = _jinja2()
            self._env = jinja2.sandbox.SandboxedEnvironment(
                undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
        return self._env


def _jinja2() -> Any:
    # Jinja2 enters here, with the first text that has a placeholder: `bulk run --help` and
    # texts without one never import it.
    import jinja2.sandbox

    return jinja2
