"""msgclient sandbox serve: flags -> Options, and Options -> a stand served (or refused)."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from msgclient.commands.sandbox import serve
from msgclient.commands.sandbox.serve import Options, run
from msgclient.errors import UsageError
from tests.commands.send.conftest import make_ctx
from tests.conftest import MSGCLIENT


def test_defaults(parsed):
    assert parsed(serve, "sandbox", "serve") == Options()


def test_every_flag(parsed):
    opts = parsed(serve, "sandbox", "serve", "--host", "127.0.0.2", "--port", "0", "--db", "x.db",
                  "--latency-ms", "5", "--429", "0.1", "--503", "0.2", "--drop", "0.05",
                  "--ignore-idempotency", "--api", "edna", "--rate-limit", "10/s",
                  "--channel-rate-limit", "whatsapp=5/s", "--channel-rate-limit", "viber=2/s")
    assert opts == Options("127.0.0.2", 0, Path("x.db"), 5.0, 0.1, 0.2, 0.05, True, "edna",
                           "10/s", ["whatsapp=5/s", "viber=2/s"])


def test_an_unknown_personality_is_refused_before_anything_is_made(tmp_path):
    with pytest.raises(UsageError, match="--api must be full or edna, not 'spring'"):
        run(Options(api="spring", db=tmp_path / "s.db"), make_ctx())
    assert not (tmp_path / "s.db").exists()


def test_a_busy_port_is_refused_with_what_to_do(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(UsageError, match=f"Port {port} on 127.0.0.1 is already in use") as no:
            run(Options(port=port, db=tmp_path / "s.db"), make_ctx())
    assert no.value.hint == "Pick another with --port, or --port 0 for a free one."
    assert (tmp_path / "s.db").exists()  # seeded first, ready for the next try


def answer(url: str) -> requests.Response:
    """The stand's answer to an unauthenticated call, once it accepts connections (it says
    its URL once the socket is bound, a moment before it listens)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return requests.get(f"{url}/api/v1/channels", timeout=10)
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "the stand never listened"
            time.sleep(0.05)


@pytest.mark.slow
def test_serves_until_ctrl_c_then_counts_what_the_rate_limit_did(tmp_path):
    # In its own process: only a foreground server's main thread gets Ctrl-C.
    server = subprocess.Popen([MSGCLIENT, "sandbox", "serve", "--port", "0", "--db",
                               str(tmp_path / "s.db"), "--rate-limit", "1000/s"],
                              stderr=subprocess.PIPE, text=True)
    try:
        announced = server.stderr.readline()
        url = re.search(r"listening on (http://\S+)", announced).group(1)
        assert answer(url).status_code == 401
        server.send_signal(signal.SIGINT)
        _, said = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, said
    assert re.search(r"^rate limit: [1-9]\d* calls admitted, 0 refused with 429\.$", said, re.M)
    assert said.rstrip().endswith("sandbox stand stopped.")
