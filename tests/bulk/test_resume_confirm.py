"""Resuming sends messages: it confirms like a new run, and keeps the run's own pacing."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time

from msgclient.terminal.prompter import needs_yes
from tests.bulk.conftest import outgoing_by_phone, phone_rows, phones
from tests.bulk.crashing import CrashLoop
from tests.conftest import MSGCLIENT, run_main


def _stopped_run(stand, tmp_path, isolated_home, rate: str) -> CrashLoop:
    env = {**os.environ, "MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": stand.token}
    numbers = phones(8, offset=40_000)
    loop = CrashLoop(MSGCLIENT, phone_rows(tmp_path / "f.csv", numbers), "paced",
                     isolated_home / ".local/state/msgclient", env, concurrency=1,
                     rng=random.Random(0))
    loop.numbers = numbers  # type: ignore[attr-defined]
    proc = subprocess.Popen(loop.command("--rate", rate), env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (loop.started() and loop.states().get("sent", 0) >= 2):
        assert time.monotonic() < deadline, "the run never sent two rows"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    return loop


def test_resume_without_a_terminal_needs_yes_and_sends_nothing(stand, tmp_path, isolated_home):
    loop = _stopped_run(stand, tmp_path, isolated_home, "4/s")
    sent_before = sum(outgoing_by_phone(stand, loop.numbers).values())
    proc = run_main("bulk", "resume", "paced", env=loop.env)
    assert proc.returncode == 2, proc.stderr
    assert "Resuming run paced sends up to" in proc.stderr and "needs --yes" in proc.stderr
    assert needs_yes() in proc.stderr
    assert sum(outgoing_by_phone(stand, loop.numbers).values()) == sent_before


def test_resume_keeps_the_runs_rate(stand, tmp_path, isolated_home):
    loop = _stopped_run(stand, tmp_path, isolated_home, "4/s")
    left = 8 - loop.states().get("sent", 0)
    started = time.monotonic()
    proc = run_main("bulk", "resume", "paced", "--yes", "--json", env=loop.env)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["sent"] == 8
    # At 4/s, `left` rows need at least (left - 1) / 4 seconds; unpaced they take well under.
    assert elapsed >= (left - 1) / 4, (left, elapsed)
    assert set(outgoing_by_phone(stand, loop.numbers).values()) == {1}
