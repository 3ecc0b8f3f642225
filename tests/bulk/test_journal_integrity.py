"""A run journal that is damaged, emptied or from a newer msgclient is never read as "nothing
was sent": it blocks a second send of its file until the user decides (issue 14, class 5)."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from msgclient.__main__ import main
from msgclient.bulk import journal as journal_module
from tests.bulk.conftest import outgoing_total, phone_rows, phones

SEND = ["--channel", "viber", "--text", "Hi", "--tag", "Sales", "--yes"]


@pytest.fixture
def finished_run(stand, monkeypatch, tmp_path, isolated_home):
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    rows = phone_rows(tmp_path / "in.csv", phones(3, offset=800))
    assert main(["bulk", "run", str(rows), *SEND, "--run-id", "first"]) == 0
    journal = isolated_home / ".local/state/msgclient/runs/first/journal.db"
    assert journal.is_file()
    return rows, journal


def _truncate(journal, keep):
    for extra in ("-wal", "-shm"):
        journal.with_name(journal.name + extra).unlink(missing_ok=True)
    data = journal.read_bytes()
    journal.write_bytes(data[:int(len(data) * keep)])


def _newer(journal):
    conn = sqlite3.connect(journal)
    conn.execute("PRAGMA user_version=99")
    conn.close()


@pytest.mark.parametrize("damage, why", [
    (lambda j: _truncate(j, 0), "its journal is empty"),
    (lambda j: _truncate(j, 0.5), "its journal is damaged"),
    (_newer, "written by a newer msgclient (journal version 99)"),
])
def test_a_damaged_journal_blocks_sending_its_file_again(finished_run, stand, capsys,
                                                         damage, why):
    rows, journal = finished_run
    damage(journal)
    capsys.readouterr()
    sent = outgoing_total(stand)
    assert main(["bulk", "run", str(rows), *SEND]) == 2
    err = capsys.readouterr().err
    assert "already sent with the same options in run first" in err and why in err
    assert "--new-run" in err
    assert outgoing_total(stand) == sent, "blocked, not sent again as if never sent"
    assert main(["bulk", "run", str(rows), *SEND, "--new-run"]) == 0  # the user decided
    assert "run first" not in capsys.readouterr().err


def test_a_damaged_run_is_not_wiped_by_reusing_its_id(finished_run, capsys):
    rows, journal = finished_run
    _truncate(journal, 0)
    assert main(["bulk", "run", str(rows), *SEND, "--run-id", "first", "--new-run"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert journal.exists() and (journal.parent / "fingerprint").exists()


def test_resume_of_a_newer_journal_is_one_clear_line(finished_run, capsys):
    _, journal = finished_run
    _newer(journal)
    capsys.readouterr()
    assert main(["bulk", "resume", "first", "--yes"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "written by a newer msgclient" in err[0]
    assert "unexpected" not in err[0]


def test_a_journal_from_before_versioning_is_migrated_and_read(tmp_path):
    """A journal of the first release (tables, user_version 0) is brought to the current
    version by the named migrations, rows intact; a current one is left as it is."""
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(journal_module.SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('runId', '\"r1\"')")
    conn.execute("INSERT INTO rows (line, state, message_id) VALUES (2, 'sent', '77')")
    conn.commit()
    conn.close()
    opened = journal_module.Journal(path)
    try:
        assert opened.conn.execute("PRAGMA user_version").fetchone()[0] == \
            journal_module.JOURNAL_VERSION == len(journal_module.MIGRATIONS)
        assert [r["message_id"] for r in opened.rows()] == ["77"]
        assert journal_module.migrate(opened.conn) == journal_module.JOURNAL_VERSION
    finally:
        opened.close()
    names = [name for name, _ in journal_module.MIGRATIONS]
    assert len(set(names)) == len(names)


def test_every_folder_and_file_a_run_leaves_is_private(finished_run, isolated_home):
    """The app folders msgclient creates (not only the last of them) are 0700, and every file
    of a run (journal, fingerprint, lock, report) is 0600: they hold clients' addresses."""
    state = isolated_home / ".local/state"
    for path in [state, *state.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
