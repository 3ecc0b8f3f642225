"""Ctrl-C during a bulk run: rows that never reached the stand are never reported as
"unknown", even when the key is pressed again while the rows in flight finish (item 13)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time

import pytest

from msgclient.sandbox.faults import FaultConfig
from tests.bulk.conftest import outgoing_by_phone, phone_rows, phones
from tests.bulk.crashing import CrashLoop
from tests.conftest import MSGCLIENT, start_stand, stop_later


@pytest.fixture
def slow_stand(tmp_path, seeded_db):
    s = start_stand(tmp_path, seeded_db, faults=FaultConfig(latency_ms=300))
    yield s
    stop_later(s.running)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
                         ids=["int", "term"])
def test_ctrl_c_twice_leaves_no_row_unknown(slow_stand, tmp_path, isolated_home, signum, code):
    stand = slow_stand
    env = {**os.environ, "MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": stand.token}
    numbers = phones(20, offset=45_000)
    loop = CrashLoop(MSGCLIENT, phone_rows(tmp_path / "f.csv", numbers), "stopped",
                     isolated_home / ".local/state/msgclient", env, concurrency=4,
                     rng=random.Random(0))
    proc = subprocess.Popen(loop.command(), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (loop.started() and loop.states().get("sent", 0) >= 2):
        assert time.monotonic() < deadline, "the run never sent two rows"
        time.sleep(0.02)
    proc.send_signal(signum)
    time.sleep(0.05)
    proc.send_signal(signum)  # impatient: again, while the rows in flight finish
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    states = loop.states()
    assert not states.get("unknown") and not states.get("in_flight"), (states, err)
    assert sum(outgoing_by_phone(stand, numbers).values()) == states["sent"]
    assert json.loads(out)["unknown"] == 0 and "unknown outcome" not in err
    assert "Still stopping: waiting for the answers to the messages in flight." in err


def thread_gets(stand) -> int:
    """The row checks the stand has answered (the catalogue read asks for no thread)."""
    log = list(stand.running.request_log)  # a copy: the stand's thread appends to it
    return sum((e["method"], e["path"]) == ("GET", "/api/v1/threads/{threadId}") for e in log)


ROWS = 200


@pytest.fixture
def slower_stand(tmp_path, seeded_db):
    s = start_stand(tmp_path, seeded_db, faults=FaultConfig(latency_ms=300))
    yield s
    stop_later(s.running)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143),
                                          (signal.SIGHUP, 129)], ids=["int", "term", "hup"])
def test_ctrl_c_while_the_rows_are_checked_says_so_and_keeps_no_run(slower_stand, tmp_path,
                                                                   isolated_home, signum, code):
    """Ctrl-C, a polite kill and a closed terminal alike (terminal/signals.py)."""
    # Thread rows are checked with the stand (a GET each, 8 at a time): Ctrl-C then ends with
    # the one line every Ctrl-C gets, and a run that never sent leaves nothing behind.
    stand = slower_stand
    env = {**os.environ, "MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": stand.token}
    rows = tmp_path / "f.csv"
    rows.write_text("thread\n" + "14\n" * ROWS, encoding="utf-8")
    proc = subprocess.Popen([MSGCLIENT, "bulk", "run", str(rows), "--channel", "viber",
                             "--text", "hi", "--tag", "Sales", "--yes", "--allow-duplicates"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Ctrl-C once the checks are under way: the first row's answer is back (at 0.3 s a GET,
    # 8 at a time, the other 192 take about 7 s more). A fixed wait raced a busy machine.
    deadline = time.monotonic() + 60
    while not thread_gets(stand):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the row checks never began"
        time.sleep(0.02)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Stopped while checking the rows; nothing was sent." in err
    assert thread_gets(stand) < ROWS, "stopped before every row was checked"
    runs = isolated_home / ".local/state/msgclient/runs"
    assert runs.is_dir() and not list(runs.glob("*"))  # the run was made, then discarded
