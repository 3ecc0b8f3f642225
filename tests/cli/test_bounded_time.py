"""Every command ends in bounded time, whatever it reads (issue: hostile inputs round three,
class 1): a stand that trickles, stalls or asks to wait, a pipe that never ends or never
closes. The bounds are short here (the same code, smaller numbers); the README says the real
ones.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time

import pytest

from msgclient.__main__ import main
from msgclient.api.client import ApiClient
from msgclient.api.errors import NetworkError, Throttled
from msgclient.api.retry import RetryPolicy
from msgclient.bulk.input import source
from msgclient.files import user as userfiles
from tests.api.contract_answers import SENT, THREAD, settings
from tests.api.scripted_server import Reply, ScriptedServer

SEND = "/api/v1/messages/outgoing"


@pytest.fixture
def double():
    made = []

    def make(*replies, default=None):
        server = ScriptedServer(list(replies), default=default)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


def _client(server, **kwargs) -> tuple[ApiClient, list[float]]:
    waits: list[float] = []
    policy = RetryPolicy(sleep=lambda s: (waits.append(s), time.sleep(s))[1])
    return ApiClient(server.url, token=lambda: "tok", policy=policy, **kwargs), waits


def test_a_trickling_stand_is_bounded_by_the_budget_not_the_attempts(double):
    server = double(default=Reply(200, [THREAD], trickle=0.05))
    client, _ = _client(server, timeout=0.3, budget=1.5)  # an attempt alone may take 1.2 s
    started = time.monotonic()
    with pytest.raises(NetworkError, match="within the 1.5 s msgclient waits") as info:
        list(client.paginate("/api/v1/threads"))
    assert time.monotonic() - started < 2.5
    assert "MSGCLIENT_BUDGET" in info.value.hint and len(server.requests) == 2


def test_a_stand_that_never_answers_is_bounded_too(double):
    server = double(default=Reply(200, THREAD, stall=30))
    client = ApiClient(server.url, timeout=0.2, budget=0.9, policy=RetryPolicy(sleep=time.sleep))
    started = time.monotonic()
    with pytest.raises(NetworkError):
        client.get("/api/v1/threads/1")
    assert time.monotonic() - started < 1.8, "six attempts of 0.8 s each would take 5 s"


def test_a_pause_the_budget_cannot_pay_for_is_not_taken(double):
    server = double(Reply(503, {"code": "UNAVAILABLE"}, {"Retry-After": "30"}),
                    Reply(200, SENT, unused=True))
    client, waits = _client(server, timeout=1, budget=5)
    with pytest.raises(Throttled) as info:
        client.request("POST", SEND, json={"text": "hi"}, idempotency_key="k", replay_safe=True)
    assert waits == [] and "at most 5 s for the stand in one command" in info.value.hint


def test_each_bulk_row_is_an_operation_with_a_budget_of_its_own(double):
    server = double(Reply(200, [THREAD], trickle=0.05), Reply(200, THREAD))
    client, _ = _client(server, timeout=5, budget=0.5)
    with client.operation(), pytest.raises(NetworkError, match="within the 0.5 s"):
        client.get("/api/v1/threads")
    with client.operation():
        assert client.get("/api/v1/threads/1") == THREAD  # the next row starts afresh


def test_time_away_from_the_stand_is_not_spent(double):
    server = double(Reply(200, THREAD), Reply(200, THREAD))
    client, _ = _client(server, timeout=5, budget=0.5)
    client.get("/api/v1/threads/1")
    time.sleep(0.6)  # a person at a prompt
    assert client.get("/api/v1/threads/1") == THREAD


def test_the_issues_example_ends_within_its_budget(double, monkeypatch, capsys):
    server = double(Reply(200, settings()), default=Reply(200, [THREAD], trickle=0.05))
    monkeypatch.setenv("MSGCLIENT_URL", server.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", "tok")
    monkeypatch.setenv("MSGCLIENT_TIMEOUT", "0.1")  # budget: 10 x 0.1 s
    started = time.monotonic()
    code = main(["threads", "list"])
    err = capsys.readouterr().err.strip().splitlines()
    assert time.monotonic() - started < 2.5
    assert code == 1 and len(err) == 1, err
    assert "did not finish its answer" in err[0] and "at most 1 s for the stand" in err[0], err


def test_a_send_that_runs_out_of_budget_says_nothing_was_sent(double, monkeypatch, capsys):
    server = double(default=Reply(503, {"code": "UNAVAILABLE"}, {"Retry-After": "3"}))
    monkeypatch.setenv("MSGCLIENT_URL", server.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", "tok")
    monkeypatch.setenv("MSGCLIENT_BUDGET", "2")
    started = time.monotonic()
    code = main(["send", "--thread", "1", "--channel", "viber", "-m", "hi", "--yes"])
    err = capsys.readouterr().err
    assert time.monotonic() - started < 2 and code == 1, err
    assert "MSGCLIENT_BUDGET" in err and "unexpected" not in err


# ---- pipes -------------------------------------------------------------------------------
@pytest.fixture
def open_pipe(monkeypatch):
    """stdin as a real pipe whose writer stays open (a stalled producer); `feed` writes."""
    read_end, write_end = os.pipe()
    stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(read_end, "rb")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", stdin)
    monkeypatch.setattr(userfiles, "PIPE_IDLE", 0.3)
    yield lambda data: os.write(write_end, data)
    os.close(write_end)


@pytest.mark.parametrize("argv", [
    ["bulk", "run", "-", "--format", "csv", "--channel", "viber", "--text", "x", "--yes"],
    ["bulk", "run", "-", "--channel", "viber", "--text", "x", "--yes"],  # the format sniff
    ["send", "--thread", "14", "--channel", "viber", "--text-file", "-", "--yes"],
    ["auth", "login", "--with-token"],
    ["auth", "login", "--login", "anna", "--password-stdin"],
], ids=["bulk", "bulk-sniff", "send-text-file", "with-token", "password-stdin"])
def test_a_pipe_that_stalls_is_given_up_on(open_pipe, env_stand, isolated_home, capsys, argv):
    if argv[0] == "auth":
        (isolated_home / "msgclient.yaml").write_text(
            "profiles:\n  prod:\n    url: https://stand.example\n")
    if "--format" in argv or argv[0] != "bulk":  # the sniff waits for a first byte
        open_pipe(b"thread,text\n" if argv[0] == "bulk" else b"partial")
    started = time.monotonic()
    code = main(argv)
    err = capsys.readouterr().err.strip().splitlines()
    assert time.monotonic() - started < 5
    assert code == 2 and err[-1].startswith("error: ") and "gave nothing for 0.3 s" in err[-1], err


def test_rows_on_stdin_past_the_cap_are_refused(open_pipe, env_stand, monkeypatch, capsys):
    monkeypatch.setattr(source, "SPOOL_CAP", 1 << 20)
    threading.Thread(target=lambda: open_pipe(b"thread,text\n" + b"14,x\n" * 300_000),
                     daemon=True).start()
    code = main(["bulk", "run", "-", "--format", "csv", "--channel", "viber", "--yes"])
    err = capsys.readouterr().err
    assert code == 2 and "The rows on stdin are more than 1.0 MB" in err and "Split them" in err


def test_a_password_on_stdin_has_a_size_bound(isolated_home, monkeypatch, capsys):
    (isolated_home / "msgclient.yaml").write_text(
        "profiles:\n  prod:\n    url: https://stand.example\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"p" * 100_000)))
    code = main(["auth", "login", "--login", "anna", "--password-stdin"])
    assert code == 2 and "larger than 65,536 bytes" in capsys.readouterr().err


def test_a_process_stopped_by_a_stalled_pipe_exits_cleanly(tmp_path):
    """Across the process boundary: the reader left blocked on the pipe must not keep the
    process alive, nor make the interpreter abort at exit."""
    code = ("from msgclient.files import user; user.PIPE_IDLE = 0.3\n"
            "from msgclient.__main__ import main\n"
            "raise SystemExit(main(['send', '--thread', '14', '--channel', 'viber', "
            "'--text-file', '-', '--yes']))")
    read_end, write_end = os.pipe()
    env = {**os.environ, "MSGCLIENT_URL": "http://127.0.0.1:9", "MSGCLIENT_TOKEN": "tok12345"}
    try:
        proc = subprocess.run([sys.executable, "-c", code], stdin=read_end, env=env,
                              capture_output=True, text=True, timeout=30, check=False)
    finally:
        os.close(read_end)
        os.close(write_end)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "error: The text on stdin gave nothing for 0.3 s; msgclient stopped waiting for it. "
        "Close the pipe's other end when it is done (or check what feeds it)."]
