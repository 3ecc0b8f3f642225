"""Emails the stand sends: the client sees To and From only; BCC lives in the envelope."""

from __future__ import annotations

import email
import json
import stat
from email import policy

import pytest
from aiosmtpd.controller import Controller

from msgclient.sandbox.email_out import OutgoingEmail, build_message
from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.smtp_inbox import Inbox, free_port

EMAIL = "/api/v1/messages/email"
BODY = {"threadId": T["elena_closed_email"], "emailAccountId": 1, "emailSubject": "Your refund",
        "text": "The refund was issued today.", "bcc": ["quality@example.com"], "tags": [10]}


def test_an_email_goes_to_the_outbox_without_a_bcc_header(api):
    sent = api.post(EMAIL, BODY).json()
    [eml] = list(api.outbox.glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["To"] == "elena.sokolova@example.org"
    assert msg["From"] == "Customer Support <support@example.com>"
    assert msg["Subject"] == "Your refund" and msg["Bcc"] is None
    assert "quality@example.com" not in eml.read_text()
    assert msg.get_content().strip() == "The refund was issued today."
    envelope = json.loads(eml.with_name(eml.name.removesuffix(".eml") + ".envelope.json")
                          .read_text())
    assert envelope == {"from": "support@example.com",
                        "to": ["elena.sokolova@example.org", "quality@example.com"]}
    [message] = api.ok(f"/api/v1/threads/{sent['threadId']}/messages")
    assert message["email"] == {"from": "support@example.com", "to": "elena.sokolova@example.org",
                                "subject": "Your refund", "bcc": ["quality@example.com"]}
    assert api.ok(f"/api/v1/threads/{sent['threadId']}")["channel"] == 3


def test_stand_files_are_attached_and_external_ones_linked(api):
    up = api.request("POST", "/api/v1/files", files={"file": ("a.pdf", b"%PDF-1.4 demo")}).json()
    link = {"url": "https://files.example.com/terms.pdf", "type": "application/pdf", "size": 9}
    api.post(EMAIL, {**BODY, "attachments": [up, link]})
    [eml] = list(api.outbox.glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    [part] = list(msg.iter_attachments())
    assert part.get_filename() == "a.pdf" and part.get_content() == b"%PDF-1.4 demo"
    assert "https://files.example.com/terms.pdf" in msg.get_body().get_content()


def test_with_smtp_configured_bcc_recipients_are_envelope_only(start):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        api = start(smtp=("127.0.0.1", port))
        assert api.post(EMAIL, BODY).status_code == 200
    finally:
        controller.stop()
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "support@example.com"
    assert envelope.rcpt_tos == ["elena.sokolova@example.org", "quality@example.com"]
    msg = email.message_from_bytes(envelope.content, policy=policy.default)
    assert msg["Bcc"] is None and msg["To"] == "elena.sokolova@example.org"
    assert not list(api.outbox.glob("*.eml"))


CVE_SUBJECT = ("=?utf-8?q?Your_order?==?utf-8?q?=0D=0AReply-To:_attacker@evil.example=0D=0A=0D=0A"
               "Fake_body?=")


@pytest.mark.parametrize("subject", [CVE_SUBJECT, "=?utf-8?b?DQpCY2M6IHhAeS56?=", "a\x0bb",
                                     "a\x0cb", "a\x1cb", "a\x1db", "a\x1eb", "a\x85b",
                                     "a\u2028b", "a\u2029b", "a\rb", "a\nb"])
def test_a_subject_that_decodes_to_a_line_break_is_refused_before_anything_is_recorded(
        api, subject):
    """The stand refuses (never re-folds) what would inject a header or a body
    (CVE-2024-6923), and records no message whose email could not be written."""
    before = api.ok(f"/api/v1/threads/{T['elena_closed_email']}/messages")
    resp = api.post(EMAIL, {**BODY, "emailSubject": subject})
    assert resp.status_code == 400 and resp.json()["code"] == "VALIDATION", resp.text
    assert "control character" in resp.json()["message"]
    assert not list(api.outbox.glob("*.eml"))
    assert api.ok(f"/api/v1/threads/{T['elena_closed_email']}/messages") == before


def test_the_email_writer_itself_refuses_an_injected_header():
    mail = OutgoingEmail("support@example.com", "Support", "a@example.org", CVE_SUBJECT, "x")
    with pytest.raises(ValueError, match="U\\+000D"):
        build_message(mail, 1)


def test_outbox_files_are_private(api):
    api.post(EMAIL, BODY)
    files = list(api.outbox.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
