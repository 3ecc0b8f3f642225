"""msgclient config init: flags -> Options, and Options -> a profile written (or asked for)."""

from __future__ import annotations

import pytest
import yaml

from msgclient.commands.config import init
from msgclient.commands.config.init import Options, run
from msgclient.config.settings import config_path
from msgclient.errors import UsageError
from tests.commands.send.conftest import err, make_ctx


def config() -> dict:
    return yaml.safe_load(config_path().read_text())


def test_flags(parsed):
    assert parsed(init, "config", "init") == Options()
    opts = parsed(init, "config", "init", "--profile", "prod", "--url", "https://x.example",
                  "--login", "anna", "--tenant", "acme", "--default-region", "RU",
                  "--no-default")
    assert opts == Options("prod", "https://x.example", "anna", "acme", "RU", default=False)


def test_writes_the_profile_and_makes_it_the_default():
    ctx = make_ctx()
    opts = Options("prod", "https://acme.threads.im/", "anna", region="RU")
    assert run(opts, ctx) == 0
    assert config() == {"profiles": {"prod": {"url": "https://acme.threads.im", "login": "anna",
                                              "default_region": "RU"}},
                        "default_profile": "prod"}
    assert err(ctx) == (f"✓ Profile 'prod' written to {config_path()}. It is now the default "
                        "profile. Next: msgclient auth login; 'msgclient config use sandbox' "
                        "goes back to the sandbox.\n")


def test_no_default_keeps_the_default():
    assert run(Options("prod", "https://a.example"), make_ctx()) == 0
    ctx = make_ctx()
    assert run(Options("staging", "https://b.example", default=False), ctx) == 0
    assert config()["default_profile"] == "prod" and "staging" in config()["profiles"]
    assert err(ctx).endswith("Next: msgclient auth login.\n")


def test_a_terminal_is_asked_what_the_flags_did_not_say():
    ctx = make_ctx(tty=True, answers=[("text", "lab"), ("text", "https://lab.example"),
                                      ("text", "")])
    assert run(Options(), ctx) == 0
    assert config()["profiles"] == {"lab": {"url": "https://lab.example"}}
    assert ctx.prompter.defaults["Profile name"] == "default"
    ctx = make_ctx(tty=True, answers=[("text", "https://two.example")])  # only the URL missing
    assert run(Options("two", login="anna"), ctx) == 0
    assert config()["profiles"]["two"] == {"url": "https://two.example", "login": "anna"}


def test_refusals_write_nothing():
    before = config_path().read_text()
    with pytest.raises(UsageError, match="needs --profile and --url without a terminal"):
        run(Options(profile="prod"), make_ctx())
    with pytest.raises(UsageError, match="'ftp://x' is not a stand URL"):
        run(Options("prod", "ftp://x"), make_ctx())
    assert config_path().read_text() == before
