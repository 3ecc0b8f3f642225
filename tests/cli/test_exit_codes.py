"""A send's exit code matches what reached the stand, whatever happens to the output.

The process boundary is the subject here (pipes, descriptors, locales), so these run the
installed CLI against a sandbox on loopback.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from msgclient.sandbox.faults import FaultConfig
from tests.bulk.conftest import phone_rows, phones
from tests.commands.send.conftest import counts
from tests.conftest import MSGCLIENT, start_stand, stop_later
from tests.lying_stand import LyingStand

SEND = ["send", "--channel", "viber", "--tag", "Sales", "--yes", "-m"]


def sent_messages(stand) -> int:
    return counts(stand.db)["messages"]


def closed_reader(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run with stdout a pipe whose reader has already gone (`msgclient ... | true`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([MSGCLIENT, *args], stdout=write, stderr=subprocess.PIPE,
                              text=True, check=False, timeout=60, env={**os.environ, **(env or {})})
    finally:
        os.close(write)
    return proc


def test_send_to_a_closed_reader_exits_0_quietly(env_stand, stand):
    before = sent_messages(stand)
    proc = closed_reader("--json", *SEND, "hi", "--thread", "6")
    assert proc.returncode == 0, proc.stderr
    assert "✓ Sent" in proc.stderr and "error" not in proc.stderr
    assert sent_messages(stand) == before + 1


def test_send_with_stdout_on_a_full_disk_says_it_was_sent(env_stand, stand):
    before = sent_messages(stand)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([MSGCLIENT, "--json", *SEND, "hi", "--thread", "6"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert "No space left on device" in proc.stderr
    assert "The message was sent (message" in proc.stderr and "do not send it again" in proc.stderr
    assert "unexpected" not in proc.stderr
    assert sent_messages(stand) == before + 1


def test_a_read_with_stdout_on_a_full_disk_is_an_error(env_stand):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([MSGCLIENT, "threads", "list"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == ("error: Cannot write the output: No space left on "
                                            "device.")


@pytest.mark.parametrize("how", ["closed", "dead pipe"])
def test_the_exit_code_survives_a_closed_stderr(env_stand, stand, how):
    before = sent_messages(stand)
    argv = [MSGCLIENT, "--json", *SEND, "hi", "--thread", "6"]
    if how == "closed":  # started with fd 2 closed
        proc = subprocess.run(["sh", "-c", '"$@" 2>&-', "sh", *argv], capture_output=True,
                              text=True, timeout=60, check=False)
    else:
        read, write = os.pipe()
        os.close(read)
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=write, text=True, timeout=60,
                              check=False)
        os.close(write)
    assert proc.returncode == 0
    assert '"threadId"' in proc.stdout and "Sent" not in proc.stdout  # people's lines stay off
    assert sent_messages(stand) == before + 1
    refused = subprocess.run(["sh", "-c", '"$@" 2>&-', "sh", MSGCLIENT, *SEND, "hi",
                              "--thread", "12"],
                             capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 5  # an active thread: refused by the rules, still exit 5


def test_bulk_to_a_closed_reader_keeps_the_runs_exit_code(stand, tmp_path, monkeypatch):
    proxy = LyingStand(stand.url)  # every send goes out; its answer is unreadable
    try:
        rows = phone_rows(tmp_path / "in.csv", phones(2, offset=950))
        proc = closed_reader("--json", "bulk", "run", str(rows), "--channel", "viber",
                             "--text", "Hi", "--tag", "Sales", "--yes",
                             env={"MSGCLIENT_URL": proxy.url, "MSGCLIENT_TOKEN": stand.token})
    finally:
        proxy.close()
    assert proc.returncode == 3, proc.stderr  # 2 rows unknown, not 0 and not Typer's 1


def test_c_locale_sends_the_text_as_typed_and_prints_the_tick(env_stand, stand):
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    proc = subprocess.run([MSGCLIENT, *SEND, "Привет, Zoë ✓", "--thread", "6"], env=env,
                          capture_output=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "✓ Sent".encode() in proc.stderr
    assert _latest_text(stand) == "Привет, Zoë ✓"


def _latest_text(stand) -> str:
    conn = sqlite3.connect(stand.db)
    try:
        return conn.execute("SELECT text FROM messages ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def test_an_output_encoding_that_cannot_show_the_data_is_one_clear_line(env_stand):
    proc = subprocess.run([MSGCLIENT, "threads", "show", "1"], capture_output=True, text=True,
                          check=False, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1].startswith("error: The output's encoding (latin-1)")


def test_a_send_with_stdout_closed_from_the_start_exits_0(env_stand, stand):
    before = sent_messages(stand)
    proc = subprocess.run(["sh", "-c", '"$@" >&-', "sh", MSGCLIENT, "--json", *SEND, "hi",
                           "--thread", "6"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "✓ Sent" in proc.stderr and "error" not in proc.stderr
    assert sent_messages(stand) == before + 1


@pytest.fixture
def slow_stand(tmp_path, seeded_db):
    s = start_stand(tmp_path, seeded_db, faults=FaultConfig(latency_ms=500))
    yield s
    stop_later(s.running)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143),
                                          (signal.SIGHUP, 129)], ids=["int", "term", "hup"])
def test_a_send_stopped_before_it_sends_says_so_with_the_signals_code(slow_stand, signum, code):
    stand = slow_stand
    env = {**os.environ, "MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": stand.token}
    before, asked = sent_messages(stand), len(stand.running.request_log)
    proc = subprocess.Popen([MSGCLIENT, *SEND, "hi", "--thread", "14"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(stand.running.request_log) <= asked:  # its look-ups are under way
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.02)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.strip().splitlines()[-1] == "Cancelled; nothing was sent."
    stand.wait_idle()
    assert sent_messages(stand) == before
