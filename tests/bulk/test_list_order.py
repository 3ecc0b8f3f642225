"""`bulk list` is oldest first by when each run started (the journal's `created`), not by its
folder's ctime, which changes whenever the folder is touched: reading a journal creates its
-wal/-shm files (item 14)."""

from __future__ import annotations

from msgclient.bulk import runs
from msgclient.bulk.journal import Journal


def _run(run_id: str, created: str) -> None:
    journal = Journal(runs.create(run_id).journal)
    journal.set_meta(runId=run_id, created=created)
    journal.close()


def test_runs_are_listed_by_their_start_not_their_folder_ctime(isolated_home):
    _run("older", "2026-11-30T09:00:00+00:00")
    _run("oldest", "2026-11-30T08:00:00+00:00")  # its folder is made last: the newest ctime
    assert [r.id for r in runs.all_runs()] == ["oldest", "older"]
