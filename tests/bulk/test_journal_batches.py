"""The validation pass writes its rows in batches (issue 23): one statement per batch, not
per row, and de-duplication still sees the rows of the batch not yet written."""

from __future__ import annotations

from msgclient.bulk import journal as journal_module
from msgclient.bulk.journal import Journal


class CountingConnection:
    """The journal's connection, counting the statements it is handed."""

    def __init__(self, conn) -> None:
        self.conn, self.calls = conn, 0

    def execute(self, *args):
        self.calls += 1
        return self.conn.execute(*args)

    def executemany(self, *args):
        self.calls += 1
        return self.conn.executemany(*args)

    def __getattr__(self, name):
        return getattr(self.conn, name)

    def __enter__(self):
        return self.conn.__enter__()

    def __exit__(self, *exc):
        return self.conn.__exit__(*exc)


def test_rows_are_written_a_batch_per_statement(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    counting = journal.conn = CountingConnection(journal.conn)
    rows = 2 * journal_module._BATCH
    for line in range(2, 2 + rows):
        journal.add_row(line, "pending", f"phone +{line}", dkey=f"k{line}")
    journal.commit()
    assert counting.calls <= 4  # BEGIN and one executemany per batch, not a statement a row
    assert journal.counts()["pending"] == rows
    journal.conn = counting.conn
    journal.close()


def test_an_earlier_row_not_yet_written_is_seen(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    journal.add_row(2, "pending", "phone +2", dkey="same")
    assert journal.first_with("same") == 2
    journal.add_row(3, "duplicate", "phone +2")
    assert journal.first_with("same") == 2
    assert journal.first_with("other") is None
    assert journal.counts()["pending"] == 1 and journal.counts()["duplicate"] == 1
    assert next(journal.rows(("pending",)))["line"] == 2
    journal.close()


def test_an_earlier_batch_wins_over_this_one(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "_BATCH", 2)
    journal = Journal(tmp_path / "journal.db")
    journal.add_row(2, "pending", "a", dkey="k")
    journal.add_row(3, "pending", "b", dkey="x")  # the batch of two is written here
    journal.add_row(4, "pending", "c", dkey="k")  # as plan.validate would not, to see the order
    assert journal.first_with("k") == 2
    journal.close()
