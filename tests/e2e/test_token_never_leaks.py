"""A canary token must not appear anywhere the CLI writes, even in a --debug session."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import run_cli


def everything_written(procs, home: Path) -> str:
    files = [p.read_text(errors="replace") for p in home.rglob("*")
             if p.is_file() and p.suffix not in (".db", ".db-wal", ".db-shm")
             and "tokens" not in p.parts]
    return "\n".join([p.stdout + p.stderr for p in procs] + files)


def test_real_token_in_debug_sessions(stand, isolated_home):
    env = {"MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": stand.token}
    procs = [run_cli("--debug", *args, env=env) for args in (
        ["threads", "list", "--limit", "2"], ["threads", "show", "1"], ["channels", "list"],
        ["config", "show"], ["auth", "status"], ["threads", "show", "999999"])]
    assert any("> GET" in p.stderr for p in procs), "the debug log must actually be on"
    assert procs[-1].returncode == 1 and "Traceback" in procs[-1].stderr
    assert stand.token not in everything_written(procs, isolated_home)


def test_rejected_canary_token_in_errors_and_tracebacks(stand, isolated_home):
    canary = "canary-7f3a9c1e5b2d4e6f8a0b"
    env = {"MSGCLIENT_URL": stand.url, "MSGCLIENT_TOKEN": canary}
    procs = [run_cli("--debug", "threads", "list", env=env), run_cli("threads", "list", env=env),
             run_cli("--debug", "config", "show", env=env)]
    assert procs[0].returncode == 4 and "Traceback" in procs[0].stderr
    assert canary not in everything_written(procs, isolated_home)
    assert os.environ.get("MSGCLIENT_TOKEN") is None
