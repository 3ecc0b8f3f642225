"""Group commit: one thread writes the journal's state transitions for all send workers.

A worker asks for `in_flight` and blocks until that record is committed with
synchronous=FULL; only then does it POST. Every record waiting when the writer
wakes goes into the same transaction, so 32 workers cost one fsync per batch
rather than 32 (the group commit of databases' write-ahead logs). Results
(`sent`, `refused`, ...) are queued without waiting: if the process dies before
one is committed, the row is still in_flight, i.e. unknown, and resume sends it
again under the same key, which a stand that honours keys answers with the
first result.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
import time
from pathlib import Path

from msgclient.bulk.journal import JournalError, connect
from msgclient.ledger.store import COLUMNS as LEDGER_COLUMNS

_MAX_BATCH = 1000
_STOP = object()

_BEGIN = ("UPDATE rows SET state = 'in_flight', key = ?, path = ?, body = ?, code = NULL, "
          "reason = NULL, attempts = attempts + 1, updated = ? WHERE line = ?")
_RELEASE = "UPDATE rows SET state = ?, attempts = attempts - 1, updated = ? WHERE line = ?"
# A finished row keeps its key and body only while it may still need sending again.
_FINISH = ("UPDATE rows SET state = ?, message_id = ?, thread_id = ?, code = ?, reason = ?, "
           "body = CASE WHEN ? THEN body END, held_until = ?, updated = ? WHERE line = ?")


# A sent row's entry in the stand's ledger (ledger/store.py), attached to the writer's
# connection: it is committed in the same batch as the row's journal state, off the workers.
_LEDGER = (f"INSERT INTO ledger.sends ({', '.join(LEDGER_COLUMNS)}) VALUES "
           f"({', '.join('?' * len(LEDGER_COLUMNS))})")


class _Op:
    __slots__ = ("done", "params", "sql")

    def __init__(self, sql: str, params: tuple, durable: bool) -> None:
        self.sql = sql
        self.params = params
        self.done = threading.Event() if durable else None


class JournalWriter:
    def __init__(self, path: Path, ledger: Path | None = None) -> None:
        self.path = path
        self.ledger = ledger
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._closed = False
        self.commits = 0
        self._thread = threading.Thread(target=self._loop, name="journal-writer", daemon=True)
        self._conn = connect(path)  # opened here so a bad path fails in the caller
        if ledger is not None:  # migrated by ledger.store.Ledger before the run
            self._conn.execute("ATTACH DATABASE ? AS ledger", (str(ledger),))
        self._thread.start()

    def begin(self, line: int, key: str, path: str, body: str) -> None:
        """Record in_flight and return once it is on disk; JournalError if it cannot be."""
        self.wait(self.claim(line, key, path, body))

    def claim(self, line: int, key: str, path: str, body: str) -> threading.Event:
        """Queue the in_flight record; the returned event is set once it is on disk."""
        op = self._submit(_BEGIN, (key, path, body, time.time(), line), durable=True)
        assert op.done is not None
        return op.done

    def wait(self, durable: threading.Event) -> None:
        durable.wait()
        self._raise_if_failed()

    def release(self, line: int, state: str) -> None:
        """Undo a claim that was never sent (the run stopped first)."""
        self._submit(_RELEASE, (state, time.time(), line), durable=False)

    def finish(self, line: int, state: str, *, message_id: str | None = None,
               thread_id: int | None = None, code: str | None = None,
               reason: str | None = None, held_until: float | None = None) -> None:
        keep_body = state in ("failed", "unknown", "held")
        self._submit(_FINISH, (state, message_id, thread_id, code, reason, keep_body,
                               held_until, time.time(), line), durable=False)

    def to_ledger(self, values: tuple) -> None:
        """Queue a sent row's ledger entry (ledger.store.COLUMNS' values), if there is one."""
        if self.ledger is not None:
            self._submit(_LEDGER, values, durable=False)

    def flush(self) -> None:
        """Wait until everything queued so far is committed."""
        op = self._submit("SELECT 1", (), durable=True)
        assert op.done is not None
        op.done.wait()
        self._raise_if_failed()

    def close(self) -> None:
        self._closed = True
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()
        self._raise_if_failed()

    def _submit(self, sql: str, params: tuple, durable: bool) -> _Op:
        self._raise_if_failed()
        if self._closed:
            raise JournalError(f"The run journal {self.path} is already closed.")
        op = _Op(sql, params, durable)
        self._queue.put(op)
        return op

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise JournalError(f"The run journal {self.path} cannot be written: {self._error}. "
                               "Nothing more is sent.") from None

    def _loop(self) -> None:
        stopping = False
        while not stopping:
            batch = [self._queue.get()]
            while len(batch) < _MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stopping = any(op is _STOP for op in batch)
            ops = [op for op in batch if op is not _STOP]
            if self._error is None:
                self._write(ops)
            for op in ops:
                if op.done is not None:
                    op.done.set()
        self._conn.close()

    def _write(self, ops: list[_Op]) -> None:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for op in ops:
                self._conn.execute(op.sql, op.params)
            self._conn.execute("COMMIT")
            self.commits += 1
        except sqlite3.Error as exc:
            self._error = exc
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
