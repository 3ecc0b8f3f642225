"""A script without a terminal learns every missing flag in one run, as a usage error (exit 2):
the channel, a required tag, template variables and email fields together (issue 12, item 11)."""

from __future__ import annotations

import pytest

from msgclient.__main__ import main
from msgclient.commands.send.given import missing_email_fields
from msgclient.commands.send.run import run
from msgclient.errors import UsageError
from msgclient.outgoing.model import Message
from tests.commands.send.conftest import make_ctx
from tests.commands.send.flags import Options


def _error(capsys) -> str:
    shown = capsys.readouterr().err
    assert shown.count("error:") == 1, shown
    return shown


def test_channel_and_tag_are_named_together(env_stand, wire, capsys):
    assert main(["send", "--thread", "95", "--text", "Hi", "--no-input", "--yes"]) == 2
    shown = _error(capsys)
    assert "--channel whatsapp or email" in shown and "--tag PATH" in shown
    assert not wire.writes


def test_template_variables_channel_tag_and_confirmation_at_once(env_stand, wire, capsys):
    assert main(["send", "--thread", "95", "--template", "order_ready", "--no-input"]) == 2
    shown = _error(capsys)
    for flag in ("--channel whatsapp or email", "--var name=VALUE --var order=VALUE",
                 "--tag PATH", "the confirmation (--yes); there is no terminal"):
        assert flag in shown, shown
    assert not wire.writes


def test_email_fields_are_named_with_the_rest(env_stand, wire, capsys):
    assert main(["send", "--thread", "95", "--channel", "email", "--text", "Hi",
                 "--no-input", "--yes"]) == 2
    shown = _error(capsys)
    assert "--sender" in shown and "--subject" in shown and "--tag PATH" in shown


def test_all_flags_given_sends(env_stand, wire):
    assert main(["send", "--thread", "1", "--channel", "whatsapp", "--text", "Hi",
                 "--tag", "Sales", "--no-input", "--yes"]) == 0
    assert len(wire.sends) == 1


def test_without_a_recipient_the_catalogue_needs_are_named_too(env_stand, wire, capsys):
    # No recipient, so no client to read, but the stand still says a tag is required, what
    # the template needs and which channels there are: one run, not two.
    assert main(["send", "--template", "order_ready", "--no-input"]) == 2
    shown = _error(capsys)
    for flag in ("the recipient (--thread ID", "--channel whatsapp or viber",
                 "--var name=VALUE --var order=VALUE", "--tag PATH", "the confirmation (--yes)"):
        assert flag in shown, shown
    assert not wire.writes


def test_without_a_recipient_a_given_channel_is_not_asked_for_again(env_stand, capsys):
    assert main(["send", "--new", "--channel", "whatsapp", "--text", "Hi", "--no-input",
                 "--yes"]) == 2
    shown = _error(capsys)
    assert "the new client's address (--phone" in shown and "--tag PATH" in shown
    assert "--channel" not in shown


def test_no_input_at_a_terminal_says_prompts_are_off_not_that_there_is_no_terminal(env_stand):
    ctx = make_ctx(tty=True)
    ctx.io.no_input = True
    with pytest.raises(UsageError) as caught:
        run(Options(thread_id=14, channel="viber", tags=("Sales",)), ctx)
    assert caught.value.message.endswith("; prompts are off (--no-input).")
    assert "no terminal" not in caught.value.message


def test_a_template_over_email_is_refused_before_the_missing_email_fields(env_stand, wire,
                                                                          capsys):
    # Giving --sender and --subject would not help: say the refusal in this run.
    assert main(["send", "--thread", "22", "--channel", "email", "--template", "order_ready",
                 "--var", "name=Yuki", "--var", "order=A-1", "--tag", "Sales", "--yes"]) == 5
    shown = _error(capsys)
    assert "Templates can be sent only over WhatsApp or Viber, not over email" in shown
    assert "--sender" not in shown and not wire.writes


def test_an_emails_own_fields_are_named_by_one_list(env_stand, wire, capsys):
    assert missing_email_fields(Message()) == ["the sender (--sender)", "the subject (--subject)"]
    assert missing_email_fields(Message(sender="support@example.com")) == \
        ["the subject (--subject)"]
    # Both the flags and the stand's channel say "email" here: each field is named once.
    assert main(["send", "--thread", "95", "--channel", "email", "--text", "Hi",
                 "--no-input", "--yes"]) == 2
    shown = _error(capsys)
    assert shown.count("the sender (--sender)") == shown.count("the subject (--subject)") == 1
