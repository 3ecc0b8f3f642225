"""The index file: one SQLite database per stand (URL + tenant + login) in the user's cache.

0600, WAL with a busy timeout (a command may read while another syncs), one sync at a time
(a lock file beside it), named migrations (PRAGMA user_version), and rebuilt from nothing
when it is damaged or the stand turned out to be another one (sync.py decides that).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgclient.config.settings import cache_dir
from msgclient.files.private import create_private, make_dirs

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS threads (
    id INTEGER PRIMARY KEY, status TEXT NOT NULL, changed TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL DEFAULT '', client_id INTEGER, channel INTEGER,
    words TEXT NOT NULL DEFAULT '', body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS threads_by_change ON threads (status, changed DESC, id DESC);
CREATE INDEX IF NOT EXISTS threads_by_client ON threads (client_id, changed DESC);
"""
# Named migrations, applied in order: an index at user_version N has had the first N.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("m001_meta_and_threads", SCHEMA),
)
INDEX_VERSION = len(MIGRATIONS)
BUSY_MS = 30_000


def index_path(url: str, tenant: str | None, login: str | None) -> Path:
    key = hashlib.sha256(f"{url.rstrip('/')}\n{tenant or ''}\n{login or ''}".encode())
    return cache_dir() / "threads" / f"{key.hexdigest()[:20]}.sqlite"


def migrate(conn: sqlite3.Connection) -> int:
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, (_name, script) in enumerate(MIGRATIONS[found:], found + 1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version={number}")
    return found


class Index:
    """The open index of one stand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = self._open()

    def _open(self) -> sqlite3.Connection:
        make_dirs(self.path.parent)
        for attempt in (1, 2):
            try:
                create_private(self.path)
                conn = sqlite3.connect(self.path, isolation_level=None,
                                       check_same_thread=False, timeout=BUSY_MS / 1000)
                conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("damaged")
                if conn.execute("PRAGMA user_version").fetchone()[0] > INDEX_VERSION:
                    raise sqlite3.DatabaseError("written by a newer msgclient")
                migrate(conn)
                return conn
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                self._remove()
        raise AssertionError("unreachable")

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    def rebuild(self) -> None:
        """Forget everything: another stand answers at this URL, or the file was damaged."""
        with self.transaction():
            self.conn.execute("DELETE FROM threads")
            self.conn.execute("DELETE FROM meta")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def sync_lock(self) -> Iterator[None]:
        """One sync at a time: a second one waits here, then finds the work done."""
        lock = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def meta(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.conn.execute("SELECT key, value FROM meta")}

    def set_meta(self, conn: sqlite3.Connection, **values: Any) -> None:
        conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                         [(k, json.dumps(v)) for k, v in values.items()])

    def known(self, ids: list[int]) -> dict[int, tuple[str, Any]]:
        """id -> (startTime, clientId) of those already in the index."""
        found: dict[int, tuple[str, Any]] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            for tid, started, client in self.conn.execute(
                    f"SELECT id, started, client_id FROM threads WHERE id IN ({marks})", part):
                found[tid] = (started, client)
        return found

    def put(self, conn: sqlite3.Connection, threads: list[dict]) -> None:
        conn.executemany(
            "INSERT OR REPLACE INTO threads (id, status, changed, started, client_id, channel,"
            " words, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(t["id"], str(t.get("status") or ""), str(t.get("stateChangeTime") or ""),
              str(t.get("startTime") or ""), t.get("clientId"), t.get("channel"),
              words(t), json.dumps(t)) for t in threads])

    def open_ids(self) -> set[int]:
        return {r[0] for r in self.conn.execute(
            "SELECT id FROM threads WHERE status != 'CLOSED'")}

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM threads").fetchone()[0]

    def threads(self, statuses: list[str], client_id: int | None = None,
                since: str | None = None, until: str | None = None,
                words_like: list[list[str]] | None = None, ids: set | None = None
                ) -> Iterator[dict]:
        """Threads newest change first, read a row at a time (never the whole table).
        words_like: every word must be found, as one of its alternatives; or the thread's
        client is one of `ids`."""
        where, params = [], []
        if statuses:
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params += statuses
        if client_id is not None:
            where.append("client_id = ?")
            params.append(client_id)
        if since:
            where.append("changed >= ?")
            params.append(since)
        if until:
            where.append("changed < ?")
            params.append(until)
        alternatives = []
        for word in words_like or []:
            alternatives.append("(" + " OR ".join(["instr(words, ?) > 0"] * len(word)) + ")")
            params += word
        if words_like:
            clause = " AND ".join(alternatives)
            if ids:
                marks = ",".join("?" * len(ids))
                clause = f"(({clause}) OR client_id IN ({marks}))"
                params += sorted(ids)
            where.append(clause)
        sql = "SELECT body FROM threads" + (" WHERE " + " AND ".join(where) if where else "") \
            + " ORDER BY changed DESC, id DESC"
        for (body,) in self.conn.execute(sql, params):
            yield json.loads(body)

    def close(self) -> None:
        self.conn.close()


def words(t: dict) -> str:
    """What a search looks in: id, client, agents, tags, lower case."""
    parts = [t.get("id"), t.get("clientName"), t.get("clientExternalId"),
             t.get("currentAgentLogin"), t.get("lastAgentLogin"), f"channel:{t.get('channel')}",
             *(f"tag:{tag}" for tag in t.get("tags") or [])]
    return " ".join(str(p) for p in parts if p is not None).lower() + " "  # "tag:1 " ends
