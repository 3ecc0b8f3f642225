"""`bulk status --rows unknown` lists what the summary counts as unknown, crash leftovers too."""

from __future__ import annotations

import json
import os
from pathlib import Path

from msgclient.bulk.journal import Journal
from tests.conftest import run_main


def test_rows_unknown_includes_rows_a_crash_left_in_flight(isolated_home):
    run_dir = Path(os.environ["XDG_STATE_HOME"]) / "msgclient" / "runs" / "r1"
    run_dir.mkdir(parents=True)
    journal = Journal(run_dir / "journal.db")
    journal.set_meta(runId="r1", phase="stopped")
    journal.add_row(2, "sent", "phone +4915100000001")
    journal.add_row(3, "in_flight", "phone +4915100000002")
    journal.add_row(4, "unknown", "phone +4915100000003")
    journal.commit()
    journal.close()
    proc = run_main("bulk", "status", "r1", "--rows", "unknown", "--json")
    assert proc.returncode == 0, proc.stderr
    assert sorted(row["line"] for row in json.loads(proc.stdout)) == [3, 4]
