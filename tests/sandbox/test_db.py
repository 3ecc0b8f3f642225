"""The stand's file: seeding is deterministic, race-safe and resettable; the admin API."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor

import pytest

from msgclient.sandbox.store import db
from msgclient.sandbox.store.seed import FIXTURE_THREADS


def _dump(path) -> list:
    with sqlite3.connect(path) as conn:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in (
            "clients", "channels", "tags", "templates", "users", "email_accounts")]


def _count(path, sql: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def test_the_demo_stand_has_what_the_docs_promise(seeded_file):
    assert _count(seeded_file, "SELECT count(*) FROM clients") >= 30
    assert _count(seeded_file, "SELECT count(*) FROM threads") >= 80
    assert _count(seeded_file, "SELECT count(DISTINCT status) FROM threads") == 9
    assert _count(seeded_file, "SELECT count(*) FROM clients WHERE blocked") >= 3
    assert _count(seeded_file, "SELECT count(*) FROM clients WHERE email IS NULL") >= 3
    assert _count(seeded_file, "SELECT max(level) FROM tags") == 3
    assert _count(seeded_file, "SELECT count(*) FROM messages WHERE attachments != '[]'") >= 5
    assert _count(seeded_file, "SELECT count(*) FROM messages WHERE email LIKE '%bcc\": [\"%'") >= 1
    one_open = "SELECT max(n) FROM (SELECT count(*) n FROM threads WHERE status != 'CLOSED' " \
               "GROUP BY client_id)"
    assert _count(seeded_file, one_open) == 1
    with sqlite3.connect(seeded_file) as conn:
        for tid, (_, client, channel, status, _, _) in FIXTURE_THREADS.items():
            assert conn.execute("SELECT client_id, channel_id, status FROM threads WHERE id = ?",
                                (tid,)).fetchone() == (client, channel, status)


def test_seeding_is_deterministic(tmp_path, seeded_file):
    db.ensure_seeded(tmp_path / "other.db")
    assert _dump(tmp_path / "other.db") == _dump(seeded_file)


def test_ensure_seeded_is_safe_when_processes_race(tmp_path):
    path = tmp_path / "raced.db"
    # Spawned, not forked: a fork of this multi-threaded test worker (a stand's server thread,
    # a stand stopping in the background) can copy a held lock and hang for ever.
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(db.ensure_seeded, [path] * 4))
    clients = _count(path, "SELECT count(*) FROM clients")
    assert clients == _count(path, "SELECT max(id) FROM clients")
    assert _count(path, "SELECT count(*) FROM users WHERE login = 'supervisor'") == 1


def test_reset_puts_the_demo_stand_back(tmp_path, seeded_file):
    path = tmp_path / "s.db"
    db.ensure_seeded(path)
    db.set_client_blocked(path, 1, True)
    db.set_setting(path, "mandatoryTags", False)
    db.reset(path)
    assert _dump(path) == _dump(seeded_file)


def test_admin_functions_refuse_unknown_rows(tmp_path):
    path = tmp_path / "s.db"
    db.ensure_seeded(path)
    db.set_thread_status(path, 1, "WAITING")
    assert db.close_active_threads(path, 1) == 1
    db.set_channel_limits(path, 1, max_attachment_size=10, max_attachments=2)
    with pytest.raises(KeyError):
        db.set_channel_enabled(path, 99, True)
    with pytest.raises(KeyError):
        db.set_client_email(path, 999, None)
