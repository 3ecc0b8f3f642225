"""A strict Prompter for in-process tests: answers queued per prompt kind, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from msgclient.terminal.prompter import Choice, Validator
from tests import doubles


@dataclass
class FakePrompter:
    """Answers queued per prompt kind, in order. Selects are answered by label.

    Strict on purpose: an unexpected prompt, a label that is not offered (or is
    disabled), or an answer left unused when the test ends fails the test. Each one raises
    where it happens and is also kept, so the end-of-test check (tests/doubles.py) reports it
    even if the code under test caught the AssertionError.
    """

    answers: list[tuple[str, Any]] = field(default_factory=list)
    asked: list[tuple[str, str]] = field(default_factory=list)
    offered: list[Choice] = field(default_factory=list)  # every choice of every select
    defaults: dict[str, Any] = field(default_factory=dict)  # question -> its default answer
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        doubles.made(self)

    def unmet(self) -> list[str]:
        unused = [f"unused answers: {self.answers}"] if self.answers else []
        return self.problems + unused

    def raised(self, problem: str) -> None:
        """The test provoked this failure on purpose and caught it: leave it out of the check
        at the end of the test."""
        assert problem in self.problems, f"{problem!r} was not raised; raised: {self.problems}"
        self.problems.remove(problem)

    def _fail(self, problem: str) -> AssertionError:
        self.problems.append(problem)
        return AssertionError(problem)

    def _next(self, kind: str, message: str) -> Any:
        self.asked.append((kind, message))
        if not self.answers:
            raise self._fail(f"unexpected {kind} prompt: {message!r}")
        want_kind, answer = self.answers.pop(0)
        if want_kind != kind:
            raise self._fail(f"expected a {want_kind} prompt, got {kind}: {message!r}")
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def _validated(self, kind: str, message: str, validate: Validator | None) -> str:
        answer = self._next(kind, message)
        if validate is not None:
            verdict = validate(answer)
            if verdict is not True:
                raise self._fail(f"answer {answer!r} to {message!r} rejected: {verdict}")
        return answer

    def text(self, message, *, default="", validate=None, multiline=False):
        self.defaults[message] = default
        return self._validated("text", message, validate)

    def password(self, message):
        return self._next("password", message)

    def path(self, message, *, validate=None):
        return self._validated("path", message, validate)

    def answered(self) -> int:
        return len(self.asked)

    def confirm(self, message, *, default=False):
        self.defaults[message] = default
        return self._next("confirm", message)

    def select(self, message, choices, *, filter=False, default=None):
        self.offered.extend(choices)
        self.defaults[message] = default
        return self._pick(self._next("select", message), choices, message)

    def checkbox(self, message, choices, *, validate=None):
        picked = [self._pick(label, choices, message) for label in self._next("checkbox", message)]
        if validate is not None and validate(picked) is not True:
            raise self._fail(f"checkbox answer {picked!r} rejected for {message!r}")
        return picked

    def _pick(self, label: str, choices: Sequence[Choice], message: str) -> Any:
        for choice in choices:
            if choice.label == label or choice.label.startswith(label + " "):
                if choice.disabled:
                    raise self._fail(f"{label!r} is disabled in {message!r}: {choice.disabled}")
                return choice.value
        offered = [c.label for c in choices]
        raise self._fail(f"{label!r} not offered in {message!r}; offered: {offered}")
