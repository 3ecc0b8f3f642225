"""kill -9 at random instants, Ctrl-C, and a stand that ignores Idempotency-Key.

The promise under test: after any number of crashes and resumes, the stand holds exactly
one message per row; where the stand cannot de-duplicate, an interrupted row is reported
as unknown and not sent again unless the user asks.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import time

import pytest

from msgclient.sandbox.faults import FaultConfig
from tests.bulk.conftest import outgoing_by_phone, phone_rows, phones
from tests.bulk.crashing import SEND, CrashLoop
from tests.conftest import MSGCLIENT, run_main, start_stand, stop_later

pytestmark = pytest.mark.slow

ROWS = 2000
LATENCY_MS = 50  # long enough that rows are on the wire when a run is stopped


@pytest.fixture
def faulty_stand(tmp_path, seeded_db, request):
    stand = start_stand(tmp_path, seeded_db, **request.param)
    yield stand
    stop_later(stand.running)


def _loop(stand, tmp_path, isolated_home, seed: int, rows: int = ROWS, **kwargs) -> CrashLoop:
    env = {**os.environ, "MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": stand.token}
    numbers = phones(rows, offset=kwargs.pop("offset", 0))
    rows = phone_rows(tmp_path / "followups.csv", numbers)
    loop = CrashLoop(MSGCLIENT, rows, "crash", isolated_home / ".local/state/msgclient", env,
                     rng=random.Random(seed), **kwargs)
    loop.numbers = numbers  # type: ignore[attr-defined]
    return loop


# Faults are seeded, so every run meets the same sequence of them, and come with Retry-After: 0,
# so the client retries at once instead of sleeping a second per fault (honouring Retry-After
# is test_retry's subject). Random 429s hold the adaptive pace at its floor, half of what got
# through in the first moments of each start: about 150/s on a quiet machine, 50/s on a busy
# one. --rate 400 makes that first rate the same on both. Kills land after a seeded number of
# rows more, for the same reason.
@pytest.mark.parametrize("faulty_stand,seed,options,injected", [
    ({"faults": FaultConfig(latency_ms=20)}, 1, (), set()),
    ({"faults": FaultConfig(latency_ms=5, share_503=0.10, share_429=0.05, share_drop=0.02,
                            retry_after=0, seed=2)}, 2, ("--rate", "400/s"), {429, 503}),
], indirect=["faulty_stand"], ids=["clean", "503-429-drops"])
def test_three_kills_then_resume_send_each_row_exactly_once(faulty_stand, tmp_path,
                                                           isolated_home, seed, options,
                                                           injected):
    loop = _loop(faulty_stand, tmp_path, isolated_home, seed, concurrency=16, options=options)
    for _ in range(3):
        loop.kill_after_rows(ROWS // 20, ROWS // 5)
    summary = loop.finish()
    assert summary["sent"] == ROWS and summary["complete"], loop.log
    counts = outgoing_by_phone(faulty_stand, loop.numbers)
    assert set(counts.values()) == {1}, ([p for p, n in counts.items() if n != 1], loop.log)
    assert loop.states() == {"sent": ROWS}
    assert [line.split()[0] for line in loop.log[:3]] == ["killed"] * 3, loop.log
    answered = {entry["status"] for entry in faulty_stand.running.request_log}
    assert answered & {429, 503} == injected


@pytest.mark.parametrize("faulty_stand", [
    {"faults": FaultConfig(latency_ms=LATENCY_MS), "honour_idempotency": False}], indirect=True)
def test_without_idempotency_an_interrupted_row_is_unknown_and_not_resent(faulty_stand,
                                                                          tmp_path,
                                                                          isolated_home):
    assert faulty_stand.get("/api/v1/settings")["idempotencyKeys"] is False
    loop = _loop(faulty_stand, tmp_path, isolated_home, 3, rows=200, concurrency=16,
                 offset=10_000)
    loop.kill_after_rows(10, 10)
    assert loop.log[0].startswith("killed"), loop.log
    interrupted = loop.states().get("in_flight", 0)
    assert interrupted >= 1  # the premise: some rows were on the wire when it died
    faulty_stand.wait_idle()  # the rows on the wire when it died are on the stand now

    first = run_main(*loop.args(), env=loop.env)
    assert first.returncode == 3, first.stderr
    summary = json.loads(first.stdout)
    assert summary["unknown"] == interrupted
    assert "--resend-unknown" in first.stderr
    assert max(outgoing_by_phone(faulty_stand, loop.numbers).values()) == 1
    assert loop.states().get("unknown") == interrupted

    again = run_main(*loop.args(), env=loop.env)
    assert again.returncode == 3 and json.loads(again.stdout)["unknown"] == interrupted

    forced = run_main(*loop.args("--resend-unknown"), env=loop.env)
    assert forced.returncode == 0, forced.stderr
    done = json.loads(forced.stdout)
    assert done["unknown"] == 0 and done["sent"] + done["refused"] == 200
    # Rows that had reached the stand come back refused (the client now has an active thread).
    assert set(done["refusedByCode"]) <= {"ACTIVE_THREAD"}
    assert max(outgoing_by_phone(faulty_stand, loop.numbers).values()) == 1


@pytest.mark.parametrize("faulty_stand", [{"faults": FaultConfig(latency_ms=LATENCY_MS)}],
                         indirect=True)
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupt_stops_cleanly_and_resume_finishes(faulty_stand, tmp_path, isolated_home,
                                                     signum):
    loop = _loop(faulty_stand, tmp_path, isolated_home, 4, rows=600, concurrency=8,
                 offset=20_000)
    proc = subprocess.Popen(loop.command(), env=loop.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _wait_until(lambda: loop.started() and loop.states().get("sent", 0) >= 20)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err  # 130 for Ctrl-C, 143 for SIGTERM
    assert "Stopped once the rows in flight had finished" in err
    assert "msgclient bulk resume crash" in err
    summary = json.loads(out)
    assert 20 <= summary["sent"] < 600 and summary["unknown"] == 0
    assert "in_flight" not in loop.states()  # in-flight rows finished before it stopped
    assert loop.finish()["sent"] == 600
    assert set(outgoing_by_phone(faulty_stand, loop.numbers).values()) == {1}


def test_resume_refuses_a_changed_input(cli, stand, tmp_path, isolated_home):
    rows = phone_rows(tmp_path / "f.csv", phones(3, offset=30_000))
    proc = cli("bulk", "run", str(rows), *SEND, "--yes", "--run-id", "r")
    assert proc.returncode == 0, proc.stderr
    with rows.open("a", encoding="utf-8") as fh:
        fh.write(f"{phones(1, offset=30_010)[0]},late\n")
    proc = cli("bulk", "resume", "r")
    assert proc.returncode == 2
    assert "changed since run r started; resume refuses a changed input" in proc.stderr


def _wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(sqlite3.Error):  # the journal may not exist yet
            if condition():
                return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")
