"""Shared fixtures: an isolated home, a real sandbox stand on loopback, and the CLI.

The CLI runs in-process (`run_main`, the `cli` fixture: msgclient.__main__.main) unless the
process boundary is what a test is about (crashes, signals, a pty, closed descriptors, the
token in a process's arguments or environment, the installed entry point): those start the
installed `msgclient` (`run_cli`, MSGCLIENT).

Tests never touch the real home directory, keyring or network: every test gets
its own HOME/XDG dirs and config path, and the keyring is forced to the
always-failing backend so the 0600 token file fallback is what runs.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import requests

from msgclient.__main__ import main
from msgclient.api import redact
from msgclient.sandbox import embedded as sandbox_link
from msgclient.sandbox.embedded import login
from msgclient.sandbox.server import start_in_thread
from msgclient.sandbox.store.db import ensure_seeded
from tests import doubles

MSGCLIENT = shutil.which("msgclient", path=str(Path(sys.executable).parent)) or "msgclient"


def pytest_collection_modifyitems(items):
    """Slow tests first (stable: the rest keep their order)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    doubles.begin()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test whose body passed still fails if a double it made expected more than it saw
    (tests/doubles.py): an answer never asked for, a scripted reply never fetched."""
    try:
        result = yield
    except BaseException:
        doubles.end()  # the test's own failure comes first and says more
        raise
    problems = doubles.end()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
    return result


@pytest.fixture(autouse=True)
def no_held_secrets():
    """Each test starts as a new process would: holding no credential (api/redact.py)."""
    redact.forget()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "MSGCLIENT_CONFIG": str(home / "msgclient.yaml"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    (home / "msgclient.yaml").write_text("# empty: no stand configured\n")
    for key in [k for k in os.environ if k.startswith("MSGCLIENT_") and k != "MSGCLIENT_CONFIG"]:
        monkeypatch.delenv(key)
    return home


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """Seed once; every test gets a copy (seeding is deterministic)."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    ensure_seeded(path)
    return path


@dataclass
class Stand:
    url: str
    db: Path
    outbox: Path
    token: str
    running: object

    def login(self, user: str = "supervisor") -> str:
        return login(self.url, user, user)

    def get(self, path: str, **params):
        resp = requests.get(self.url + path, params=params,
                            headers={"Authorization": f"Bearer {self.token}"}, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def wait_idle(self, timeout: float = 30) -> None:
        """Until the stand holds no connection and handles no request: all that a killed
        client had sent has arrived (a connection closes after its last bytes) and is done."""
        state = self.running._server.server_state  # uvicorn's own sets of both
        deadline = time.monotonic() + timeout
        while state.connections or state.tasks:
            assert time.monotonic() < deadline, "the stand never finished what it received"
            time.sleep(0.01)


def start_stand(tmp_path: Path, seeded_db: Path, **options) -> Stand:
    db = tmp_path / "stand.db"
    shutil.copy(seeded_db, db)
    outbox = tmp_path / "outbox"
    running = start_in_thread(db, outbox_dir=outbox, **options)
    return Stand(running.url, db, outbox, login(running.url, "supervisor", "supervisor"), running)


def stop_later(running) -> None:
    """Stop a stand without waiting for it: uvicorn winds down for about 0.2 s (its 0.1 s tick,
    then a fixed 0.1 s pause for open connections), which the next test need not wait for."""
    threading.Thread(target=running.stop, name="stop-stand", daemon=True).start()


@pytest.fixture
def stand(tmp_path, seeded_db):
    """A fresh sandbox stand on loopback with its own copy of the demo data."""
    s = start_stand(tmp_path, seeded_db)
    yield s
    stop_later(s.running)


@pytest.fixture(autouse=True)
def embedded():
    """Stops the sandboxes a test's in-process commands started (sandbox_link keeps them for
    the life of the process)."""
    before = set(sandbox_link._running)
    yield sandbox_link._running
    for key in set(sandbox_link._running) - before:
        stop_later(sandbox_link._running.pop(key))


@pytest.fixture
def env_stand(stand, monkeypatch):
    """The in-process CLI (msgclient.__main__.main) pointed at `stand`."""
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    return stand


@pytest.fixture
def cli(env_stand):
    """Run msgclient in-process against `stand`, logged in by env (run_main)."""
    return run_main


def run_main(*args: str, input: str | None = None,
             env: dict | None = None) -> subprocess.CompletedProcess:
    """msgclient.__main__.main(args) in this process, as `run_cli` would run it: `env` added
    for this call only, `input` (or nothing) on a stdin that is not a terminal, and what it
    wrote to stdout and stderr."""
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO((input or "").encode())),
                             encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env or {}), mock.patch.object(sys, "stdin", stdin), \
            redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["msgclient", *args], code, out.getvalue(),
                                       err.getvalue())


def run_cli(*args: str, input: str | None = None, env: dict | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    """The installed `msgclient` as a subprocess: for tests about the process boundary."""
    return subprocess.run([MSGCLIENT, *args], input=input, check=False, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})
