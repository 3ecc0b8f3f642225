"""The ledger of this install's sends and its do-not-contact list, per stand.

One SQLite file per stand (files/stand.stand_db), 0600, with named migrations like the bulk
journal's. It knows only what this install sent: messages sent from the web workplace or by
another install are not in it. A damaged ledger, or one from a newer msgclient, is refused
in one line: a check that silently read nothing would let a do-not-contact recipient through.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from msgclient.errors import ConfigError
from msgclient.files.private import create_private

SCHEMA = """
CREATE TABLE sends (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    stand TEXT NOT NULL,
    login TEXT,
    recipient TEXT NOT NULL,
    client TEXT,
    channel TEXT,
    template TEXT,
    text_hash TEXT,
    tags TEXT,
    outcome TEXT NOT NULL,
    message_id TEXT,
    thread_id INTEGER,
    run_id TEXT
);
CREATE INDEX sends_recipient ON sends(recipient, at);
CREATE INDEX sends_client ON sends(client, at) WHERE client IS NOT NULL;
CREATE INDEX sends_at ON sends(at);
CREATE TABLE suppressions (
    recipient TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    added REAL NOT NULL
);
"""
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("m001_sends_and_suppressions", SCHEMA),
)
LEDGER_VERSION = len(MIGRATIONS)
COLUMNS = ("at", "stand", "login", "recipient", "client", "channel", "template", "text_hash",
           "tags", "outcome", "message_id", "thread_id", "run_id")
ONLY_THIS_INSTALL = ("The ledger knows only what this install of msgclient sent; messages "
                     "from the web workplace or other installs are not in it.")


class LedgerError(ConfigError):
    """The ledger cannot be read or written; nothing is sent on a guess."""


@dataclass(frozen=True)
class Sent:
    recipient: str
    outcome: str
    client: str | None = None
    channel: str | None = None
    template: str | None = None
    text_hash: str | None = None
    tags: str | None = None
    message_id: str | None = None
    thread_id: int | None = None
    run_id: str | None = None
    at: float | None = None


@dataclass(frozen=True)
class Suppressed:
    recipient: str
    reason: str
    added: float


def migrate(conn: sqlite3.Connection) -> None:
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, (_name, script) in enumerate(MIGRATIONS[found:], found + 1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version={number}")


class Ledger:
    def __init__(self, path: Path, stand: str, login: str | None = None) -> None:
        self.path, self.stand, self.login = path, stand, login
        existed = path.is_file() and path.stat().st_size > 0
        try:
            create_private(path)
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                        timeout=30)
            problem = _trouble(self.conn) if existed else None
            if problem is None:
                self.conn.execute("PRAGMA journal_mode=WAL")
                migrate(self.conn)
        except sqlite3.Error as exc:
            problem = f"it is damaged ({exc})"
        if problem:
            raise LedgerError(f"The ledger {path} cannot be used: {problem}; msgclient will not "
                              "send without knowing whom it must not contact.",
                              hint="Move the file away to start an empty ledger (its "
                                   "do-not-contact list is then lost), or restore a backup.")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sends --------------------------------------------------------------
    def record(self, sends: Iterable[Sent]) -> int:
        """Many sends in one transaction (the bulk run's batches)."""
        now = time.time()
        rows = [(s.at or now, self.stand, self.login, s.recipient, s.client, s.channel,
                 s.template, s.text_hash, s.tags, s.outcome, s.message_id, s.thread_id,
                 s.run_id) for s in sends]
        if rows:
            try:
                with self.conn:
                    self.conn.execute("BEGIN")
                    self.conn.executemany(
                        f"INSERT INTO sends ({', '.join(COLUMNS)}) VALUES "
                        f"({', '.join('?' * len(COLUMNS))})", rows)
            except sqlite3.Error as exc:
                raise LedgerError(f"The ledger {self.path} cannot be written: {exc}.") from None
        return len(rows)

    def sends(self, *, since: float | None = None, client: str | None = None,
              channel: str | None = None, run_id: str | None = None) -> Iterator[dict]:
        where, args = ["1"], []
        for test, value in (("at >= ?", since), ("client = ?", client),
                            ("lower(channel) = lower(?)", channel), ("run_id = ?", run_id)):
            if value is not None:
                where.append(test)
                args.append(value)
        query = f"SELECT {', '.join(COLUMNS)} FROM sends WHERE {' AND '.join(where)} ORDER BY at"
        for values in self.conn.execute(query, args):
            yield dict(zip(COLUMNS, values, strict=True))

    def last_sent(self, keys: Iterable[str], since: float) -> tuple[int, dict | None]:
        """How many messages went to any of these keys since `since`, and the latest."""
        marks = list(keys)
        if not marks:
            return 0, None
        q = ",".join("?" * len(marks))
        found = self.conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM sends WHERE outcome = 'sent' AND at >= ? AND "
            f"(recipient IN ({q}) OR client IN ({q})) ORDER BY at DESC", (since, *marks, *marks)
        ).fetchall()
        return len(found), dict(zip(COLUMNS, found[0], strict=True)) if found else None

    def forget_before(self, moment: float) -> int:
        """Retention: sends older than `moment` are deleted."""
        with self.conn:
            self.conn.execute("BEGIN")
            return self.conn.execute("DELETE FROM sends WHERE at < ?", (moment,)).rowcount

    # -- do not contact -----------------------------------------------------
    def suppress(self, entries: Iterable[tuple[str, str]]) -> int:
        now = time.time()
        with self.conn:
            self.conn.execute("BEGIN")
            return self.conn.executemany(
                "INSERT OR REPLACE INTO suppressions VALUES (?, ?, ?)",
                [(key, reason, now) for key, reason in entries]).rowcount

    def unsuppress(self, key: str) -> bool:
        with self.conn:
            self.conn.execute("BEGIN")
            return self.conn.execute("DELETE FROM suppressions WHERE recipient = ?",
                                     (key,)).rowcount > 0

    def suppressions(self) -> list[Suppressed]:
        return [Suppressed(*row) for row in self.conn.execute(
            "SELECT recipient, reason, added FROM suppressions ORDER BY recipient")]

    def suppressed(self) -> dict[str, Suppressed]:
        """The whole list in memory, once per command: a run asks it per row."""
        return {s.recipient: s for s in self.suppressions()}


def _trouble(conn: sqlite3.Connection) -> str | None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LEDGER_VERSION:
        return f"it was written by a newer msgclient (ledger version {version})"
    check = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    return None if check == "ok" else f"it is damaged ({check})"
