"""Real-terminal tests of the interactive send flows (questionary needs a real terminal)."""

from __future__ import annotations

import pytest

from msgclient.sandbox.store import db
from tests.commands.send.conftest import counts
from tests.commands.send.pty.conftest import CTRL_C, CTRL_U, ENTER, FINISH, SPACE, downs

pytestmark = pytest.mark.pty

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def tag_keys(stand, path: str) -> list[str]:
    index = [t["path"] for t in stand.get("/api/v1/tags")].index(path)
    return [*downs(index), SPACE, ENTER]


def new_messages(stand, client_id: int) -> list[dict]:
    threads = stand.get("/api/v1/threads", clientId=client_id, statuses="WAITING")
    assert len(threads) == 1, threads
    return stand.get(f"/api/v1/threads/{threads[0]['id']}/messages")


def test_thread_flow_pick_thread_channel_text_attachment_tags_confirm(terminal, stand, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    t = terminal("send")
    t.answer("Who do you want to message?", ENTER)
    t.answer("Find a closed thread", "Julia", ENTER)
    t.expect("3 found, newest first.")  # Julia Novak's threads: 15 (newest), 14, 13
    t.answer("14  ", *downs(1), ENTER)
    t.expect("Julia Novak (id 10)")  # the client summary
    t.answer("Channel", ENTER)  # whatsapp, [viber], email: it starts on thread 14's own, viber
    t.answer("What do you want to send?", *downs(1), ENTER)  # Text with attachments
    t.answer("Message text", "Hello Julia,", ENTER, "your photo is attached.", FINISH)
    t.answer("Attach a file", str(photo), ENTER)
    t.answer("Tags (at least one required)", *tag_keys(stand, "Feedback"))
    t.expect("Preview")
    t.answer("Send this message?", "y", ENTER)
    t.expect("Sent to Julia Novak (id 10) via viber")
    assert t.finish() == 0
    [message] = new_messages(stand, 10)
    assert message["text"] == "Hello Julia,\nyour photo is attached."
    assert [a["name"] for a in message["attachments"]] == ["photo.png"]
    assert message["authorLogin"] == "supervisor" and message["direction"] == "OUTGOING"


def test_ctrl_c_midway_sends_nothing(terminal, stand):
    before = counts(stand.db)
    t = terminal("send", "--thread", "14")
    t.answer("Channel", ENTER)  # thread 14's own: viber
    t.answer("What do you want to send?", ENTER)
    t.answer("Message text", "Half a thought")
    t.keys(CTRL_C)
    t.expect("Cancelled; nothing was sent.")
    assert t.finish() == 130
    assert counts(stand.db) == before


def test_email_flow_sender_subject_two_bcc_one_corrected(terminal, stand):
    t = terminal("send", "--thread", "15")
    t.answer("Channel", ENTER)  # whatsapp, viber, [email]: thread 15's own
    t.answer("Send from", *downs(1), ENTER)  # support@, [sales@]; noreply@ is disabled
    t.answer("Subject", "Your refund", ENTER)
    t.answer("BCC address", "lead@@example", ENTER)
    t.expect("contains invalid characters: '@'.")  # the short form: one terminal row
    t.keys(CTRL_U, "lead@example.com", ENTER)
    t.answer("BCC address", "archive@example.com", ENTER)
    t.answer("BCC address", ENTER)
    t.answer("What do you want to send?", ENTER)
    t.answer("Message text", "The refund was issued today.", FINISH)
    t.answer("Tags (at least one required)", *tag_keys(stand, "Question/Billing/Refund"))
    t.expect("lead@example.com, archive@example.com  (staff only")
    t.expect("Send this message?")
    t.answer("(y/N)", "y")  # one key answers; Enter alone is No
    t.expect("Sent to Julia Novak (id 10) via email")
    assert t.finish() == 0
    [message] = new_messages(stand, 10)
    assert message["email"] == {"from": "sales@example.com", "to": "julia.novak@example.org",
                                "subject": "Your refund",
                                "bcc": ["lead@example.com", "archive@example.com"]}


def test_new_client_flow(terminal, stand):
    db.set_channel_enabled(stand.db, 2, False)
    before = counts(stand.db)
    t = terminal("send")
    t.answer("Who do you want to message?", *downs(1), ENTER)
    t.expect("Channel for the new client")
    t.expect("not enabled on this stand")  # viber is shown but cannot be picked
    t.keys(ENTER)  # whatsapp
    t.answer("Phone number", "12345", ENTER)
    t.expect("Not a valid phone number: it has no country code")
    t.keys(CTRL_U, "+34 612 34 56 78", ENTER)
    t.expect("+34 612 34 56 78: not known to this stand yet")
    t.expect("This number has never written on WhatsApp; WhatsApp now takes only a template.")
    t.answer("Send instead", ENTER)  # the first template: order_ready
    t.answer("Value for {{name}}", "Marta", ENTER)
    t.answer("Value for {{order}}", "B-12", ENTER)
    t.answer("Title", "Ready!", ENTER)
    t.answer("Signature", ENTER)
    t.answer("Tags (at least one required)", *tag_keys(stand, "Sales"))
    t.answer("Send this message?", "y", ENTER)
    t.expect("Sent to +34 612 34 56 78 (new client id")
    assert t.finish() == 0
    assert counts(stand.db)["clients"] == before["clients"] + 1


def test_past_whatsapps_window_the_prompt_says_so_and_offers_the_templates(terminal, stand):
    t = terminal("send", "--thread", "13", "--channel", "whatsapp", "--tag", "Sales")
    t.expect("Client Julia Novak (id 10) last wrote on WhatsApp 30 days ago; WhatsApp now takes "
             "only a template.")
    t.expect("Another channel: viber")
    t.answer("Cancel (nothing is sent)", ENTER)  # the pointer starts on the first template
    t.answer("Value for {{name}}", "Julia", ENTER)
    t.answer("Value for {{order}}", "A-17", ENTER)
    t.answer("Title (optional; Enter to skip)", ENTER)
    t.answer("Signature (optional; Enter to skip)", ENTER)
    t.expect("Preview")
    t.answer("Send this message?", "y", ENTER)
    t.expect("Sent to Julia Novak (id 10) via whatsapp")
    assert t.finish() == 0
    [message] = new_messages(stand, 10)
    assert message["template"]["name"] == "order_ready"
    assert message["text"] == "Hello Julia, your order A-17 is ready."
