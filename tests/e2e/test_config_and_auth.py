"""Profiles, login, token storage and refusals, through the CLI (in-process)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tests.conftest import run_main
from tests.e2e.test_read_commands import one_line_error


def CONFIG() -> Path:
    return Path(os.environ["MSGCLIENT_CONFIG"])


def test_login_with_password_stdin_stores_a_0600_token_and_works(stand):
    init = run_main("config", "init", "--profile", "lab", "--url", stand.url,
                    "--login", "supervisor")
    assert init.returncode == 0, init.stderr
    assert "It is now the default profile." in init.stderr
    login = run_main("auth", "login", "--password-stdin", input="supervisor\n")
    assert login.returncode == 0, login.stderr
    assert "mode 600" in login.stderr
    token_files = list(Path(os.environ["XDG_CONFIG_HOME"]).rglob("tokens/lab"))
    assert len(token_files) == 1
    assert stat.S_IMODE(token_files[0].stat().st_mode) == 0o600
    status = run_main("auth", "status", "--json")
    assert json.loads(status.stdout)["login"] == "supervisor", status.stderr
    assert run_main("threads", "list", "--limit", "1").returncode == 0
    shown = run_main("config", "show")
    token = token_files[0].read_text().strip()
    assert token not in shown.stdout + shown.stderr and "****" in shown.stdout
    assert run_main("auth", "logout").returncode == 0
    one_line_error(run_main("threads", "list"), 4, "Not logged in")


def test_wrong_password(stand):
    run_main("config", "init", "--profile", "lab", "--url", stand.url)
    proc = run_main("auth", "login", "--login", "supervisor", "--password-stdin", input="nope\n")
    one_line_error(proc, 4, "Wrong login or password")


def test_login_without_a_terminal_names_the_flags(stand):
    run_main("config", "init", "--profile", "lab", "--url", stand.url)
    one_line_error(run_main("auth", "login"), 2, "--password-stdin", "--with-token")


def test_with_token_reads_stdin(stand):
    run_main("config", "init", "--profile", "lab", "--url", stand.url)
    login = run_main("auth", "login", "--with-token", input=f"Bearer {stand.token}\n")
    assert login.returncode == 0 and "as supervisor (SUPERVISOR)" in login.stderr, login.stderr
    assert run_main("threads", "list", "--limit", "1").returncode == 0


def test_with_token_refuses_a_token_the_stand_does_not_accept(stand):
    run_main("config", "init", "--profile", "lab", "--url", stand.url)
    one_line_error(run_main("auth", "login", "--with-token", input="garbage\n"), 4,
                   "does not accept that token")
    one_line_error(run_main("threads", "list"), 4, "Not logged in")


def test_sandbox_serve_on_a_busy_port(stand, tmp_path):
    port = stand.url.rsplit(":", 1)[1]
    proc = run_main("sandbox", "serve", "--port", port, "--db", str(tmp_path / "x.db"))
    one_line_error(proc, 2, f"Port {port} on 127.0.0.1 is already in use", "--port 0")


def test_config_with_a_token_is_refused_and_explained():
    CONFIG().write_text("profiles:\n  prod:\n    url: https://x.example\n    token: s3cr3t\n")
    line = one_line_error(run_main("threads", "list"), 2, "never read from the config file",
                          "msgclient auth login")
    assert "s3cr3t" not in line


def test_corrupt_config_and_unknown_profile():
    CONFIG().write_text("profiles: {prod: [unclosed\n")
    one_line_error(run_main("threads", "list"), 2, "not valid YAML")
    CONFIG().write_text("profiles:\n  prod: {url: 'https://x.example'}\n")
    one_line_error(run_main("--profile", "stage", "threads", "list"), 2,
                   "Unknown profile 'stage'", "prod")


def test_config_path_and_show_sources(monkeypatch):
    assert run_main("config", "path").stdout.strip() == str(CONFIG())
    CONFIG().write_text("profiles:\n  prod: {url: 'https://x.example', timeout: 5}\n")
    rows = json.loads(run_main("config", "show", "--json", env={"MSGCLIENT_TIMEOUT": "9"}).stdout)
    by_key = {r["key"]: r for r in rows}
    assert by_key["url"]["source"] == "profile 'prod'"
    assert ((by_key["timeout"]["value"], by_key["timeout"]["source"])
            == (9.0, "env MSGCLIENT_TIMEOUT"))
