"""Switching profiles and back to the sandbox (item 16); unknown config keys and plain http
are said, not ignored (item 18)."""

from __future__ import annotations

import os

import yaml

from msgclient.__main__ import main
from msgclient.config.settings import load_settings


def _config() -> dict:
    with open(os.environ["MSGCLIENT_CONFIG"], encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_config_use_switches_to_the_sandbox_and_back(capsys):
    assert main(["config", "init", "--profile", "prod", "--url", "https://acme.example.com"]) == 0
    assert "'msgclient config use sandbox' goes back" in capsys.readouterr().err
    assert not load_settings().uses_sandbox
    assert main(["config", "use", "sandbox"]) == 0
    assert "Commands now use the sandbox stand" in capsys.readouterr().err
    assert load_settings().uses_sandbox and _config()["default_profile"] == "sandbox"
    assert main(["config", "use", "prod"]) == 0
    assert load_settings().url == "https://acme.example.com"
    assert load_settings("sandbox").uses_sandbox  # --profile sandbox, for one command


def test_config_use_names_the_profiles_there_are(capsys):
    assert main(["config", "init", "--profile", "prod", "--url", "https://acme.example.com"]) == 0
    capsys.readouterr()
    assert main(["config", "use", "staging"]) == 2
    assert "Unknown profile 'staging'; profiles: sandbox, prod." in capsys.readouterr().err


def test_sandbox_is_not_a_profile_name_to_write(capsys):
    assert main(["config", "init", "--profile", "sandbox", "--url", "https://x.example"]) == 2
    assert "names the built-in sandbox stand" in capsys.readouterr().err


def test_an_unknown_key_is_refused_with_a_guess(capsys):
    # Refused, not ignored: a misspelt 'ulr:' would otherwise mean the sandbox stand.
    with open(os.environ["MSGCLIENT_CONFIG"], "w", encoding="utf-8") as handle:
        handle.write("profiles:\n  prod:\n    ulr: https://a.example\n")
    assert main(["config", "show"]) == 2
    err = capsys.readouterr().err
    assert "unknown key 'ulr' in profile 'prod'; did you mean 'url'?" in err
    assert err.count("\n") == 1


def test_config_init_refuses_plain_http_to_another_host(capsys):
    # The password and the token would cross the network in clear text.
    assert main(["config", "init", "--profile", "lab", "--url", "http://10.0.0.5:8080"]) == 2
    assert "is plain http:// to 10.0.0.5" in capsys.readouterr().err
    assert main(["config", "init", "--profile", "local", "--url", "http://127.0.0.1:8765"]) == 0
    assert "plain http" not in capsys.readouterr().err
