"""msgclient never changes a database that is not the sandbox's (issue 14, class 1)."""

from __future__ import annotations

import sqlite3

import pytest

from msgclient.__main__ import main
from msgclient.sandbox.store.db import APPLICATION_ID, ensure_seeded


def foreign_db(path, user_version=7):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (99.5)")
    conn.execute(f"PRAGMA user_version={user_version}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("argv", [["threads", "list"], ["sandbox", "reset"]])
@pytest.mark.parametrize("user_version", [0, 1, 7])
def test_another_applications_database_is_refused_untouched(tmp_path, monkeypatch, capsys,
                                                              argv, user_version):
    db = foreign_db(tmp_path / "billing.db", user_version)
    before = db.read_bytes()
    monkeypatch.setenv("MSGCLIENT_SANDBOX_DB", str(db))
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [(f"error: {db} is not the sandbox's database (it is another application's "
                    "database); msgclient will not change it. Point MSGCLIENT_SANDBOX_DB "
                    "(sandbox_db in the config, or --db) at a new file or at a sandbox "
                    "database.")]
    assert db.read_bytes() == before, "not a byte changed (not even the journal mode)"


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path, monkeypatch, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 200)
    monkeypatch.setenv("MSGCLIENT_SANDBOX_DB", str(notes))
    assert main(["threads", "list"]) == 2
    assert "it is not a SQLite database" in capsys.readouterr().err
    assert notes.read_text() == "my notes\n" * 200


def test_the_sandbox_marks_and_reuses_its_own_file(tmp_path, monkeypatch, capsys):
    db = tmp_path / "sandbox.db"
    monkeypatch.setenv("MSGCLIENT_SANDBOX_DB", str(db))
    assert main(["threads", "list", "--limit", "1"]) == 0
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    ensure_seeded(db)  # again: its own file, no complaint
    assert main(["sandbox", "reset"]) == 0
