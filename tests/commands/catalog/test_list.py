"""msgclient channels|senders|tags|templates list: one module per noun (commands/<noun>.py),
their Options and run shared (commands/catalog.py)."""

from __future__ import annotations

import json

import pytest

from msgclient import rules
from msgclient.commands import channels, senders, tags, templates
from msgclient.commands.catalog import Options, run
from msgclient.errors import UsageError
from tests.commands.send.conftest import make_ctx, out


@pytest.mark.parametrize("noun", [channels, senders, tags, templates])
def test_list_takes_json(parsed, noun):
    name = noun.__name__.rpartition(".")[2]
    assert parsed(noun, name, "list", "--json") == Options(name)


def test_templates_list_takes_a_channel(parsed):
    assert parsed(templates, "templates", "list", "-c", "viber") == Options("templates", "viber")


def test_channels_piped(env_stand):
    ctx = make_ctx()
    assert run(Options("channels"), ctx) == 0
    rows = out(ctx).splitlines()
    assert rows[0] == "1\twhatsapp\tWhatsApp\tWHATSAPP\tyes\t16 MB"
    assert len(rows) == len(env_stand.get("/api/v1/channels"))


def test_channels_list_names_every_channel_name_completion_and_help_offer(env_stand):
    # One table of names (rules.CLI_TO_TYPE): web-widget is the WEB channel too.
    ctx = make_ctx()
    assert run(Options("channels"), ctx) == 0
    names = {n for row in out(ctx).splitlines() for n in row.split("\t")[1].split(", ")}
    assert set(rules.CLI_TO_TYPE) <= names


def test_senders_and_tags_as_json_are_the_stands_own(env_stand):
    for what, path in (("senders", "/api/v1/email-accounts"), ("tags", "/api/v1/tags")):
        ctx = make_ctx(json=True)
        assert run(Options(what), ctx) == 0
        assert json.loads(out(ctx)) == env_stand.get(path), what


def test_templates_for_one_channel(env_stand):
    ctx = make_ctx(json=True)
    assert run(Options("templates", "viber"), ctx) == 0
    shown = json.loads(out(ctx))
    assert [t["name"] for t in shown] == ["delivery_update", "payment_reminder", "welcome_back"]


def test_templates_for_a_channel_the_stand_does_not_have(env_stand):
    with pytest.raises(UsageError, match="Unknown channel 'pigeon'; this stand has: email, "):
        run(Options("templates", "pigeon"), make_ctx())
