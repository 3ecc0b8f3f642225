"""Run tests: Options -> run(opts, ctx) against a real sandbox; exact bodies, checked
against the contract's request schemas, and what the user sees."""

from __future__ import annotations

import json

import pytest

from msgclient.__main__ import main
from msgclient.commands.send import reach
from msgclient.commands.send.checks import bcc_check
from msgclient.commands.send.run import run
from msgclient.errors import Cancelled, RuleRefusal, UsageError
from msgclient.outgoing import prepare
from msgclient.sandbox.store import db
from tests.commands.send.conftest import counts, err, make_ctx, out, tag_id, validate_request
from tests.commands.send.flags import Options

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def sent(wire) -> dict:
    """The one send request of the run, after checking it fits the contract."""
    assert len(wire.sends) == 1, wire.requests
    request = wire.sends[0]
    validate_request(request["path"], request["body"])
    assert request["headers"]["Idempotency-Key"]
    return request


def test_text_from_thread_exact_body_and_tsv_result(env_stand, wire):
    ctx = make_ctx()
    run(Options(thread_id=14, channel="viber", text="Your parcel is on its way.",
                tags=("Sales",), yes=True), ctx)
    request = sent(wire)
    assert request["path"] == "/api/v1/messages/outgoing"
    assert request["body"] == {"threadId": 14, "channel": 2, "text": "Your parcel is on its way.",
                               "tags": [tag_id(env_stand, "Sales")]}
    message_id, thread_id, channel = out(ctx).strip().split("\t")
    assert channel == "viber" and int(thread_id) != 14 and int(message_id) > 0
    assert "✓ Sent to Julia Novak (id 10) via viber" in err(ctx)


def test_text_with_local_and_remote_attachments(env_stand, wire, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    run(Options(thread_id=1, channel="whatsapp", text="Photos of your order",
                attachments=(str(photo), "https://files.example.com/spec%20sheet.pdf"),
                tags=("Sales",), yes=True), make_ctx())
    uploads = wire.posts("/api/v1/files")
    assert len(uploads) == 1 and uploads[0]["files"]["file"][0] == "photo.png"
    body = sent(wire)["body"]
    local, remote = body["attachments"]
    assert local["url"].startswith(env_stand.url + "/api/v1/files/")
    assert (local["name"], local["type"], local["size"]) == ("photo.png", "image/png", len(PNG))
    assert remote == {"url": "https://files.example.com/spec%20sheet.pdf",
                      "name": "spec sheet.pdf", "type": "application/pdf"}


def test_attachments_only_has_no_text(env_stand, wire, tmp_path):
    doc = tmp_path / "invoice.pdf"
    doc.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    run(Options(thread_id=6, attachments=(str(doc),), tags=("Sales",), yes=True), make_ctx())
    body = sent(wire)["body"]
    assert "text" not in body and body["channel"] == 2  # Dmitri's only channel: viber
    assert [a["type"] for a in body["attachments"]] == ["application/pdf"]


def test_template_with_title_and_signature(env_stand, wire):
    run(Options(thread_id=13, channel="whatsapp", template="order_ready",
                variables={"name": "Julia", "order": "A-17"}, title="Order update",
                signature="Acme shop", tags=("Sales",), yes=True), make_ctx())
    body = sent(wire)["body"]
    assert body == {"threadId": 13, "channel": 1, "tags": [tag_id(env_stand, "Sales")],
                    "template": {"id": 1, "variables": {"name": "Julia", "order": "A-17"},
                                 "title": "Order update", "signature": "Acme shop"}}


def test_email_from_thread_with_bcc(env_stand, wire):
    ctx = make_ctx(json=True)
    run(Options(thread_id=15, channel="email", sender="sales@example.com", subject="Your refund",
                bcc=("team@example.com", "Archive@Example.com"), text="Refund issued.",
                tags=("Question/Billing/Refund",), yes=True), ctx)
    request = sent(wire)
    assert request["path"] == "/api/v1/messages/email"
    assert request["body"] == {"emailAddress": "julia.novak@example.org", "emailAccountId": 2,
                               "emailSubject": "Your refund",
                               "bcc": ["team@example.com", "Archive@example.com"],
                               "text": "Refund issued.",
                               "tags": [tag_id(env_stand, "Question/Billing/Refund")]}
    result = json.loads(out(ctx))
    assert result["channelName"] == "email" and result["clientId"] == 10
    assert {"id", "threadId", "agentId", "createdAt"} <= set(result)


@pytest.mark.parametrize(("opts", "descriptor"), [
    ({"phone": "+7 999 123-45-67", "channel": "viber"},
     {"channelType": "VIBER", "deviceAddress": "79991234567"}),
    ({"client_id": "crm-77", "channel": "web-chat"}, {"channelType": "WEB", "clientId": "crm-77"}),
    ({"external_id": "widget-9", "channel": "web-widget"},
     {"channelType": "WEB", "unauthorizedClientId": "widget-9"}),
    ({"external_id": "dev-5", "channel": "mobile-app", "app": "shopApp"},
     {"channelType": "MOBILE", "unauthorizedClientId": "dev-5", "appMarker": "shopApp"}),
    ({"client_id": "crm-78", "channel": "mobile-app"},
     {"channelType": "MOBILE", "clientId": "crm-78"}),
])
def test_new_client_to_device(env_stand, wire, opts, descriptor):
    run(Options(new=True, text="Welcome!", tags=("Sales",), yes=True, **opts), make_ctx())
    request = sent(wire)
    assert request["path"] == "/api/v1/messages/outgoing-to-device"
    assert request["body"]["clientApplicationDescriptor"] == descriptor
    lookups = [r for r in wire.requests if r["path"] == "/api/v1/clients/short-info"]
    # An id in the widget or app before login has no lookup in edna's API; the rest do.
    assert bool(lookups) == ("external_id" not in opts)
    if lookups:
        assert lookups[0]["body"] in ({"phones": ["79991234567"], "externalIds": []},
                                      {"phones": [], "externalIds": [opts.get("client_id")]})


def test_new_client_email_and_default_sender_from_env(env_stand, wire, monkeypatch):
    monkeypatch.setenv("MSGCLIENT_DEFAULT_SENDER", "support@example.com")
    run(Options(new=True, email="New.Person@Example.org", subject="Hello", text="Hi there",
                tags=("Sales",), yes=True), make_ctx())
    assert sent(wire)["body"] == {"emailAddress": "New.Person@example.org", "emailAccountId": 1,
                                  "emailSubject": "Hello", "text": "Hi there",
                                  "tags": [tag_id(env_stand, "Sales")]}


def test_idempotency_key_flag_is_sent_as_given(env_stand, wire):
    run(Options(thread_id=14, channel="viber", text="x", tags=("Sales",), yes=True,
                idempotency_key="retry-of-run-42"), make_ctx())
    assert sent(wire)["headers"]["Idempotency-Key"] == "retry-of-run-42"


def test_dry_run_sends_and_uploads_nothing_and_masks_the_token(env_stand, wire, tmp_path):
    photo = tmp_path / "p.png"
    photo.write_bytes(PNG)
    before = counts(env_stand.db)
    ctx = make_ctx()
    run(Options(thread_id=1, channel="whatsapp", text="hi", attachments=(str(photo),),
                tags=("Sales",), dry_run=True), ctx)
    assert not wire.writes and counts(env_stand.db) == before
    printed = out(ctx)
    assert env_stand.token not in printed + err(ctx)
    assert "Authorization: Bearer ***" in printed
    assert f"POST {env_stand.url}/api/v1/messages/outgoing" in printed
    assert f"POST {env_stand.url}/api/v1/files" in printed
    body = json.loads(printed[printed.index("\n{") + 1:])
    validate_request("/api/v1/messages/outgoing", body)
    assert "nothing was sent" in err(ctx)


def test_dry_run_json(env_stand, wire):
    ctx = make_ctx(json=True)
    run(Options(new=True, phone="+79990001122", channel="viber", text="hi", tags=("Sales",),
                dry_run=True), ctx)
    shown = json.loads(out(ctx))
    assert shown["dryRun"] is True and shown["request"]["headers"]["Authorization"] == "Bearer ***"
    assert shown["request"]["body"]["clientApplicationDescriptor"]["deviceAddress"] == "79990001122"
    assert not wire.writes


def test_without_terminal_missing_values_name_the_flags(env_stand, wire):
    with pytest.raises(UsageError) as caught:
        run(Options(thread_id=15, channel="email"), make_ctx())
    message = caught.value.message
    for flag in ("--text", "--sender", "--subject", "--tag", "--yes"):
        assert flag in message
    # Reads only: the client and catalogue tell what else is missing, so all is named at once.
    assert not wire.writes and {r["method"] for r in wire.requests} <= {"GET", "POST"}


def test_refusal_before_any_send(env_stand, wire):
    with pytest.raises(RuleRefusal) as caught:
        run(Options(thread_id=3, channel="whatsapp", text="hi", tags=("Sales",), yes=True),
            make_ctx())
    assert caught.value.code == "CLIENT_BLOCKED" and "Boris Ivanov" in caught.value.message
    assert not wire.writes


# --- the interactive fill, with the strict fake prompter -------------------------------------

def test_interactive_thread_flow(env_stand, wire, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    label = next(t["path"] for t in env_stand.get("/api/v1/tags") if t["path"] == "Feedback")
    answers = [("select", "A client from a closed thread"), ("text", ""),  # search: all
               ("select", "   14"),  # labels start with the right-aligned thread id
               ("select", "viber"), ("select", "Text with attachments"),
               ("text", "Line one\nLine two"), ("path", str(photo)),
               ("checkbox", [label]), ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    run(Options(), ctx)
    body = sent(wire)["body"]
    assert body["threadId"] == 14 and body["channel"] == 2 and body["text"] == "Line one\nLine two"
    assert body["attachments"][0]["name"] == "photo.png"
    assert "Julia Novak" in err(ctx) and "Preview" in err(ctx)


def test_interactive_email_flow_refuses_bad_bcc_at_the_prompt(env_stand, wire):
    answers = [("select", "email"), ("select", "support@example.com"),
               ("text", "Your order"), ("text", "boss@example.com"), ("text", ""),
               ("select", "Text"), ("text", "Body"), ("checkbox", ["Sales"]),
               ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    run(Options(thread_id=13), ctx)
    body = sent(wire)["body"]
    assert body["bcc"] == ["boss@example.com"] and body["emailSubject"] == "Your order"

    check = bcc_check(["boss@example.com"], "julia.novak@example.org")
    assert "given twice" in check("boss@example.com")
    assert "client's own address" in check("julia.novak@example.org")
    assert "not a valid email" in check("not-an-address")


def test_interactive_new_client_flow(env_stand, wire):
    # A new WhatsApp number never wrote: the templates are offered before anything is typed.
    answers = [("select", "A new client"), ("select", "whatsapp"), ("text", "+49 151 23456789"),
               ("select", "Template appointment_reminder"),
               ("text", "Lea"), ("text", "May 3"), ("text", "10:00"),
               ("text", "Reminder"), ("text", ""), ("checkbox", ["Sales"]), ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    run(Options(), ctx)
    body = sent(wire)["body"]
    assert body["clientApplicationDescriptor"] == {"channelType": "WHATSAPP",
                                                   "deviceAddress": "4915123456789"}
    assert body["template"] == {"id": 2, "variables": {"name": "Lea", "date": "May 3",
                                                       "time": "10:00"}, "title": "Reminder"}


def test_interactive_partial_flags_ask_only_for_the_rest(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("text", "A-9"), ("confirm", True)])
    run(Options(thread_id=13, channel="whatsapp", template="order_ready",
                variables={"name": "Julia"}, tags=("Sales",)), ctx)
    assert sent(wire)["body"]["template"]["variables"] == {"name": "Julia", "order": "A-9"}


def test_interactive_cancel_sends_nothing(env_stand, wire):
    before = counts(env_stand.db)
    ctx = make_ctx(tty=True, answers=[("select", "viber"), ("select", "Text"),
                                      ("text", Cancelled())])
    with pytest.raises(Cancelled):
        run(Options(thread_id=14), ctx)
    assert not wire.writes and counts(env_stand.db) == before


def test_interactive_declined_confirmation_sends_nothing(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("confirm", False), ("select", "Cancel")])
    with pytest.raises(Cancelled):
        run(Options(thread_id=14, channel="viber", text="hi", tags=("Sales",)), ctx)
    assert not wire.writes


def test_the_stand_has_the_last_word(env_stand, wire, monkeypatch, capsys):
    """The client is blocked after msgclient looked: the stand's refusal arrives as exit 5."""
    real_lookup = prepare.lookup

    def lookup_then_block(ctx, recipient, address=None):
        found = real_lookup(ctx, recipient, address)
        db.set_client_blocked(env_stand.db, 10, True)
        return found

    for user in (reach, prepare):  # every module that looks the client up
        monkeypatch.setattr(user, "lookup", lookup_then_block)
    assert main(["send", "--thread", "14", "--channel", "viber", "-m", "hi", "--tag", "Sales",
                 "--yes"]) == 5
    assert len(wire.sends) == 1
    assert "Julia Novak (id 10) is blocked" in capsys.readouterr().err


def test_interactive_text_written_in_the_editor(env_stand, wire, tmp_path, monkeypatch):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'From the editor\\n# this line is dropped\\n' > \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    ctx = make_ctx(tty=True, answers=[("select", "Text"), ("select", "In your editor"),
                                      ("confirm", True)])
    run(Options(thread_id=6, tags=("Sales",)), ctx)
    assert sent(wire)["body"]["text"] == "From the editor"


def test_unusable_channels_are_shown_with_the_reason_and_cannot_be_picked(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "viber")])
    with pytest.raises(AssertionError, match="'viber' is disabled") as picked:
        run(Options(thread_id=1, text="hi", tags=("Sales",)), ctx)
    ctx.prompter.raised(str(picked.value))
    reasons = {c.label: c.disabled for c in ctx.prompter.offered}
    assert reasons["whatsapp"] is None and reasons["email"] is None
    assert reasons["viber"] == "the client never wrote on it"
    assert reasons["telegram"] == "not enabled on this stand"
    assert not wire.writes
