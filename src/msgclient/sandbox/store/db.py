"""The stand's SQLite file: connection settings, creation + seeding, and a small admin API.

The admin functions open their own short connection on the given file, so a test can change
the stand's state while a server is running on it; the server notices through
`PRAGMA data_version` (see sandbox/stand_config.py).
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from msgclient.errors import ConfigError
from msgclient.files.private import create_private
from msgclient.sandbox.store import scale, seed
from msgclient.sandbox.store.times import now_iso

# Bump when schema.sql or the seed changes shape: an older file is then rebuilt from scratch.
SCHEMA_VERSION = 3
# Marks a file as the sandbox's own (PRAGMA application_id, stored in the file header), so a
# rebuild never drops the tables of some other application's database.
APPLICATION_ID = 0x6D736763  # "msgc"
# Files made before the mark existed are recognised by their tables.
OWN_TABLES = frozenset({"settings", "users", "tokens", "clients", "threads", "messages"})


class ForeignDatabase(ConfigError):
    """The sandbox's database path holds a file that is not the sandbox's."""

PathLike = str | Path


def connect(db_path: PathLike) -> sqlite3.Connection:
    """A connection in autocommit mode; callers group writes with explicit BEGIN/COMMIT.

    WAL lets the admin API and readers work while the server writes; synchronous=NORMAL is
    durable enough for a sandbox and keeps commits off fsync.
    """
    conn = sqlite3.connect(str(db_path), isolation_level=None, check_same_thread=False,
                           cached_statements=512, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    _wal(conn)
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _wal(conn: sqlite3.Connection, tries: int = 100) -> None:
    """Switch to WAL. The switch needs the file to itself and SQLite may answer "locked" at
    once rather than wait its busy timeout (processes racing to create the file), so it is
    tried again for a few seconds."""
    for attempt in range(tries):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05)


def ensure_seeded(db_path: PathLike, *, now: datetime | None = None,
                  closed_threads: int | None = None) -> None:
    """Create and seed the stand's database unless it is already there and current.

    closed_threads: None takes the file as it is; a number also rebuilds a file seeded with
    another number of generated closed threads (store/scale.py; 0 is the demo alone).
    Safe when several processes race: the check is repeated inside an exclusive transaction,
    so exactly one of them builds the file and the others find it done.
    """
    check_owned(db_path)  # before anything writes to it, create_private included
    create_private(Path(db_path), own_folder=False)  # clients' names, phones and messages
    conn = connect(db_path)
    try:
        if not _current(conn, closed_threads):
            _rebuild(conn, now=now, force=False, closed_threads=closed_threads)
    finally:
        conn.close()


def reset(db_path: PathLike, *, now: datetime | None = None, closed_threads: int = 0) -> None:
    """Drop everything and seed again: the demo stand as freshly installed, with
    closed_threads generated closed threads (and their share of open ones) on top."""
    check_owned(db_path)
    create_private(Path(db_path), own_folder=False)
    conn = connect(db_path)
    try:
        _rebuild(conn, now=now, force=True, closed_threads=closed_threads)
    finally:
        conn.close()


def seeded_closed_threads(db_path: PathLike) -> int:
    """How many generated closed threads the stand was seeded with (0: the demo alone)."""
    conn = connect(db_path)
    try:
        return _seeded(conn)
    finally:
        conn.close()


def _seeded(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT closed_threads FROM seeding").fetchone()
    return row[0] if row else 0


def _current(conn: sqlite3.Connection, closed_threads: int | None) -> bool:
    if _version(conn) != SCHEMA_VERSION:
        return False
    return closed_threads is None or _seeded(conn) == closed_threads


def check_owned(db_path: PathLike) -> None:
    """Refuse, before anything writes to it (even WAL mode is a write), a file that is not
    the sandbox's: another SQLite database, or no database at all. A missing or empty file
    is fine: the sandbox creates it."""
    path = Path(db_path)
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if not path.is_file():
        raise _foreign(path, "it is not a regular file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            mark = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise _foreign(path, "it is not a SQLite database") from None
    if mark == APPLICATION_ID or not tables or (mark == 0 and OWN_TABLES <= tables):
        return
    raise _foreign(path, "it is another application's database")


def _foreign(path: Path, why: str) -> ForeignDatabase:
    return ForeignDatabase(f"{path} is not the sandbox's database ({why}); msgclient will not "
                           "change it.", hint="Point MSGCLIENT_SANDBOX_DB (sandbox_db in the "
                           "config, or --db) at a new file or at a sandbox database.")


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _rebuild(conn: sqlite3.Connection, *, now: datetime | None, force: bool,
             closed_threads: int | None = None) -> None:
    many = bool(closed_threads)
    if many:  # a file being built from nothing: a crash leaves a file rebuilt next time
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-131072")  # 128 MB while the indexes are built
    try:
        _rebuild_in_transaction(conn, now=now, force=force, closed_threads=closed_threads)
    finally:
        if many:
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-2000")


def _rebuild_in_transaction(conn: sqlite3.Connection, *, now: datetime | None, force: bool,
                            closed_threads: int | None) -> None:
    conn.execute("BEGIN EXCLUSIVE")
    try:
        if force or not _current(conn, closed_threads):
            _drop_all(conn)
            for statement in _schema_statements():
                conn.execute(statement)
            now = now or datetime.now(UTC)
            seed.seed(conn, now=now)
            scale.seed_closed_threads(conn, closed_threads or 0, now=now)
            conn.execute("INSERT INTO seeding (closed_threads) VALUES (?)",
                         (closed_threads or 0,))
            # user_version lives in the file header, so it commits (or not) with the data.
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _drop_all(conn: sqlite3.Connection) -> None:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        conn.execute(f'DROP TABLE "{table}"')


def _schema_statements() -> list[str]:
    # executescript() would COMMIT our exclusive transaction first, so the script is split
    # into statements here (complete_statement knows where SQL statements end).
    text = resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")
    statements, pending = [], ""
    for line in text.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s]


def _admin(db_path: PathLike, sql: str, params: tuple[Any, ...], what: str) -> None:
    conn = connect(db_path)
    try:
        if conn.execute(sql, params).rowcount != 1:
            raise KeyError(f"no such {what}: {params[-1]!r}")
    finally:
        conn.close()


def set_setting(db_path: PathLike, key: str, value: Any) -> None:
    """e.g. set_setting(db, "mandatoryTags", False) or ("textMaxLength", 100)."""
    _admin(db_path, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
           (key, json.dumps(value)), "setting")


def set_channel_enabled(db_path: PathLike, channel_id: int, enabled: bool) -> None:
    _admin(db_path, "UPDATE channels SET enabled=? WHERE id=?", (int(enabled), channel_id),
           "channel")


def set_channel_limits(db_path: PathLike, channel_id: int, *,
                       max_attachment_size: int | None = None, max_attachments: int | None = None,
                       attachment_types: list[str] | None = None) -> None:
    """Change a channel's attachment limits; None keeps a limit as it is."""
    types = json.dumps(attachment_types) if attachment_types is not None else None
    _admin(db_path, "UPDATE channels SET max_attachment_size=coalesce(?, max_attachment_size),"
           " max_attachments=coalesce(?, max_attachments),"
           " attachment_types=coalesce(?, attachment_types) WHERE id=?",
           (max_attachment_size, max_attachments, types, channel_id), "channel")


def set_client_blocked(db_path: PathLike, client_id: int, blocked: bool) -> None:
    _admin(db_path, "UPDATE clients SET blocked=? WHERE id=?", (int(blocked), client_id), "client")


def set_client_email(db_path: PathLike, client_id: int, email: str | None) -> None:
    _admin(db_path, "UPDATE clients SET email=? WHERE id=?", (email, client_id), "client")


def set_thread_status(db_path: PathLike, thread_id: int, status: str) -> None:
    """Move a thread to a status now (e.g. close the thread a send opened)."""
    _admin(db_path, "UPDATE threads SET status=?, state_change_time=? WHERE id=?",
           (status, now_iso(), thread_id), "thread")


def close_active_threads(db_path: PathLike, client_id: int) -> int:
    """Close every open thread of a client, as the agents would; returns how many."""
    conn = connect(db_path)
    try:
        return conn.execute("UPDATE threads SET status='CLOSED', state_change_time=? "
                            "WHERE client_id=? AND status != 'CLOSED'",
                            (now_iso(), client_id)).rowcount
    finally:
        conn.close()
