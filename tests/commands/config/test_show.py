"""msgclient config show: flags -> Options, and Options -> every setting and its source."""

from __future__ import annotations

import json

from msgclient.commands.config import show
from msgclient.commands.config.show import Options, run
from msgclient.config import tokens as tokenstore
from tests.commands.send.conftest import make_ctx, out


def test_flags(parsed):
    assert parsed(show, "config", "show") == Options()
    assert parsed(show, "--profile", "sandbox", "config", "show", "--json") == Options()


def rows(ctx) -> dict[str, list[str]]:
    return {key: rest for key, *rest in (line.split("\t") for line in out(ctx).splitlines())}


def test_no_stand_configured_is_the_sandbox():
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    shown = rows(ctx)
    assert shown["profile"] == ["(none)", "selection"]
    assert shown["stand"][0].startswith("sandbox (") and shown["stand"][1] == "no url configured"
    assert shown["token"] == ["(none)", "-"]


def test_a_profile_and_its_stored_token_masked(lab):
    tokenstore.save("lab", lab.token)
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    shown = rows(ctx)
    assert shown["profile"] == ["lab", "selection"]
    assert shown["url"] == [lab.url, "profile 'lab'"]
    assert shown["token"][0] == "****" + lab.token[-4:] and lab.token not in out(ctx)


def test_json_is_the_same_rows(lab):
    piped, as_json = make_ctx(), make_ctx(json=True)
    assert run(Options(), piped) == 0 and run(Options(), as_json) == 0
    shown = {r["key"]: ["" if r["value"] is None else str(r["value"]), r["source"]]
             for r in json.loads(out(as_json))}
    assert shown == rows(piped) and shown["url"] == [lab.url, "profile 'lab'"]
