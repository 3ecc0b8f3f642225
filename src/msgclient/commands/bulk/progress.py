"""Counting outcomes as they arrive, and the progress bar on a terminal's stderr."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self

from rich.console import Console
from rich.constrain import Constrain
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from msgclient.terminal import signals

if TYPE_CHECKING:
    from msgclient.bulk.outcome import Outcome
    from msgclient.terminal.iostreams import IOStreams


class Tally:
    """This session's outcomes; called from every send worker, hence the lock."""

    def __init__(self, total: int, pace: Callable[[], float | None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.clock = total, clock
        self.pace = pace  # the pace the run holds now (messages/s), None while unpaced
        self.counts: Counter[str] = Counter()
        self.started = clock()
        self.ended: float | None = None
        self.first_sent: float | None = None  # when the first and the latest message went
        self.latest_sent: float | None = None
        self._lock = threading.Lock()
        self._listeners: list[Any] = []

    def __call__(self, outcome: Outcome) -> None:
        now = self.clock()
        with self._lock:
            self.counts[outcome.state] += 1
            if outcome.state == "sent":
                self.first_sent = self.first_sent or now
                self.latest_sent = now
            snapshot = dict(self.counts)
        for listener in self._listeners:
            listener(snapshot)

    def watch(self, listener: Any) -> None:
        self._listeners.append(listener)

    def unwatch(self, listener: Any) -> None:
        self._listeners.remove(listener)

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def stop(self) -> None:
        self.ended = self.clock()

    @property
    def elapsed(self) -> float:
        return (self.ended or self.clock()) - self.started

    @property
    def rate(self) -> float | None:
        """Messages sent per second; None before the second one (one message has no rate).

        The lower of two measures, each of which overstates in its own case: n messages over
        the time since the start (a paced run sends its first at once, so n sends at 1/s take
        n - 1 seconds), and the n - 1 gaps between the first and the latest send (a burst of
        concurrent sends answered together). A paced run is never shown faster than its pace:
        the bucket lets no more through, so more is the answers' jitter (a slow first answer
        shortens the gaps), not the rate.
        """
        sent = self.counts["sent"]
        first, latest = self.first_sent, self.latest_sent
        if sent < 2 or first is None or latest is None:
            return None
        overall = sent / (latest - self.started) if latest > self.started else None
        gaps = (sent - 1) / (latest - first) if latest > first else None
        rate = min((r for r in (overall, gaps) if r is not None), default=None)
        pace = self.pace() if self.pace else None
        return min(rate, pace) if rate is not None and pace is not None else rate


def per_second(rate: float | None) -> str:
    """'0.2/s', '12/s': one decimal below 10, so a slow run is not shown as 0/s."""
    if rate is None:
        return "–/s"
    return f"{rate:.1f}/s" if rate < 9.95 else f"{rate:.0f}/s"


ECHO_ROOM = len("^C")


class ShortOfTheEdge(Progress):
    """The line ends ECHO_ROOM columns short of the terminal's edge: the terminal echoes
    Ctrl-C as '^C' after it, which on a full row wraps, and the redrawn bar would stand under
    the old one."""

    def __init__(self, *columns: Any, console: Console, **kwargs: Any) -> None:
        self._edge = console  # Progress builds its Live, which asks for the renderable, first
        super().__init__(*columns, console=console, **kwargs)

    def get_renderable(self) -> Any:
        width = max(self._edge.width - ECHO_ROOM, 1)
        return Constrain(super().get_renderable(), width=width)


class ProgressBar:
    """Rows done, sent, refused, failed, unknown, rate and time left; stderr, TTY only."""

    def __init__(self, io: IOStreams, tally: Tally, label: str) -> None:
        self.io, self.tally, self.label = io, tally, label
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Self:
        # The bar takes the room the counts leave (none is fixed), so a narrow terminal
        # shortens the bar, not the counts.
        self._progress = ShortOfTheEdge(
            TextColumn("{task.description}"), BarColumn(bar_width=None), MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[rate]}{task.fields[pace]}"), TimeRemainingColumn(),
            console=self.io.err, transient=False, refresh_per_second=5, expand=True)
        self._task = self._progress.add_task(self.label, total=self.tally.total,
                                             counts=_counts({}), rate=per_second(None),
                                             pace=self._pace())
        self._progress.start()
        self.tally.watch(self._update)
        return self

    def _update(self, counts: dict[str, int]) -> None:
        self._progress.update(self._task, completed=sum(counts.values()),
                              rate=per_second(self.tally.rate), pace=self._pace(),
                              counts=_counts(counts))

    def _pace(self) -> str:
        """' (pace 95/s)' once the run holds a pace (--rate, or learned from the stand's 429s)."""
        pace = self.tally.pace() if self.tally.pace else None
        return f" (pace {per_second(pace)})" if pace else ""

    def __exit__(self, *exc: object) -> None:
        self.tally.unwatch(self._update)
        self._progress.stop()


def _counts(counts: dict[str, int]) -> str:
    """'sent 20 · refused 1': the states other than sent only once they happen, so the line
    fits a narrow terminal (the summary at the end gives every count). Rich markup: only
    numbers go in."""
    shown = [f"[green]sent {counts.get('sent', 0):,}[/]"]
    shown += [f"{'[red]' if state == 'failed' else ''}{state} {counts[state]:,}"
              f"{'[/]' if state == 'failed' else ''}"
              for state in ("refused", "failed", "unknown") if counts.get(state)]
    return " · ".join(shown)


class NoProgress:
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def progress_for(io: IOStreams, json_out: bool, tally: Tally, label: str) -> Any:
    """A bar for a person watching a terminal; nothing when piped or with --json."""
    if json_out or not io.stderr_is_tty or tally.total == 0:
        return NoProgress()
    return ProgressBar(io, tally, label)


class Interrupts:
    """Ctrl-C, `kill` (SIGTERM) and a closed terminal (SIGHUP) stop a send the same way:
    KeyboardInterrupt in the main thread, so in-flight rows finish and the journal is closed.
    Once sending is over they are only noted (`defer`), so the report and summary are still
    written in full. The exit code names the signal (terminal/signals.py)."""

    SIGNALS = signals.STOPS

    def __init__(self) -> None:
        self.received = False
        self.deferred = False
        self._previous: dict = {}

    def __enter__(self) -> Self:
        self._previous = {s: signal.signal(s, self._handle) for s in self.SIGNALS}
        return self

    def _handle(self, signum: int, frame: object) -> None:
        # Only the first one stops the run. A second one, pressed while the rows in flight
        # finish, would cut the wait short and leave rows that never left as "unknown".
        first = not self.received
        self.received = True
        if first:
            signals.note(signum)
        if first and not self.deferred:
            raise KeyboardInterrupt
        if not first and not self.deferred:
            os.write(2, b"Still stopping: waiting for the answers to the messages in flight.\n")

    def defer(self) -> None:
        self.deferred = True

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
