"""One send worker: claim a row (in_flight, durable), wait for the pace, POST, record.

With a stand that honours Idempotency-Key the worker claims its next row while the
current one is on the wire, so the fsync that makes a claim durable overlaps the
network round trip instead of adding to it. A claimed row the run never sends (it was
stopped) is released to its former state; after a kill -9 it stays in_flight, i.e.
unknown, and resume sends it under the same key, which such a stand de-duplicates.
Against a stand that does not honour keys an unknown row is not sent again without
--resend-unknown, so there the worker claims only the row it is about to send: no
row that never left is ever reported as possibly sent.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from dataclasses import dataclass

from msgclient.bulk.job import Job, SendPass
from msgclient.bulk.journal import JournalError
from msgclient.bulk.outcome import Outcome, from_error, sent
from msgclient.outgoing.prepare import deliver

_EMPTY = object()  # nothing queued right now
_END = object()    # the producer is done


@dataclass(frozen=True)
class Claimed:
    job: Job
    durable: threading.Event


class Worker:
    def __init__(self, sender: SendPass) -> None:
        self.sender = sender
        self.writer = sender.writer

    def run(self) -> None:
        try:
            self._loop()
        except BaseException as exc:  # noqa: BLE001 - a bug: stop the run, do not lose a worker
            self.sender.stop_run(exc)

    def _loop(self) -> None:
        look_ahead = self.sender.options.keys_honoured
        item = self._next(wait=True)
        while item is not _END:
            current = item if isinstance(item, Claimed) else self._claim(item)
            item = self._early(self._next(wait=False)) if look_ahead else _EMPTY
            if current is not None:
                self._send(current)
            if item is _EMPTY:
                item = self._next(wait=True)

    def _next(self, wait: bool) -> object:
        """The next job; _EMPTY (only when not waiting) or _END."""
        while True:
            try:
                job = self.sender.jobs.get(block=wait)
            except queue.Empty:
                return _EMPTY
            if job is None:
                return _END
            if not self.sender.stop.is_set():
                return job
            # stopping: leave it as it is in the journal, resume picks it up

    def _early(self, item: object) -> object:
        """Claim a ready job now, to overlap its fsync with the current POST; one that still
        needs look-ups waits (they would delay the current row)."""
        if not isinstance(item, Job) or item.prepared is None:
            return item
        return self._claim(item) or _EMPTY

    def _claim(self, job: Job) -> Claimed | None:
        if job.prepared is None:
            job = self.sender.prepared(job)
            if job is None:
                return None
        try:
            return Claimed(job, self.writer.claim(job.line, job.key, job.prepared.path,
                                                  job.body_json))
        except JournalError as exc:
            self.sender.stop_run(exc)
            return None

    def _send(self, claimed: Claimed) -> None:
        job, sender = claimed.job, self.sender
        ready = self._durable(claimed) and not sender.stop.is_set()
        if not (ready and sender.pace.acquire(sender.stop)):
            self._release(job)
            return
        try:
            with sender.ctx.client.operation():  # the row's own budget (api/client.py)
                outcome = sent(deliver(sender.ctx, job.prepared, job.key))
        except Exception as exc:  # noqa: BLE001 - every failure becomes the row's outcome
            outcome = _classified(exc)
        sender.record(job.line, outcome)

    def _durable(self, claimed: Claimed) -> bool:
        try:
            self.writer.wait(claimed.durable)
            return True
        except JournalError as exc:
            self.sender.stop_run(exc)
            return False

    def _release(self, job: Job) -> None:
        # If even this cannot be written, the row stays in_flight: resume treats it as
        # unknown, which is safe.
        with contextlib.suppress(JournalError):
            self.writer.release(job.line, job.previous)


def _classified(exc: Exception) -> Outcome:
    try:
        return from_error(exc)
    except Exception:  # noqa: BLE001 - a bug: the POST may have gone out, so stop the run
        return Outcome("unknown", "ERROR", f"unexpected {type(exc).__name__}: {exc}", fatal=exc)
