"""`bulk list` is oldest first by when each run started (the journal's `created`), not by its
folder's ctime, which changes whenever the folder is touched: reading a journal (as listing
does) creates its -wal/-shm files (item 14)."""

from __future__ import annotations

import time

from msgclient.bulk import runs
from msgclient.bulk.journal import Journal


def _run(run_id: str, created: str) -> None:
    journal = Journal(runs.create(run_id).journal)
    journal.set_meta(runId=run_id, created=created)
    journal.close()


def test_runs_are_listed_by_their_start_not_their_folder_ctime(isolated_home):
    # Folders made in the order x, y, z, but the runs started z first (say, journals copied
    # from another machine, or folders touched since): the start time is what counts.
    for hour, run_id in ((10, "x"), (9, "y"), (8, "z")):
        _run(run_id, f"2026-11-30T{hour:02}:00:00+00:00")
        time.sleep(0.05)  # ctime ticks coarsely: let each step have its own
    for _ in range(2):  # listing reads every journal; that must not change the order
        assert [r.id for r in runs.all_runs()] == ["z", "y", "x"]
