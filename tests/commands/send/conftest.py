"""Helpers for the send tests: the contract's request schemas, a wire recorder, stand counts.

`wire` records every HTTP request the client makes in this process (method, path, headers,
JSON body), which is how run tests check the exact bodies and how the bad-input corpus
proves nothing was sent. `counts` reads the stand's own tables for the same proof across a
subprocess boundary.
"""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from msgclient.api.client import ApiClient
from msgclient.cli.context import Context
from msgclient.terminal.iostreams import IOStreams
from tests.fake_prompter import FakePrompter

CONTRACT = Path(__file__).parents[3] / "src/msgclient/contract/openapi.yaml"
SEND_SCHEMAS = {"/api/v1/messages/outgoing": "OutgoingRequest",
                "/api/v1/messages/outgoing-from-myself": "OutgoingFromMyselfRequest",
                "/api/v1/messages/outgoing-to-device": "DeviceRequest",
                "/api/v1/messages/email": "EmailRequest"}


@cache
def contract() -> dict:
    return yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))


def validate_request(path: str, body: dict) -> None:
    """Raise jsonschema.ValidationError unless `body` fits the contract's schema for `path`."""
    schema = {"$ref": f"#/components/schemas/{SEND_SCHEMAS[path]}",
              "components": contract()["components"]}
    Draft202012Validator(schema).validate(body)


@dataclass
class Wire:
    requests: list[dict] = field(default_factory=list)

    def posts(self, prefix: str = "/api/v1/") -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"].startswith(prefix)]

    @property
    def writes(self) -> list[dict]:
        """Requests that send a message or store a file (short-info is a POST that reads)."""
        return [r for r in self.requests if r["method"] == "POST" and (
            r["path"] in SEND_SCHEMAS or r["path"].startswith("/api/v1/files"))]

    @property
    def sends(self) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] in SEND_SCHEMAS]


@pytest.fixture
def wire(monkeypatch) -> Wire:
    """Record every request msgclient's ApiClient puts on the wire in this process."""
    recorded = Wire()
    original = ApiClient._send

    def recording(self, method, path, params, body, files, headers, *rest):
        recorded.requests.append({"method": method, "path": path, "body": body,
                                  "headers": dict(headers), "files": files})
        return original(self, method, path, params, body, files, headers, *rest)

    monkeypatch.setattr(ApiClient, "_send", recording)
    return recorded


def counts(db: Path) -> dict[str, int]:
    """Rows in the stand's tables a send or an upload would add to."""
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("messages", "threads", "clients", "files")}
    finally:
        conn.close()



def make_ctx(*, tty: bool = False, answers: list | None = None, stdin: str = "", json=False):
    """A Context on string buffers; with answers, a strict FakePrompter on a pretend terminal."""
    streams = IOStreams(stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(),
                        force_tty=tty)
    ctx = Context(io=streams, json=json)
    ctx.prompter = FakePrompter(list(answers or []))
    return ctx


def out(ctx) -> str:
    return ctx.io.stdout.getvalue()


def err(ctx) -> str:
    return ctx.io.stderr.getvalue()


def printed_request(ctx) -> tuple[str, dict]:
    """What a dry run printed on stdout: its request line ("POST <url>") and its JSON body."""
    head, _, body = out(ctx).partition("\n\n")
    return head.splitlines()[0], json.loads(body)


def tag_id(stand, path: str) -> int:
    return next(t["id"] for t in stand.get("/api/v1/tags") if t["path"] == path)


def thread_json(cli, thread_id: int) -> dict:
    proc = cli("threads", "show", str(thread_id), "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
