"""What a command has already done at the stand, so that no later failure changes its exit code.

Scripts retry on a non-zero exit. Once a message went out, a failure to show the result
(the reader closed the pipe, the disk is full, the terminal cannot encode ✓) must not turn
into exit 1, or the retry sends it twice. Commands call settle() as soon as the outcome is
known, before printing it; __main__'s error boundary then exits with that code and says
what was done.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settled:
    code: int  # the exit code the outcome earns
    what: str  # one sentence for people: what reached the stand


_current: Settled | None = None  # one command per process; __main__ resets it per call


def settle(code: int, what: str) -> None:
    global _current
    _current = Settled(int(code), what)


def current() -> Settled | None:
    return _current


def reset() -> None:
    global _current
    _current = None
