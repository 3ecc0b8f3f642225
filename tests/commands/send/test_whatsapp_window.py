"""WhatsApp's 24-hour window in `send`: a script is refused before anything is sent, in one
line naming the flags that fix it (exit 5); --dry-run says the same; a terminal hears it
before the message is written and is offered the channel's templates or another channel."""

from __future__ import annotations

import re

import pytest

from msgclient.__main__ import main
from msgclient.commands.send.run import run
from msgclient.errors import Cancelled
from tests.commands.send.conftest import err, make_ctx
from tests.commands.send.flags import Options

JULIA_WHATSAPP = 13  # Julia Novak (id 10) last wrote on WhatsApp a month ago; she has Viber too
JULIA_SAID = "Client Julia Novak (id 10) last wrote on WhatsApp 30 days ago; WhatsApp now " \
    "takes only a template."
FLAGS = "Send a template instead: --template NAME with --var NAME=VALUE ('msgclient " \
    "templates list --channel whatsapp' shows them), or use another --channel."
ORDER_READY = "Template order_ready — Hello {{name}}, your order {{order}} is ready."


def _line(capsys) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]], ids=["send", "dry-run"])
def test_a_script_is_refused_before_sending_with_the_flags_that_fix_it(env_stand, wire, capsys,
                                                                       dry_run):
    code = main(["send", "--thread", str(JULIA_WHATSAPP), "--channel", "whatsapp", "--text",
                 "Your order is ready", "--tag", "Sales", "--yes", *dry_run])
    assert code == 5
    assert _line(capsys) == f"error: {JULIA_SAID} {FLAGS}"
    assert not wire.writes


def test_attachments_alone_are_free_content_too(env_stand, wire, capsys):
    code = main(["send", "--thread", str(JULIA_WHATSAPP), "--channel", "whatsapp", "--attach",
                 "https://files.example.com/terms.pdf", "--tag", "Sales", "--yes"])
    assert code == 5 and JULIA_SAID in _line(capsys) and not wire.writes


def test_a_new_number_never_wrote_and_a_template_always_goes(env_stand, wire, capsys):
    new = ["send", "--new", "--channel", "whatsapp", "--phone", "+49 151 29990001", "--tag",
           "Sales", "--yes"]
    assert main([*new, "--text", "Hi"]) == 5
    assert _line(capsys).startswith("error: This number has never written on WhatsApp;")
    assert not wire.writes
    assert main([*new, "--template", "order_ready", "--var", "name=Lena",
                 "--var", "order=A-1"]) == 0
    assert main(["send", "--thread", str(JULIA_WHATSAPP), "--channel", "whatsapp",
                 "--template", "feedback_request", "--var", "name=Julia", "--tag", "Sales",
                 "--yes"]) == 0
    assert len(wire.sends) == 2


def test_inside_the_window_free_text_goes(env_stand, wire):
    assert main(["send", "--thread", "1", "--channel", "whatsapp", "--text", "Hi",
                 "--tag", "Sales", "--yes"]) == 0  # Anna wrote a few hours ago
    assert len(wire.sends) == 1


# --- at a terminal -------------------------------------------------------------------------


def test_a_terminal_is_told_first_and_a_chosen_template_goes_through_its_prompts(env_stand,
                                                                              wire):
    ctx = make_ctx(tty=True, answers=[
        ("select", ORDER_READY), ("text", "Julia"), ("text", "A-17"), ("text", ""),
        ("text", "Acme"), ("confirm", True)])
    run(Options(thread_id=JULIA_WHATSAPP, channel="whatsapp", tags=("Sales",)), ctx)
    shown = err(ctx)
    assert JULIA_SAID in shown and shown.index(JULIA_SAID) < shown.index("Preview")
    [request] = wire.sends
    assert request["body"]["template"] == {"id": 1, "variables": {"name": "Julia",
                                                                  "order": "A-17"},
                                           "signature": "Acme"}
    assert "text" not in request["body"]
    labels = [c.label for c in ctx.prompter.offered]
    assert "Another channel: viber" in labels and "Cancel (nothing is sent)" in labels
    assert not any("delivery_update" in label for label in labels)  # a Viber template


def test_a_terminal_may_take_another_channel_instead(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "Another channel: viber"), ("confirm", True)])
    run(Options(thread_id=JULIA_WHATSAPP, channel="whatsapp", text="Your order is ready",
                tags=("Sales",)), ctx)
    [request] = wire.sends
    assert request["body"]["channel"] == 2 and request["body"]["text"] == "Your order is ready"


def test_cancel_sends_nothing(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "Cancel (nothing is sent)")])
    with pytest.raises(Cancelled):
        run(Options(thread_id=JULIA_WHATSAPP, channel="whatsapp", tags=("Sales",)), ctx)
    assert not wire.writes


def test_inside_the_window_nothing_is_offered(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("confirm", True)])
    run(Options(thread_id=1, channel="whatsapp", text="Hi", tags=("Sales",)), ctx)
    assert "takes only a template" not in err(ctx) and len(wire.sends) == 1


def test_the_client_card_says_when_the_client_last_wrote_on_whatsapp(env_stand, wire):
    # The same fact as threads show and clients show, where the channel is chosen.
    ctx = make_ctx(tty=True, answers=[("select", "viber")])
    assert run(Options(thread_id=13, text="hi", tags=("Sales",), dry_run=True), ctx) == 0
    card = " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err(ctx)).split())
    assert "✓ whatsapp (last wrote 30 days ago: a template only)" in card, card


def test_choosing_a_template_says_the_given_text_and_files_will_not_go(env_stand, wire):
    # The line before the template's questions is the notice; once asked, --yes still
    # shows the preview and confirms.
    ctx = make_ctx(tty=True, answers=[
        ("select", ORDER_READY), ("text", "Julia"), ("text", "A-17"), ("text", ""),
        ("text", ""), ("confirm", True)])
    run(Options(thread_id=JULIA_WHATSAPP, channel="whatsapp", text="Your order is ready",
                attachments=("https://example.com/files/invoice.pdf",), tags=("Sales",),
                yes=True), ctx)
    assert ("A template carries no free text: the text and the attachments you gave will not "
            "be sent.") in " ".join(err(ctx).split())
    [request] = wire.sends
    assert "text" not in request["body"] and "attachments" not in request["body"]
