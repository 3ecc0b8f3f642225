"""msgclient config use: flags -> Options, and Options -> the default profile switched."""

from __future__ import annotations

import pytest
import yaml

from msgclient.commands.config import use
from msgclient.commands.config.use import Options, run
from msgclient.config.settings import config_path, write_profile
from msgclient.errors import ConfigError
from tests.commands.send.conftest import err, make_ctx


def default_profile() -> str:
    return yaml.safe_load(config_path().read_text())["default_profile"]


def test_the_profile_is_an_argument(parsed, refused):
    assert parsed(use, "config", "use", "prod") == Options("prod")
    code, said = refused(use, "config", "use")
    assert code == 2 and "Missing argument 'PROFILE'" in said


def test_switches_between_a_profile_and_the_sandbox():
    write_profile(config_path(), "prod", {"url": "https://acme.example"}, True)
    ctx = make_ctx()
    assert run(Options("sandbox"), ctx) == 0
    assert default_profile() == "sandbox"
    assert err(ctx) == "✓ Commands now use the sandbox stand (messages reach no real client).\n"
    ctx = make_ctx()
    assert run(Options("prod"), ctx) == 0
    assert default_profile() == "prod" and err(ctx) == "✓ Commands now use profile 'prod'.\n"


def test_says_when_the_environment_still_wins(monkeypatch):
    write_profile(config_path(), "prod", {"url": "https://acme.example"}, True)
    monkeypatch.setenv("MSGCLIENT_URL", "https://other.example")
    ctx = make_ctx()
    assert run(Options("prod"), ctx) == 0
    assert "MSGCLIENT_PROFILE or MSGCLIENT_URL is set in this shell and still wins" in err(ctx)


def test_an_unknown_profile_is_refused():
    write_profile(config_path(), "prod", {"url": "https://acme.example"}, True)
    with pytest.raises(ConfigError):
        run(Options("staging"), make_ctx())
    assert default_profile() == "prod"
