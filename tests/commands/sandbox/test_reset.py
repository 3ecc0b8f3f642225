"""msgclient sandbox reset: flags -> Options, and Options -> the demo stand seeded again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from msgclient.commands.sandbox import reset
from msgclient.commands.sandbox.reset import Options, run
from msgclient.sandbox.store.db import ensure_seeded
from tests.commands.send.conftest import err, make_ctx


def test_flags(parsed):
    assert parsed(reset, "sandbox", "reset") == Options()
    assert parsed(reset, "sandbox", "reset", "--db", "s.db") == Options(Path("s.db"))


def messages(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    finally:
        conn.close()


def test_erases_what_was_done_and_seeds_again(tmp_path):
    db = tmp_path / "s.db"
    ensure_seeded(db)
    seeded = messages(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM messages")
    conn.close()
    ctx = make_ctx()
    assert run(Options(db), ctx) == 0
    assert messages(db) == seeded > 0
    assert err(ctx) == f"✓ Sandbox stand re-seeded at {db}.\n"


def test_the_default_database_is_the_settings(isolated_home):
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    db = ctx.settings.sandbox_db_path
    assert db.is_relative_to(isolated_home) and messages(db) > 0
