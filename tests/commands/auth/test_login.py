"""msgclient auth login: flags -> Options, and Options -> a checked token, stored."""

from __future__ import annotations

import json
import os
import stat

import pytest
import requests

from msgclient.commands.auth import login
from msgclient.commands.auth.login import Options, run
from msgclient.config import tokens as tokenstore
from msgclient.config.settings import config_path, write_profile
from msgclient.errors import AuthError, UsageError
from msgclient.files.stand import stand_file
from tests.commands.send.conftest import err, make_ctx


def test_flags(parsed):
    assert parsed(login, "auth", "login") == Options()
    assert parsed(login, "auth", "login", "-u", "anna", "--password-stdin") == \
        Options(user="anna", password_stdin=True)
    assert parsed(login, "auth", "login", "--with-token") == Options(with_token=True)


def test_a_token_is_no_argument(refused):
    code, said = refused(login, "auth", "login", "--token", "s3cr3t")
    assert code == 2 and "No such option: --token" in said and "s3cr3t" not in said


def test_password_stdin_stores_a_0600_token_that_works(lab):
    ctx = make_ctx(stdin="supervisor\n")
    assert run(Options(password_stdin=True), ctx) == 0
    stored = tokenstore.load("lab")
    assert f"Logged in to {lab.url} as supervisor (SUPERVISOR); token stored in " in err(ctx)
    path = tokenstore.token_file("lab")
    assert stored.token == path.read_text().strip() and stored.token not in err(ctx)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    me = requests.get(f"{lab.url}/api/v1/me", timeout=10,
                      headers={"Authorization": f"Bearer {stored.token}"})
    assert me.json()["login"] == "supervisor"  # the stored token is one the stand accepts
    saved = stand_file("account", lab.url, None).read()  # for `auth status` without /me
    assert saved["login"] == "supervisor" and stored.token not in json.dumps(saved)


def test_a_terminal_is_asked_for_the_password_and_the_login_the_profile_lacks(lab):
    ctx = make_ctx(tty=True, answers=[("password", "supervisor")])
    assert run(Options(), ctx) == 0  # the profile names the login
    assert "as supervisor (SUPERVISOR)" in err(ctx)
    write_profile(config_path(), "lab", {"url": lab.url}, True)
    ctx = make_ctx(tty=True, answers=[("text", "supervisor"), ("password", "supervisor")])
    assert run(Options(), ctx) == 0
    assert ctx.prompter.asked == [("text", "Login"), ("password", "Password")]


def test_with_token_stores_a_token_the_stand_accepts(lab):
    ctx = make_ctx(stdin=f"Bearer {lab.token}\n")
    assert run(Options(with_token=True), ctx) == 0
    assert tokenstore.load("lab").token == lab.token


def test_refusals_store_nothing(lab):
    with pytest.raises(AuthError, match="does not accept that token"):
        run(Options(with_token=True), make_ctx(stdin="garbage"))
    with pytest.raises(AuthError, match="Wrong login or password"):
        run(Options(password_stdin=True), make_ctx(stdin="wrong\n"))
    with pytest.raises(UsageError, match="needs a terminal, --password-stdin or --with-token"):
        run(Options(), make_ctx())
    with pytest.raises(UsageError, match="No token on stdin"):
        run(Options(with_token=True), make_ctx(stdin="\n"))
    assert tokenstore.load("lab") is None


def test_the_sandbox_needs_no_login():
    with pytest.raises(UsageError, match="the sandbox needs no login") as raised:
        run(Options(password_stdin=True), make_ctx(stdin="x\n"))
    assert raised.value.hint == "Add one with 'msgclient config init'."
