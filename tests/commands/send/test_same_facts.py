"""The same facts read the same in every command: a disabled channel is "not enabled" in
`threads show` as in `clients show`, and phones are in the '+7 916 ...' form `send` uses
(item 10)."""

from __future__ import annotations

import re

from msgclient import rules
from msgclient.__main__ import main
from msgclient.commands.send.run import run
from tests.commands.send.conftest import err, make_ctx
from tests.commands.send.flags import Options


def test_threads_show_and_clients_show_agree(env_stand, capsys):
    assert main(["threads", "show", "12"]) == 0  # Ivan's open thread
    thread = capsys.readouterr().out
    assert main(["clients", "show", "9"]) == 0
    client = capsys.readouterr().out
    for shown in (thread, client):
        assert "telegram: not enabled on this stand" in shown, shown
        assert "+7 916 123-45-09" in shown and "79161234509" not in shown


def _channels_named(line: str) -> list[str]:
    """Every channel name on the line, once per mention (a flag's value is its name's flags)."""
    names = "whatsapp|viber|email|web-chat|mobile-app|telegram"
    return re.findall(rf"(?<!--channel )\b(?:{names})\b(?! \(pass)", line)


def test_a_refusal_with_the_ways_out_names_each_channel_once(env_stand, capsys):
    # Julia Novak (thread 14) never wrote on mobile-app; the rule's sentence lists her channels
    # and so does the advice with flags: the advice, with its flags, is the one kept.
    assert main(["send", "--thread", "14", "--channel", "mobile-app", "--text", "hi",
                 "--tag", "Sales", "--no-input", "--yes"]) == 5
    shown = capsys.readouterr().err
    assert "has never used mobile-app, so it cannot be messaged there." in shown
    assert ("This client can be messaged on: whatsapp (pass --channel whatsapp), viber (pass "
            "--channel viber), email (pass --channel email).") in shown
    assert _channels_named(shown) == ["mobile-app"], shown


def test_a_disabled_channel_with_the_ways_out_names_each_channel_once(env_stand, capsys):
    assert main(["send", "--thread", "14", "--channel", "telegram", "--text", "hi",
                 "--tag", "Sales", "--no-input", "--yes"]) == 5
    shown = capsys.readouterr().err
    assert "Channel telegram is not enabled on this stand." in shown
    assert _channels_named(shown) == ["telegram"], shown


def test_the_reroute_prompt_leaves_the_ways_to_its_choices(env_stand):
    # Clara Schmidt (thread 4) has an active thread: viber is refused, email is offered as a
    # choice, so the warning above the choices does not say "or send an email" as well.
    ctx = make_ctx(tty=True, answers=[("select", "email"), ("select", "support@example.com"),
                                      ("text", "Hello")])
    assert run(Options(thread_id=4, channel="viber", text="hi", tags=("Sales",),
                       dry_run=True), ctx) == 0
    assert "only email can be sent while a thread is active. Wait until it is closed.\n" \
        in err(ctx)
    assert "or send an email" not in err(ctx)


def test_the_stand_still_says_the_whole_sentence():
    refusal = rules.check_channel_enabled({"id": 9, "type": "TELEGRAM", "enabled": False},
                                          [{"id": 1, "type": "VIBER", "enabled": True}])
    assert refusal.message == ("Channel telegram is not enabled on this stand; enabled "
                               "channels: viber.")
    assert refusal.reason == "Channel telegram is not enabled on this stand."
