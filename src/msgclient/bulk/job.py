"""What the send pass hands its workers: a job per row, the run's options, and the view of
the pass a worker needs (runner.py builds it, worker.py uses it; neither imports the other's
module for it)."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from msgclient.bulk.input.rows import BulkRow
    from msgclient.bulk.outcome import Outcome
    from msgclient.bulk.writer import JournalWriter
    from msgclient.outgoing.model import PreparedSend
    from msgclient.rules.send_window import Schedule


@dataclass(frozen=True)
class Job:
    line: int
    key: str
    prepared: PreparedSend | None  # None: a worker prepares it (it needs look-ups)
    body_json: str | None
    previous: str = "pending"  # the state to restore if the run stops before the POST
    row: BulkRow | None = None


@dataclass(frozen=True)
class SenderOptions:
    run_id: str
    concurrency: int
    rate: float | None
    keys_honoured: bool   # the stand replays a repeated Idempotency-Key
    resend_unknown: bool  # the user accepts a possible second message for unknown rows
    schedule: Schedule | None = None  # send window, start and deadline (rules/send_window)
    login: str | None = None  # who sends, for the ledger (the run's stand identity)


class SendPass(Protocol):
    """The parts of runner.Sender a worker uses."""

    ctx: Any
    jobs: queue.Queue
    options: SenderOptions
    writer: JournalWriter
    stop: threading.Event
    pace: Any

    def prepared(self, job: Job) -> Job | None: ...

    def record(self, line: int, outcome: Outcome, write: bool = True) -> None: ...

    def stop_run(self, exc: BaseException) -> None: ...
