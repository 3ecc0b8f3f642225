"""Drive `msgclient send` in a real pseudo-terminal (pexpect), as a person would."""

from __future__ import annotations

import io
import os

import pexpect
import pyte
import pytest

from tests import doubles
from tests.conftest import MSGCLIENT

DOWN, ENTER, SPACE, CTRL_C, CTRL_U = "\x1b[B", "\r", " ", "\x03", "\x15"
FINISH = "\x1b\r"  # Esc then Enter ends a multi-line answer


class Terminal:
    """One program in a pty. When the test ends (tests/doubles.py) it fails if the test never
    saw the program end (finish): what it did last, and its exit code, went unchecked."""

    def __init__(self, child: pexpect.spawn, rows: int, columns: int) -> None:
        self.child, self.rows, self.columns = child, rows, columns
        self.shown = io.StringIO()  # everything the program wrote, for screen()
        child.logfile_read = self.shown
        self.finished = False
        doubles.made(self)

    def unmet(self) -> list[str]:
        return [] if self.finished else [f"{self.child.name} was never finished"]

    def screen(self) -> list[str]:
        """The terminal's rows as a person sees them now (a VT100 emulator replays the output)."""
        screen = pyte.Screen(self.columns, self.rows)
        pyte.Stream(screen).feed(self.shown.getvalue())
        return [row.rstrip() for row in screen.display]

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)

    def answer(self, question: str, *keys: str) -> None:
        self.expect(question)
        self.keys(*keys)

    def finish(self, timeout: float = 60) -> int:
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        self.finished = True
        return self.child.exitstatus


@pytest.fixture
def terminal(env_stand):
    """Spawn the installed CLI in a pty (40x120 unless told) against the `env_stand` fixture's
    stand."""
    spawned: list[pexpect.spawn] = []

    def spawn(*argv: str, columns: int = 120, rows: int = 40) -> Terminal:
        env = {**os.environ, "TERM": "xterm", "COLUMNS": str(columns), "LINES": str(rows),
               "PROMPT_TOOLKIT_NO_CPR": "1"}
        env.pop("VISUAL", None)
        env.pop("EDITOR", None)
        child = pexpect.spawn(MSGCLIENT, list(argv), env=env, dimensions=(rows, columns),
                              encoding="utf-8", timeout=45)
        spawned.append(child)
        return Terminal(child, rows, columns)

    yield spawn
    for child in spawned:
        if child.isalive():
            child.terminate(force=True)


def downs(n: int) -> list[str]:
    return [DOWN] * n
