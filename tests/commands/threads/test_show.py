"""msgclient threads show: flags -> Options, and Options -> the thread, its client, history."""

from __future__ import annotations

import json

from msgclient.commands.threads import show as threads_show
from msgclient.commands.threads.show import Options, run
from tests.commands.send.conftest import make_ctx, out


def test_the_id_and_json(parsed):
    assert parsed(threads_show, "threads", "show", "123", "--json") == Options(123)
    assert parsed(threads_show, "--json", "threads", "show", "7") == Options(7)


def test_an_id_that_is_no_thread_id_ends_before_the_stand_is_asked(refused):
    for bad in ("0", "-3", "abc", "99999999999999999999"):
        assert refused(threads_show, "threads", "show", bad)[0] == 2, bad


def test_header_client_channels_and_history(env_stand):
    ctx = make_ctx()
    assert run(Options(1), ctx) == 0
    shown = out(ctx)
    assert shown.startswith("Thread 1  CLOSED  via whatsapp\n")
    assert "Client Anna Petrova (id " in shown and "Phone: +7 916 123-45-01" in shown
    assert "Can be messaged on\n  ✓ whatsapp" in shown
    assert "  ✗ telegram: not enabled on this stand" in shown
    count = len(env_stand.get("/api/v1/threads/1/messages"))
    assert f"History ({count} message" in shown


def test_json_holds_thread_client_channels_and_messages(env_stand):
    ctx = make_ctx(json=True)
    assert run(Options(1), ctx) == 0
    shown = json.loads(out(ctx))
    assert shown["thread"]["id"] == 1 and shown["client"]["fullName"] == "Anna Petrova"
    channels = {c["name"]: c for c in shown["channels"]}
    assert channels["whatsapp"]["available"] and "freeText" in channels["whatsapp"]
    assert channels["telegram"]["available"] is False and channels["telegram"]["reason"]
    history = env_stand.get("/api/v1/threads/1/messages")
    assert [(m["id"], m["text"]) for m in shown["messages"]] == \
        [(m["id"], m["text"]) for m in history]
