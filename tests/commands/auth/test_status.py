"""msgclient auth status: flags -> Options, and Options -> the stand and account in use."""

from __future__ import annotations

import json

import pytest

from msgclient.api.errors import Unauthorized
from msgclient.commands.auth import status
from msgclient.commands.auth.status import Options, run
from tests.commands.send.conftest import err, make_ctx, out


def test_flags(parsed):
    assert parsed(status, "auth", "status") == Options()
    assert parsed(status, "auth", "status", "--json") == Options()


def test_names_the_account(env_stand):
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    assert err(ctx) == f"✓ Logged in to {env_stand.url} as supervisor (SUPERVISOR).\n"
    assert out(ctx) == ""


def test_json(env_stand):
    ctx = make_ctx(json=True)
    assert run(Options(), ctx) == 0
    shown = json.loads(out(ctx))
    assert shown["stand"] == env_stand.url and shown["sandbox"] is False
    assert (shown["login"], shown["role"]) == ("supervisor", "SUPERVISOR")


def test_a_token_the_stand_refuses(env_stand, monkeypatch):
    monkeypatch.setenv("MSGCLIENT_TOKEN", "not-a-token-of-this-stand")
    with pytest.raises(Unauthorized):
        run(Options(), make_ctx())
