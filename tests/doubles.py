"""Test doubles check themselves when a test ends, as GitHub CLI's stubs do at cleanup.

A double that is told what to expect (prompt answers, scripted replies, a lie to tell) joins
this registry when it is made. When a test's body has passed, tests/conftest.py asks every
double made since the test began what it expected and did not see, and fails the test with
those lines, so no test can forget to ask. A double says it by `unmet() -> list[str]`, one
line per problem, empty when all went as told.
"""

from __future__ import annotations

from typing import Protocol, TypeVar


class Double(Protocol):
    def unmet(self) -> list[str]: ...


_made: list[Double] = []
D = TypeVar("D", bound=Double)


def made(double: D) -> D:
    """Check `double` at the end of the current test; returns it."""
    _made.append(double)
    return double


def begin() -> None:
    _made.clear()


def end() -> list[str]:
    """What the doubles of the test that just ran expected and did not see; forgets them."""
    problems = [f"{type(d).__name__}: {line}" for d in _made for line in d.unmet()]
    _made.clear()
    return problems
