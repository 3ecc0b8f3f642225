"""Settings precedence, profiles and refusals (real files in a temporary home)."""

from __future__ import annotations

import pytest

from msgclient.config.settings import load_settings, write_profile
from msgclient.errors import ConfigError


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_means_sandbox(tmp_path):
    settings = load_settings(path=tmp_path / "absent.yaml")
    assert settings.uses_sandbox
    assert settings.sources["url"] == "default"
    assert settings.timeout == 30.0


def test_precedence_env_over_profile_over_default(tmp_path, monkeypatch):
    cfg = write(tmp_path / "c.yaml", "default_profile: prod\nprofiles:\n  prod:\n"
                "    url: https://prod.example\n    timeout: 12\n    login: anna\n")
    monkeypatch.setenv("MSGCLIENT_LOGIN", "boris")
    s = load_settings(path=cfg)
    assert (s.profile, s.url, s.timeout, s.login) == ("prod", "https://prod.example", 12.0, "boris")
    assert s.sources["url"] == "profile 'prod'"
    assert s.sources["login"] == "env MSGCLIENT_LOGIN"
    assert s.sources["tenant"] == "default"


def test_profile_flag_beats_env_and_default(tmp_path, monkeypatch):
    cfg = write(tmp_path / "c.yaml", "default_profile: a\nprofiles:\n  a: {url: 'https://a'}\n"
                "  b: {url: 'https://b'}\n  c: {url: 'https://c'}\n")
    monkeypatch.setenv("MSGCLIENT_PROFILE", "b")
    assert load_settings(path=cfg).url == "https://b"
    assert load_settings("c", path=cfg).url == "https://c"


def test_unknown_profile_names_the_known_ones(tmp_path):
    cfg = write(tmp_path / "c.yaml", "profiles:\n  prod: {url: 'https://p'}\n")
    with pytest.raises(ConfigError, match=r"Unknown profile 'stage' \(from --profile\).*prod"):
        load_settings("stage", path=cfg)


@pytest.mark.parametrize("text, message", [
    ("profiles:\n  prod:\n    url: https://p\n    token: abc\n", "holds a 'token' under 'prod'"),
    ("password: hunter2\n", "holds a 'password'"),
    ("profiles: [1, 2\n", "not valid YAML at line"),
    ("- just\n- a list\n", "must be a mapping"),
    ("profiles:\n  prod: {url: 'https://p', timeout: soon}\n",
     "timeout from profile 'prod' must be a float"),
])
def test_bad_config_files_are_refused_with_one_line(tmp_path, text, message):
    cfg = write(tmp_path / "c.yaml", text)
    with pytest.raises(ConfigError, match=message) as info:
        load_settings("prod" if "prod" in text else None, path=cfg)
    assert "\n" not in str(info.value)
    assert "hunter2" not in str(info.value) and "abc" not in str(info.value)


def test_yaml_is_loaded_safely(tmp_path):
    cfg = write(tmp_path / "c.yaml", "profiles: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(path=cfg)


def test_write_profile_keeps_other_profiles(tmp_path):
    cfg = tmp_path / "c.yaml"
    write_profile(cfg, "a", {"url": "https://a", "login": None}, make_default=True)
    write_profile(cfg, "b", {"url": "https://b"}, make_default=False)
    assert load_settings(path=cfg).url == "https://a"
    assert load_settings("b", path=cfg).url == "https://b"
    assert "login" not in cfg.read_text()


def test_a_config_path_named_by_env_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv("MSGCLIENT_CONFIG", str(tmp_path / "typo.yaml"))
    with pytest.raises(ConfigError,
                       match="MSGCLIENT_CONFIG names .*typo.yaml, which does not exist"):
        load_settings()


def test_a_directory_as_config_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="is a directory, not a file"):
        load_settings(path=tmp_path)


@pytest.mark.parametrize("url", ["notaurl", "ftp://example.com", "https://"])
def test_a_url_that_is_not_http_is_refused(tmp_path, monkeypatch, url):
    monkeypatch.setenv("MSGCLIENT_URL", url)
    with pytest.raises(ConfigError, match=r"url from env MSGCLIENT_URL: .* is not a stand URL"):
        load_settings(path=tmp_path / "absent.yaml")


def test_agent_status_and_channel_types_with_their_sources(tmp_path, monkeypatch):
    cfg = write(tmp_path / "c.yaml", "profiles:\n  acme:\n    url: https://acme.example\n"
                "    channel_types: {VIBER: VIBER_BM, WEB: WEBCHAT}\n")
    s = load_settings(path=cfg)
    assert (s.agent_status, s.sources["agent_status"]) == ("OUTGOING", "default")
    assert s.channel_types == {"VIBER": "VIBER_BM", "WEB": "WEBCHAT"}
    monkeypatch.setenv("MSGCLIENT_AGENT_STATUS", "READY")
    s = load_settings(path=cfg)
    assert (s.agent_status, s.sources["agent_status"]) == ("READY", "env MSGCLIENT_AGENT_STATUS")


@pytest.mark.parametrize(("line", "message"), [
    ("agent_status: AWAY", "agent_status from profile 'acme': 'AWAY' is not a status; give "
                           "READY or OUTGOING."),
    ("channel_types: {FAX: FAX}", "channel_types in profile 'acme' 'FAX' is not a channel type"),
    ("channel_types: {VIBER: 'VIBER; rm'}", "VIBER: 'VIBER; rm' is not a channelType value"),
    ("channel_types: [VIBER]", "channel_types in profile 'acme' must map channel types"),
])
def test_bad_agent_status_or_channel_types_are_refused_in_one_line(tmp_path, line, message):
    cfg = write(tmp_path / "c.yaml", f"profiles:\n  acme:\n    url: https://acme.example\n"
                f"    {line}\n")
    with pytest.raises(ConfigError) as refused:
        load_settings(path=cfg)
    assert message in refused.value.message and "\n" not in refused.value.message
