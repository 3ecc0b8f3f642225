"""With no stand configured, commands start (or reuse) the sandbox and say so once."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time

from tests.conftest import MSGCLIENT, run_main


def test_no_config_uses_the_embedded_sandbox(tmp_path):
    proc = run_main("threads", "list", "--json", "--limit", "3",
                    env={"MSGCLIENT_SANDBOX_DB": str(tmp_path / "s.db")})
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 3
    assert proc.stderr.count("sandbox stand: messages reach no real client") == 1
    assert (tmp_path / "s.db").exists()


def test_commands_reuse_a_running_sandbox_serve(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "served.db"
    server = subprocess.Popen([MSGCLIENT, "sandbox", "serve", "--port", str(port), "--db", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        proc = run_main("channels", "list", env={"MSGCLIENT_SANDBOX_DB": str(db)})
        assert proc.returncode == 0, proc.stderr
        assert f"127.0.0.1:{port}" in proc.stderr, "uses the served sandbox, not a new one"
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=15)
        assert server.returncode == 0, output
        assert "sandbox stand stopped." in output
    finally:
        if server.poll() is None:
            server.kill()
