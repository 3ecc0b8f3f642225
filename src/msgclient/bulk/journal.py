"""The durable record of a bulk run: one SQLite file per run, one row per input row.

Why SQLite in WAL mode rather than an append-only JSONL file: resume, status and
the report need the latest state of a row by line number, de-duplication needs
"have I seen this recipient?" over 200,000 rows without holding them in memory,
and both are an index lookup here. A committed WAL transaction survives kill -9
of the process at any instant (the WAL is replayed on the next open), and with
synchronous=FULL it survives power loss too. The cost, one fsync per commit, is
shared by many rows through group commit (see writer.py).

Row states: pending -> in_flight(key) -> sent(message id) | refused(code) |
failed(reason) | unknown; and invalid / duplicate for rows never to be sent. A row outside
its send window (or before --start-at) is held (open: resume sends it once it may go); one
past its deadline (--valid-for, --not-after) is expired, never sent, never reopened.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgclient.errors import MsgclientError
from msgclient.files.private import create_private

FINAL = ("sent", "refused", "invalid", "duplicate", "expired")
OPEN = ("pending", "in_flight", "unknown", "failed", "held")  # what resume looks at
STATES = OPEN + FINAL
_BATCH = 5000  # validation inserts per commit

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    line INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    label TEXT,
    dkey TEXT,
    key TEXT,
    path TEXT,
    body TEXT,
    message_id TEXT,
    thread_id INTEGER,
    code TEXT,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated REAL
);
CREATE INDEX IF NOT EXISTS rows_dkey ON rows(dkey) WHERE dkey IS NOT NULL;
"""
# Named migrations, applied in order (llm's way): a journal at PRAGMA user_version N has had
# the first N. Add one at the end when the schema or the meaning of a state changes; an
# older msgclient then refuses the file instead of misreading which rows were sent.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    # Journals written before versioning (user_version 0) already have these tables.
    ("m001_meta_and_rows", SCHEMA),
    # Send windows and deadlines: the client's zone per row, and until when a held row waits
    # (an older msgclient would not know that held rows are still to be sent).
    ("m002_zone_and_held_until", "ALTER TABLE rows ADD COLUMN zone TEXT;\n"
                                 "ALTER TABLE rows ADD COLUMN held_until REAL;"),
)
JOURNAL_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring a journal up to JOURNAL_VERSION; returns the version it had."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, (_name, script) in enumerate(MIGRATIONS[found:], found + 1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version={number}")
    return found


COLUMNS = ("line", "state", "label", "key", "path", "body", "message_id", "thread_id", "code",
           "reason", "attempts", "updated", "zone", "held_until")


class JournalError(MsgclientError):
    """The run journal cannot be read or written; nothing more is sent."""


def connect(path: Path) -> sqlite3.Connection:
    # The journal holds request bodies (names, phones, texts): 0600 before SQLite opens it,
    # and SQLite gives its -wal and -shm files the same mode.
    create_private(path)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def read_meta(path: Path) -> dict[str, Any]:
    """A run's meta without taking part in it; {} for a journal that cannot be read."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM meta")}
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return {}


def health(path: Path) -> str | None:
    """Why a run's journal cannot be trusted (damaged, emptied, from a newer msgclient), or
    None. Reads only; quick_check reads every page, so it is for one run, not for all."""
    if not path.is_file():
        return "its journal is missing"
    if path.stat().st_size == 0:
        return "its journal is empty"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            problem = _trouble(conn)
            started = problem is None and conn.execute(
                "SELECT 1 FROM meta WHERE key = 'runId'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"its journal is damaged ({exc})"
    return problem or (None if started else "its journal is empty")


def _trouble(conn: sqlite3.Connection) -> str | None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > JOURNAL_VERSION:
        return f"its journal was written by a newer msgclient (journal version {version})"
    check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    return None if check == "ok" else f"its journal is damaged ({check})"


class Journal:
    """Reads, plus the writes of the validation pass (one thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        existed = path.is_file() and path.stat().st_size > 0
        try:
            self.conn = connect(path)
            problem = _trouble(self.conn) if existed else None
            if problem is None:
                migrate(self.conn)
        except sqlite3.Error as exc:
            problem = f"its journal is damaged ({exc})"
        if problem:
            raise JournalError(f"The run journal {path} cannot be used: {problem}; msgclient "
                               "will not guess which rows were sent.",
                               hint="A newer msgclient can read a newer journal; a damaged "
                                    "one needs a check of what the clients received.")
        self._batch: list[tuple] = []  # validation rows not yet written (add_row)
        self._batch_dkeys: dict[str, int] = {}  # their recipients: dkey -> first line

    def close(self) -> None:
        self.commit()
        self.conn.close()

    # -- meta -------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.conn.execute("SELECT key, value FROM meta")}

    def set_meta(self, **values: Any) -> None:
        """All values in one transaction: a run's meta is never half written."""
        self.commit()
        with self.conn:  # BEGIN ... COMMIT
            self.conn.execute("BEGIN")
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                  [(k, json.dumps(v)) for k, v in values.items()])

    # -- validation pass ----------------------------------------------------
    def clear_rows(self) -> None:
        self.commit()
        self.conn.execute("DELETE FROM rows")

    def add_row(self, line: int, state: str, label: str | None = None, dkey: str | None = None,
                code: str | None = None, reason: str | None = None,
                zone: str | None = None) -> None:
        # Held in memory and written _BATCH at a time with one executemany in one transaction
        # (one statement per row cost a dry run of a million rows more than its checks).
        self._batch.append((line, state, label, dkey, code, reason, time.time(), zone))
        if dkey is not None:
            self._batch_dkeys.setdefault(dkey, line)
        if len(self._batch) >= _BATCH:
            self.commit()

    def first_with(self, dkey: str) -> int | None:
        """The line of an earlier row for the same recipient (sees rows not yet written)."""
        found = self.conn.execute("SELECT line FROM rows WHERE dkey = ? LIMIT 1",
                                  (dkey,)).fetchone()
        return found[0] if found else self._batch_dkeys.get(dkey)

    def commit(self) -> None:
        if self._batch:
            with self.conn:  # BEGIN ... COMMIT: the batch is written whole or not at all
                self.conn.execute("BEGIN")
                self.conn.executemany(
                    "INSERT OR REPLACE INTO rows (line, state, label, dkey, code, reason, "
                    "updated, zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._batch)
            self._batch.clear()
            self._batch_dkeys.clear()

    def reopen_refused(self) -> int:
        """Make refused rows pending again (the user asked to try them once more)."""
        self.commit()
        with self.conn:
            self.conn.execute("BEGIN")
            return self.conn.execute("UPDATE rows SET state = 'pending', code = NULL, "
                                     "reason = NULL, body = NULL, updated = ? "
                                     "WHERE state = 'refused'", (time.time(),)).rowcount

    # -- reads ------------------------------------------------------------
    def first_held(self) -> tuple[float, str | None] | None:
        """When the first held row may go (epoch seconds) and its client's zone."""
        self.commit()
        found = self.conn.execute("SELECT held_until, zone FROM rows WHERE state = 'held' "
                                  "ORDER BY held_until LIMIT 1").fetchone()
        return (found[0], found[1]) if found and found[0] is not None else None

    def counts(self) -> dict[str, int]:
        self.commit()
        found = dict(self.conn.execute("SELECT state, count(*) FROM rows GROUP BY state"))
        return {state: found.get(state, 0) for state in STATES}

    def open_rows(self) -> int:
        """Rows a resume would still look at."""
        counts = self.counts()
        return sum(counts[state] for state in OPEN)

    def refused_codes(self) -> dict[str, int]:
        self.commit()
        return dict(self.conn.execute(
            "SELECT code, count(*) FROM rows WHERE state = 'refused' GROUP BY code "
            "ORDER BY count(*) DESC, code"))

    def rows(self, states: tuple[str, ...] = STATES, chunk: int = 2000) -> Iterator[dict]:
        """Rows in line order, read in short transactions so the WAL can be checkpointed."""
        self.commit()
        marks = ",".join("?" * len(states))
        after = 0
        while True:
            batch = self.conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM rows WHERE line > ? AND state IN ({marks}) "
                "ORDER BY line LIMIT ?", (after, *states, chunk)).fetchall()
            for values in batch:
                yield dict(zip(COLUMNS, values, strict=True))
            if len(batch) < chunk:
                return
            after = batch[-1][0]
