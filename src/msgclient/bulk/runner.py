"""The send pass: one producer, a bounded queue, N workers, a shared rate limit.

The producer (the caller's thread) turns open journal rows into ready bodies;
workers (worker.py) claim them (`in_flight`, durable), wait for the rate limit,
POST once and record the outcome. Retries are the API client's alone (docs/design.md
§5 rule 7): a row is handed to `deliver` once per run, so no second retry layer
can multiply sends. Memory is bounded by the queue (2 x concurrency rows).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from msgclient.api.capabilities import SEND_CHANNEL
from msgclient.bulk.adaptive import AdaptivePace, paced
from msgclient.bulk.input import clock
from msgclient.bulk.input.keys import idempotency_key
from msgclient.bulk.input.rows import BulkRow
from msgclient.bulk.job import Job, SenderOptions
from msgclient.bulk.journal import JournalError
from msgclient.bulk.outcome import Outcome, from_error
from msgclient.bulk.plan import Work
from msgclient.bulk.worker import Worker
from msgclient.bulk.writer import JournalWriter
from msgclient.ledger.recipients import client_of, keys_of, primary, text_hash
from msgclient.outgoing.model import EXISTING_KINDS, PreparedSend
from msgclient.outgoing.prepare import prepare, window_applies

if TYPE_CHECKING:
    from msgclient.api.stand import Stand

UNKNOWN_HINT = ("its send was cut off (msgclient stopped) and the stand does not honour "
                "Idempotency-Key, so it may have reached the client; check, then resume with "
                "--resend-unknown to send it again")


class Sender:
    def __init__(self, ctx: Stand, writer: JournalWriter, options: SenderOptions,
                 on_result: Callable[[Outcome], None], pace: AdaptivePace | None = None) -> None:
        self.ctx = ctx
        self.writer = writer
        self.options = options
        self.on_result = on_result
        self.pace = pace or AdaptivePace(options.rate)
        self.stop = threading.Event()
        self.fatal: BaseException | None = None
        self.jobs: queue.Queue[Job | None] = queue.Queue(maxsize=2 * options.concurrency)
        self._uploads: dict = {}  # one upload per attachment file for the whole run
        self._workers: list[threading.Thread] = []
        self._fatal_lock = threading.Lock()
        # line -> (the row's recipient keys, its message) while it is on its way: what its
        # ledger entry says once it is sent (a resumed row sent before has only its label).
        self._entries: dict[int, tuple[list[str], object | None]] = {}

    def run(self, work: Iterable[Work]) -> None:
        """Send every open row; KeyboardInterrupt stops cleanly (in-flight rows finish)."""
        with paced(self.ctx.client, self.pace, self.stop):
            self._run(work)

    def _run(self, work: Iterable[Work]) -> None:
        self._workers = [threading.Thread(target=self._worker, name=f"bulk-{n}", daemon=True)
                         for n in range(self.options.concurrency)]
        for worker in self._workers:
            worker.start()
        try:
            for item in work:
                job = None if self.stop.is_set() else self._job(item)
                if self.stop.is_set() or (job is not None and not self._put(job)):
                    break
        except BaseException:
            self.stop.set()
            raise
        finally:
            self._wind_down()
        if self.fatal is not None:
            raise self.fatal

    def _wind_down(self) -> None:
        """One end mark per worker, then wait for them. Ctrl-C here stops the run but still
        waits: leaving now would report the rows in flight, or merely claimed, as unknown."""
        marks = len(self._workers)
        while True:
            try:
                while marks and self._put(None):
                    marks -= 1
                for worker in self._workers:
                    worker.join()
                return
            except KeyboardInterrupt:
                self.stop.set()

    def _put(self, job: Job | None) -> bool:
        """Queue a job; False once no worker is left to take it (never block forever)."""
        while True:
            try:
                self.jobs.put(job, timeout=0.2)
                return True
            except queue.Full:
                if not any(w.is_alive() for w in self._workers):
                    return False

    def _job(self, item: Work) -> Job | None:
        entry, line = item.entry, item.entry["line"]
        if entry["state"] in ("in_flight", "unknown") and not (
                self.options.keys_honoured or self.options.resend_unknown):
            self.record(line, Outcome("unknown", "INTERRUPTED", UNKNOWN_HINT),
                         write=entry["state"] == "in_flight")
            return None
        timed = self._timed(entry)
        if timed is not None:
            self.record(line, timed)
            return None
        if item.problem is not None:
            self.record(line, from_error(item.problem))
            return None
        if item.row is not None:
            keys = keys_of(item.row.recipient, self.ctx.region)
            self._entries[line] = (keys or [primary(keys, item.row.recipient)], item.row.message)
        else:
            self._entries[line] = ([entry.get("label") or f"line {line}"], None)
        if entry.get("body"):
            body = json.loads(entry["body"])
            previous = "unknown" if entry["state"] in ("in_flight", "unknown") else "pending"
            return Job(line, entry["key"], PreparedSend(entry["path"], body, {}), entry["body"],
                       previous)
        assert item.row is not None
        job = Job(line, idempotency_key(self.options.run_id, line, item.row.content_hash),
                  None, None, row=item.row)
        return job if _needs_lookup(self.ctx.catalog, item.row) else self.prepared(job)

    def _timed(self, entry: dict) -> Outcome | None:
        """Held (outside the client's window, before --start-at) or expired (past the
        deadline): the row is not sent now. An unknown row is left as it is: it may have
        gone out, and calling it expired would hide that."""
        schedule = self.options.schedule
        if schedule is None or entry["state"] not in ("pending", "failed", "held"):
            return None
        decision = schedule.decide(clock.now(), entry.get("zone"))
        if decision.state == "send":
            return None
        until = decision.until.timestamp() if decision.until else None
        return Outcome(decision.state, decision.state.upper(), decision.reason,
                       held_until=until)

    def prepared(self, job: Job) -> Job | None:
        """The job with its exact body; None (and the row's outcome recorded) if it cannot be.

        The stand applies the client rules when the message arrives; asking it first would
        double the round trips, and its refusal is recorded like any other.
        """
        row = job.row
        assert row is not None
        try:
            with self.ctx.client.operation():  # the row's look-ups: its own budget
                ready = prepare(self.ctx, row.recipient, row.message, eligibility=False,
                                upload=True, uploads=self._uploads)
        except Exception as exc:  # noqa: BLE001 - classified, unexpected ones re-raised
            self.record(job.line, from_error(exc))
            return None
        body = json.dumps(ready.body, ensure_ascii=False, separators=(",", ":"))
        return replace(job, prepared=ready, body_json=body)

    def _worker(self) -> None:
        Worker(self).run()

    def record(self, line: int, outcome: Outcome, write: bool = True) -> None:
        keys, message = self._entries.pop(line, ([], None))
        if write:
            try:
                self.writer.finish(line, outcome.state, message_id=outcome.message_id,
                                   thread_id=outcome.thread_id, code=outcome.code,
                                   reason=outcome.reason, held_until=outcome.held_until)
                if outcome.state == "sent" and keys:
                    self.writer.to_ledger(self._ledger_entry(keys, message, outcome))
            except JournalError as exc:
                self.stop_run(exc)
        if outcome.fatal is not None:
            self.stop_run(outcome.fatal)
        self.on_result(outcome)

    def _ledger_entry(self, keys: list[str], message, outcome: Outcome) -> tuple:
        m = message
        return (time.time(), self.ctx.where, self.options.login, keys[0], client_of(keys),
                m.channel if m else None, m.template if m else None,
                text_hash(m.text) if m else None, ",".join(m.tags) if m and m.tags else None,
                "sent", outcome.message_id, outcome.thread_id, self.options.run_id)

    def stop_run(self, exc: BaseException) -> None:
        with self._fatal_lock:
            if self.fatal is None:
                self.fatal = exc
        self.stop.set()


def _needs_lookup(catalog, row: BulkRow) -> bool:
    """A thread's or client's row whose body needs look-ups (no channel given, an email, or a
    stand that picks the channel itself), or a row WhatsApp's window may stop, costs round
    trips, which the workers make side by side."""
    channel = str(row.message.channel or "").lower()
    return window_applies(catalog, row.message) or row.recipient.kind in EXISTING_KINDS and (
        not channel or "mail" in channel or not catalog.has(SEND_CHANNEL))
