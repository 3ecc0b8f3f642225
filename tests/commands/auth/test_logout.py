"""msgclient auth logout: flags -> Options, and Options -> the stored token forgotten."""

from __future__ import annotations

from msgclient.commands.auth import logout
from msgclient.commands.auth.logout import Options, run
from msgclient.config import tokens as tokenstore
from msgclient.files.stand import stand_file
from tests.commands.send.conftest import err, make_ctx


def test_no_flags(parsed):
    assert parsed(logout, "auth", "logout") == Options()


def test_forgets_the_token_and_the_account(lab):
    tokenstore.save("lab", lab.token)
    stand_file("account", lab.url, None).write({"login": "supervisor"})
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    assert err(ctx) == f"✓ Token removed from {tokenstore.token_file('lab')}.\n"
    assert tokenstore.load("lab") is None and stand_file("account", lab.url, None).read() is None


def test_without_a_token_says_so(lab):
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    assert err(ctx) == "No stored token for this profile.\n"
