"""The rate a run shows: messages really sent per second, never faster than its pace."""

from __future__ import annotations

import io
import re

from msgclient.bulk.outcome import Outcome
from msgclient.commands.bulk.progress import ProgressBar, Tally, per_second
from msgclient.terminal.iostreams import IOStreams
from tests.bulk.conftest import phone_rows, phones, run_json

SEND = ("--channel", "viber", "--text", "Hello {{name}}", "--tag", "Sales")


def test_a_paced_run_is_not_shown_faster_than_its_pace(cli, tmp_path):
    # 4 sends at 2/s take 1.5 s (the first goes at once): 4 / 1.5 s said '3/s'.
    rows = phone_rows(tmp_path / "f.csv", phones(4, offset=60_000))
    proc = cli("bulk", "run", str(rows), *SEND, "--rate", "2/s", "--yes")
    assert proc.returncode == 0, proc.stderr
    shown = re.search(r"of 4 rows at (\d+\.\d)/s\.", proc.stderr)
    assert shown, proc.stderr
    assert 1.5 <= float(shown.group(1)) <= 2.0, proc.stderr


def test_json_gives_the_same_rate(cli, tmp_path):
    rows = phone_rows(tmp_path / "f.csv", phones(3, offset=60_100))
    summary = run_json(cli("bulk", "run", str(rows), *SEND, "--rate", "4/s", "--yes", "--json"))
    assert 3.0 <= summary["sentPerSecond"] <= 4.0


def test_a_slow_rate_has_a_decimal_and_one_message_has_none():
    now = [0.0]
    tally = Tally(6, pace=lambda: 1.0, clock=lambda: now[0])
    err = io.StringIO()
    with ProgressBar(IOStreams(stderr=err, force_tty=True), tally, "Sending"):
        now[0] = 0.1
        tally(Outcome("sent"))
        assert tally.rate is None  # one message is no rate (it said 10/s)
        for _ in range(4):
            now[0] += 1
            tally(Outcome("refused", "CLIENT_BLOCKED"))
        now[0] += 1
        tally(Outcome("sent"))
    assert per_second(tally.rate) == "0.2/s"  # 2 sent in 5.1 s: it said '0/s'
    assert "0.2/s (pace 1.0/s)" in err.getvalue()
    assert per_second(12.4) == "12/s" and per_second(None) == "–/s"
