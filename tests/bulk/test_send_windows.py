"""Send windows and validity on both personalities: held rows wait for their client's window
(across a kill and a resume), expired rows are never sent, and the dry run says why.

The clock is bulk/input/clock.py's test-only MSGCLIENT_TEST_NOW: each process starts at the given
instant and runs on at the real pace.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from msgclient.bulk.input import clock
from msgclient.sandbox.store import db
from tests.bulk.conftest import journal_states, outgoing_by_phone, phones, write_csv
from tests.conftest import MSGCLIENT, run_main, start_stand, stop_later

ROOT = Path(__file__).resolve().parents[2]
WINDOW = "Mon-Fri 09:00-20:00"
BEFORE_NINE_BERLIN = "2026-12-07T07:59:55+00:00"   # Monday 08:59:55 in Berlin
AFTER_NINE_BERLIN = "2026-12-07T08:00:05+00:00"
RUSSIAN_MOBILE = "+79161230001"  # phonenumbers: 16 zones, so the profile's default applies


@pytest.fixture(params=["full", "edna"])
def stand(request, tmp_path, seeded_db, monkeypatch, isolated_home):
    """A stand of one personality, a profile for it (with the lists edna needs) and a default
    zone; no tags, which edna's sends cannot carry."""
    stand = start_stand(tmp_path, seeded_db, api=request.param)
    db.set_setting(stand.db, "mandatoryTags", False)
    example = yaml.safe_load((ROOT / "config.example.yaml").read_text())["profiles"]["prod"]
    profile = {"url": stand.url, "default_timezone": "Europe/Moscow",
               **{k: example[k] for k in ("channels", "mailboxes", "tags", "templates")}}
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"profiles": {"w": profile}, "default_profile": "w"}))
    monkeypatch.setenv("MSGCLIENT_CONFIG", str(config))
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    stand.api = request.param
    yield stand
    stop_later(stand.running)


def _rows(tmp_path: Path, numbers: list[str]) -> Path:
    return write_csv(tmp_path / "rows.csv", ["phone", "name"],
                     ([n, f"Client {i}"] for i, n in enumerate(numbers)))


def _bulk(*args: str, now: str):
    clock._started.clear()  # each command starts its clock at `now`, as a new process would
    return run_main("bulk", *args, env={"MSGCLIENT_TEST_NOW": now})


SEND = ("--channel", "viber", "--text", "Hello {{name}}")


def test_killed_while_waiting_then_resumed_after_the_window_opens(stand, tmp_path,
                                                                  isolated_home):
    numbers = phones(4, offset=700_000)  # German mobiles: Europe/Berlin, one zone each
    rows = _rows(tmp_path, numbers)
    env = {**os.environ, "MSGCLIENT_TEST_NOW": "2026-12-07T07:59:00+00:00"}
    proc = subprocess.Popen([MSGCLIENT, "bulk", "run", str(rows), *SEND, "--send-window",
                             WINDOW, "--wait", "--yes", "--run-id", "w"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while _held(isolated_home) < 4:
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # waiting for 09:00 Berlin: killed
    proc.wait(10)
    assert outgoing_by_phone(stand, numbers) == {n.lstrip("+"): 0 for n in numbers}

    status = run_main("bulk", "status", "w")
    assert "held\t4 until 09:00 Europe/Berlin (Mon 2026-12-07 08:00 UTC)" in status.stdout

    early = _bulk("resume", "w", "--yes", now=BEFORE_NINE_BERLIN)
    assert early.returncode == 0, early.stderr
    assert "4 held" in early.stderr and early.stdout == "msgclient bulk resume w --yes\n"
    assert sum(outgoing_by_phone(stand, numbers).values()) == 0

    late = _bulk("resume", "w", "--yes", now=AFTER_NINE_BERLIN)
    assert late.returncode == 0, late.stderr
    assert "4 sent" in late.stderr
    again = _bulk("resume", "w", "--yes", now=AFTER_NINE_BERLIN)
    assert "nothing left to send" in again.stderr
    assert outgoing_by_phone(stand, numbers) == {n.lstrip("+"): 1 for n in numbers}
    assert journal_states(isolated_home, "w") == {"sent": 4}


def _held(home: Path) -> int:
    try:
        return journal_states(home, "w").get("held", 0)
    except sqlite3.Error:  # not created yet
        return 0


def test_wait_counts_down_then_sends(stand, tmp_path, isolated_home):
    numbers = phones(2, offset=710_000)
    done = _bulk("run", str(_rows(tmp_path, numbers)), *SEND, "--send-window", WINDOW,
                 "--wait", "--yes", "--run-id", "w", now=BEFORE_NINE_BERLIN)
    assert done.returncode == 0, done.stderr
    assert "Waiting for held rows: 09:00 Europe/Berlin" in done.stderr
    assert outgoing_by_phone(stand, numbers) == {n.lstrip("+"): 1 for n in numbers}
    assert journal_states(isolated_home, "w") == {"sent": 2}


def test_rows_expire_during_a_resume_and_stay_expired(stand, tmp_path, isolated_home):
    numbers = phones(3, offset=720_000)
    # 08:00 Berlin: held until 09:00; valid for 4 hours, so until 11:00 UTC.
    first = _bulk("run", str(_rows(tmp_path, numbers)), *SEND, "--send-window", WINDOW,
                  "--valid-for", "4h", "--yes", "--run-id", "w",
                  now="2026-12-07T07:00:00+00:00")
    assert first.returncode == 0 and "3 held" in first.stderr, first.stderr
    late = _bulk("resume", "w", "--yes", now="2026-12-07T11:00:01+00:00")
    assert late.returncode == 0, late.stderr
    assert "3 expired" in late.stderr
    again = _bulk("resume", "w", "--yes", now="2026-12-07T11:30:00+00:00")
    assert again.returncode == 0 and "nothing left to send" in again.stderr
    assert sum(outgoing_by_phone(stand, numbers).values()) == 0
    assert journal_states(isolated_home, "w") == {"expired": 3}
    listed = json.loads(run_main("bulk", "list", "--json").stdout)
    assert (listed[0]["expired"], listed[0]["held"]) == (3, 0)
    report = (isolated_home / ".local/state/msgclient/runs/w/report.csv").read_text()
    assert report.count(",expired,") == 3


def test_start_at_prints_the_resume_line_and_sends_nothing(stand, tmp_path):
    numbers = phones(2, offset=730_000)
    done = _bulk("run", str(_rows(tmp_path, numbers)), *SEND, "--start-at",
                 "2026-12-08T09:00+00:00", "--yes", "--run-id", "w", now=BEFORE_NINE_BERLIN)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "msgclient bulk resume w --yes\n"
    assert "held: 2 until 10:00 Europe/Berlin (Tue 2026-12-08 09:00 UTC)" in done.stderr
    assert sum(outgoing_by_phone(stand, numbers).values()) == 0


def test_the_dry_run_says_per_row_why_and_which_zone(stand, tmp_path):
    german = phones(2, offset=740_000)
    rows = write_csv(tmp_path / "rows.csv", ["phone", "name", "tz"], [
        [german[0], "Eva", ""],                    # phone: Europe/Berlin, held until 09:00
        [RUSSIAN_MOBILE, "Ivan", ""],              # default: Europe/Moscow, open (10:00)
        [german[1], "Max", "America/New_York"],    # tz column: opens 14:00 UTC, too late
        [german[0], "Eva again", ""],              # duplicate
        ["not a phone", "Nobody", ""],             # invalid
    ])
    done = _bulk("run", str(rows), *SEND, "--send-window", WINDOW, "--not-after",
                 "2026-12-07T12:00+00:00", "--dry-run", "--skip-invalid", "--json",
                 now="2026-12-07T07:00:00+00:00")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    seen = {r["line"]: (r["status"], r["zone"], r["zoneSource"]) for r in data["rows"]}
    assert seen == {2: ("held", "Europe/Berlin", "phone"), 3: ("ok", "Europe/Moscow", "default"),
                    4: ("expired", "America/New_York", "tz column"),
                    5: ("duplicate", None, None), 6: ("invalid", None, None)}
    reasons = {r["line"]: r["reason"] for r in data["rows"]}
    assert reasons[2] == "held until 09:00 Europe/Berlin (Mon 2026-12-07); zone from the phone"
    assert "msgclient-dry-run" not in done.stderr
    assert "after its deadline 2026-12-07 12:00 UTC" in reasons[4]
    s = data["summary"]
    assert s["rows"] == s["valid"] + s["invalid"] + s["duplicates"] == 5
    timed = s["schedule"]
    assert (timed["now"], timed["held"], timed["expired"]) == (1, 1, 1)
    assert timed["now"] + timed["held"] + timed["expired"] == s["valid"]
    assert timed["zoneSources"] == {"tz column": 1, "phone": 1, "default": 1}
    assert "1 would go now, 1 would be held, 1 expired" in done.stderr
