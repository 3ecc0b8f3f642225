"""Run tests for the paths where send's steps hand each other what they decided: Options in,
the exact HTTP bodies, prompts and lines out, against the sandbox stand."""

from __future__ import annotations

import re

import pytest

from msgclient.commands.send.run import run
from msgclient.errors import RuleRefusal
from tests.commands.send.conftest import err, make_ctx, out, tag_id, validate_request
from tests.commands.send.flags import Options

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JULIA_WHATSAPP, JULIA_VIBER, CLARA = 13, 14, 4  # Julia last wrote on WhatsApp a month ago


def sent(wire) -> dict:
    [request] = wire.sends
    validate_request(request["path"], request["body"])
    return request


def plain(text: str) -> str:
    """What a pretend terminal showed, without Rich's styles and the spinner's rows."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.splitlines()
                     if "…" not in line.rsplit("\r", 1)[-1])


def test_a_local_file_is_uploaded_once_across_a_revision(env_stand, wire, tmp_path):
    plan = tmp_path / "plan.png"
    plan.write_bytes(PNG)
    ctx = make_ctx(tty=True, answers=[("confirm", False), ("select", "Change the tags"),
                                      ("checkbox", ["Feedback"]), ("confirm", True)])
    assert run(Options(thread_id=JULIA_VIBER, channel="viber", text="Plan",
                       attachments=(str(plan),), tags=("Sales",)), ctx) == 0
    [upload] = wire.posts("/api/v1/files")
    body = sent(wire)["body"]
    [attached] = body.pop("attachments")
    assert body == {"threadId": JULIA_VIBER, "channel": 2, "text": "Plan",
                    "tags": [tag_id(env_stand, "Feedback")]}
    assert re.fullmatch(re.escape(env_stand.url) + r"/api/v1/files/[\w-]+", attached["url"])
    assert {k: attached[k] for k in ("name", "type", "size")} == {
        "name": "plan.png", "type": "image/png", "size": len(PNG)}
    shown = plain(err(ctx))
    assert shown.count("Preview") == 2 and "Tags:        Feedback" in shown


def test_past_the_window_another_channel_takes_the_message_there(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "Another channel: viber"), ("confirm", True)])
    assert run(Options(thread_id=JULIA_WHATSAPP, channel="whatsapp", text="Your order is ready",
                       tags=("Sales",)), ctx) == 0
    assert sent(wire)["body"] == {"threadId": JULIA_WHATSAPP, "channel": 2,
                                  "text": "Your order is ready",
                                  "tags": [tag_id(env_stand, "Sales")]}
    shown = plain(err(ctx))
    warned = shown.index("! Client Julia Novak (id 10) last wrote on WhatsApp 30 days ago; "
                         "WhatsApp now takes only a template.")
    assert warned < shown.index("To:   Julia Novak (id 10) via viber")
    assert re.search(r"^✓ Sent to Julia Novak \(id 10\) via viber; it is in the new thread "
                     r"\d+ as Outgoing\.$", shown, re.M)


def test_a_refused_channel_taken_to_email_asks_the_email_fields(env_stand, wire):
    # Clara's other thread 5 is WAITING: viber is refused, email still reaches her.
    ctx = make_ctx(tty=True, answers=[("select", "email"), ("select", "support@example.com"),
                                      ("text", "Hello"), ("confirm", True)])
    assert run(Options(thread_id=CLARA, channel="viber", text="hi", tags=("Sales",)), ctx) == 0
    request = sent(wire)
    assert request["path"] == "/api/v1/messages/email"
    assert request["body"] == {"emailAccountId": 1, "emailSubject": "Hello",
                               "emailAddress": "clara.schmidt@example.org", "text": "hi",
                               "tags": [tag_id(env_stand, "Sales")]}
    assert [q for _, q in ctx.prompter.asked] == [
        "Message Clara Schmidt (id 3) another way?", "Send from", "Subject",
        "Send this message?"]
    assert "--channel" not in err(ctx), "no flag advice while the user is being asked"


def test_email_flags_let_a_script_take_the_only_channel_left(env_stand, wire):
    ctx = make_ctx()
    assert run(Options(thread_id=CLARA, sender="support@example.com", subject="Hello",
                       text="hi", tags=("Sales",), yes=True), ctx) == 0
    assert sent(wire)["body"] == {"emailAccountId": 1, "emailSubject": "Hello",
                                  "emailAddress": "clara.schmidt@example.org", "text": "hi",
                                  "tags": [tag_id(env_stand, "Sales")]}
    message, thread, channel = out(ctx).rstrip("\n").split("\t")
    assert channel == "email"
    # Email in place of the thread's own channel is said, never silent (issue 21 item 7).
    assert err(ctx) == ("Channel: email, the only one Clara Schmidt (id 3) can get now "
                        "(--channel names another).\n"
                        f"✓ Sent to Clara Schmidt (id 3) via email; it is in the new thread "
                        f"{thread} as Outgoing.\n")


def test_a_retry_at_a_terminal_is_not_offered_the_window(env_stand, wire):
    ctx = make_ctx(tty=True)  # no answers: any question fails the test
    with pytest.raises(RuleRefusal, match="WhatsApp now takes only a template"):
        run(Options(thread_id=JULIA_WHATSAPP, channel="whatsapp", text="Your order is ready",
                    tags=("Sales",), idempotency_key="run-1"), ctx)
    assert ctx.prompter.asked == [] and not wire.writes


def test_a_retry_at_a_terminal_sends_its_key(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("confirm", True)])
    assert run(Options(thread_id=JULIA_VIBER, channel="viber", text="x", tags=("Sales",),
                       idempotency_key="run-2"), ctx) == 0
    request = sent(wire)
    assert request["headers"]["Idempotency-Key"] == "run-2"
    assert request["body"] == {"threadId": JULIA_VIBER, "channel": 2, "text": "x",
                               "tags": [tag_id(env_stand, "Sales")]}


def test_a_known_clients_number_is_said_once_and_sent_to_the_device(env_stand, wire):
    ctx = make_ctx()
    assert run(Options(new=True, channel="viber", phone="+420601234510", text="x",
                       tags=("Sales",), yes=True), ctx) == 0
    request = sent(wire)
    assert request["path"] == "/api/v1/messages/outgoing-to-device"
    assert request["body"] == {"text": "x", "tags": [tag_id(env_stand, "Sales")],
                               "clientApplicationDescriptor": {"channelType": "VIBER",
                                                               "deviceAddress": "420601234510"}}
    message, thread, channel = out(ctx).rstrip("\n").split("\t")
    assert channel == "viber" and int(message) > 0
    assert err(ctx) == ("+420 601 234 510 belongs to client Julia Novak (id 10); that client's "
                        "rules apply.\n"
                        f"✓ Sent to Julia Novak (id 10) via viber; it is in the new thread "
                        f"{thread} as Outgoing.\n")
