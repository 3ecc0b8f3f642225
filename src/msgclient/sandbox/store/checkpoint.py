"""WAL checkpoints off the event loop.

Under synchronous=NORMAL a commit only appends to the WAL; the fsyncs happen when the WAL is
checkpointed into the database file. SQLite would do that inside whichever COMMIT crosses the
threshold, stalling the single event-loop thread for ~10 ms every few hundred sends. A small
thread with its own connection checkpoints instead, and sqlite3 releases the GIL while it waits
for the disk, so requests keep flowing.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from msgclient.sandbox.store.db import connect

# The server connection's own threshold (pages): a safety net if this thread is not running.
SERVER_AUTOCHECKPOINT = 10000


class Checkpointer:
    def __init__(self, db_path: str | Path, interval: float = 0.5) -> None:
        self._db_path, self._interval = db_path, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="msgclient-sandbox-checkpoint",
                                        daemon=True)

    def start(self) -> Checkpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        conn = connect(self._db_path)
        try:
            while not self._stop.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:  # busy or locked: the next round will do
                    continue
        finally:
            conn.close()
