"""Where the token lives; the keyring is forced off by conftest, so the 0600 file is used."""

from __future__ import annotations

import os
import stat

import pytest

from msgclient.config import tokens as tokenstore
from msgclient.errors import AuthError, ExitCode


def test_save_load_delete_roundtrip_with_0600_file():
    where = tokenstore.save("prod", "Bearer abc123")
    assert "mode 600" in where
    path = tokenstore.token_file("prod")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    found = tokenstore.load("prod")
    assert found.token == "abc123" and found.source.startswith("file ")
    assert tokenstore.delete("prod") == [str(path)]
    assert tokenstore.load("prod") is None


def test_env_token_wins_and_loses_its_bearer_prefix(monkeypatch):
    tokenstore.save("prod", "from-file")
    monkeypatch.setenv("MSGCLIENT_TOKEN", "Bearer Bearer from-env")
    assert tokenstore.load("prod") == tokenstore.StoredToken("from-env", "env MSGCLIENT_TOKEN")


def test_a_token_file_others_can_read_is_refused():
    tokenstore.save("prod", "secret-value")
    os.chmod(tokenstore.token_file("prod"), 0o644)
    with pytest.raises(AuthError, match="readable by other users") as info:
        tokenstore.load("prod")
    assert "secret-value" not in str(info.value) + str(info.value.hint)
    assert info.value.exit_code == ExitCode.AUTH
