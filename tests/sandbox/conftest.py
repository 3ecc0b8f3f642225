"""A real sandbox stand on loopback per test, driven over HTTP with requests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from msgclient.sandbox.faults import FaultConfig
from msgclient.sandbox.server import start_in_thread
from msgclient.sandbox.store.db import set_setting
from tests.conftest import stop_later


@dataclass
class Api:
    """A logged-in HTTP client for one stand."""

    url: str
    db: Path
    outbox: Path
    running: Any
    token: str = ""
    session: requests.Session = field(default_factory=requests.Session)

    def login(self, user: str = "supervisor") -> Api:
        """Another client of the same stand, logged in as `user` (password = login)."""
        resp = requests.post(self.url + "/api/auth/login", json={"login": user, "password": user},
                             timeout=10)
        assert resp.status_code == 200, resp.text
        token = resp.json()["token"].removeprefix("Bearer ")
        return Api(self.url, self.db, self.outbox, self.running, token)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.session.request(method, self.url + path, headers=headers, timeout=10,
                                    **kwargs)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=body, **kwargs)

    def ok(self, path: str, **params: Any) -> Any:
        resp = self.get(path, **params)
        assert resp.status_code == 200, resp.text
        return resp.json()


def refused(resp: requests.Response, status: int, code: str) -> dict:
    """Assert a contract error body; returns it for further checks."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["code"] == code, body
    assert body["status"] == status
    assert body["requestId"] == resp.headers["X-Request-Id"]
    assert body["path"] and body["timestamp"].endswith("Z") and body["message"]
    return body


@pytest.fixture(scope="session")
def seeded_file(seeded_db) -> Path:
    """The session's seeded DB (tests/conftest.py); each stand gets a copy."""
    return seeded_db


@pytest.fixture
def start(tmp_path, seeded_file):
    """start(**create_app options) -> Api logged in as supervisor; stopped after the test."""
    running = []

    def _start(**opts: Any) -> Api:
        db = tmp_path / f"stand{len(running)}.db"
        shutil.copy(seeded_file, db)
        outbox = tmp_path / f"outbox{len(running)}"
        opts.setdefault("faults", FaultConfig())  # never inherit MSGCLIENT_SANDBOX_* here
        sandbox = start_in_thread(db, outbox_dir=outbox, **opts)
        running.append(sandbox)
        return Api(sandbox.url, db, outbox, sandbox).login()

    yield _start
    for sandbox in running:
        stop_later(sandbox)


@pytest.fixture
def api(start) -> Api:
    return start()


@pytest.fixture
def no_tags_needed(api):
    """The stand without mandatory tags, for tests about something else."""
    set_setting(api.db, "mandatoryTags", False)
    return api


def run_schemathesis(spec, url: str, token: str, cwd, phases: str) -> None:
    """A bounded, seeded property-based run of `spec` against the stand at `url`: no server
    error, every answer in the spec's shapes. cwd: schemathesis and hypothesis keep caches in
    the working directory."""
    cmd = [sys.executable, "-m", "schemathesis.cli", "run", str(spec), "--url", url,
           "--header", f"Authorization: Bearer {token}",
           "--checks", "not_a_server_error,response_schema_conformance",
           "--max-examples", "30", "--seed", "20240604", "--no-shrink", "--workers", "1",
           "--phases", phases, "--output-sanitize", "true"]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                          check=False, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
