"""How msgclient is stopped: every way takes Ctrl-C's path.

Ctrl-C (SIGINT), a polite kill (SIGTERM: `kill`, systemd, a CI runner's timeout) and a closed
terminal (SIGHUP) all raise `Stopped`, a KeyboardInterrupt, in the main thread: whatever
Ctrl-C does (a bulk pass that discards a run which sent nothing, in-flight rows that finish,
a journal closed), each of them does, and nothing is left half-way. The exit code is the
shell's convention, 128 + the signal's number: 130, 143, 129.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_received: list[int] = []


class Stopped(KeyboardInterrupt):
    """A signal that stops msgclient arrived (SIGINT, SIGTERM or SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def note(signum: int) -> None:
    """Remember that `signum` asked msgclient to stop (also for handlers of their own)."""
    _received.append(signum)


def stop(signum: int, frame: object) -> None:
    note(signum)
    raise Stopped(signum)


def received() -> int | None:
    """The first stopping signal of this command, if one came."""
    return _received[0] if _received else None


def exit_code(otherwise: int) -> int:
    """128 + the signal that stopped the command; `otherwise` when none did."""
    signum = received()
    return 128 + signum if signum is not None else otherwise


@contextmanager
def handled() -> Iterator[None]:
    """For one command: SIGTERM and SIGHUP stop it as Ctrl-C does (from the main thread
    only, where Python delivers signals); the previous handlers come back afterwards."""
    _received.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, stop) for s in STOPS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
