"""The CLI (in-process) against a sandbox: every rule of a message from a closed thread refused
with its message and exit code, every format sent and seen as Outgoing from the supervisor."""

from __future__ import annotations

import json

from msgclient.sandbox.store import db
from tests.commands.send.conftest import counts, thread_json

T = ["--tag", "Sales", "--yes"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def refused(cli, stand, argv, code, *needles):
    before = counts(stand.db)
    proc = cli("send", *argv)
    assert proc.returncode == code, proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert counts(stand.db) == before, "a refused send leaves the stand untouched"
    return proc.stderr


def sent(cli, *argv) -> dict:
    proc = cli("send", *argv, "--json")
    assert proc.returncode == 0, proc.stderr
    assert "✓ Sent" in proc.stderr
    return json.loads(proc.stdout)


def outgoing(cli, result: dict) -> dict:
    """The new thread as `threads show --json` has it; its one message is ours."""
    shown = thread_json(cli, result["threadId"])
    [message] = shown["messages"]
    assert message["id"] == result["id"]
    assert message["direction"] == "OUTGOING"
    assert (message["authorType"], message["authorLogin"]) == ("SUPERVISOR", "supervisor")
    assert message["authorName"] == "Sofia Supervisor"
    assert (shown["thread"]["status"] == "WAITING"
            and shown["thread"]["clientId"] == result["clientId"])
    return message


# --- the rules ----------------------------------------------------------------------------

def test_thread_must_be_closed(cli, stand):
    refused(cli, stand, ["--thread", "5", "--channel", "viber", "-m", "hi", *T], 5,
            "Thread 5 is WAITING, not closed", "only from a closed thread")


def test_blocked_client(cli, stand):
    refused(cli, stand, ["--thread", "3", "-m", "hi", *T], 5,
            "Client Boris Ivanov (id 2) is blocked")


def test_active_thread_names_its_id_and_status(cli, stand):
    refused(cli, stand, ["--thread", "11", "--channel", "whatsapp", "-m", "hi", *T], 5,
            "has an active thread (#12, ANSWER_NEEDED)", "Wait until it is closed")


def test_disabled_channel_names_the_clients_usable_ones(cli, stand):
    db.set_channel_enabled(stand.db, 2, False)
    refused(cli, stand, ["--thread", "14", "--channel", "viber", "-m", "hi", *T], 5,
            "Channel viber is not enabled on this stand. This client can be messaged on: "
            "whatsapp (pass --channel whatsapp), email (pass --channel email).")


def test_channel_the_client_never_used(cli, stand):
    refused(cli, stand, ["--thread", "6", "--channel", "whatsapp", "-m", "hi", *T], 5,
            "Dmitri Volkov (id 4) has never used whatsapp, so it cannot be messaged there. "
            "This client can be messaged on: viber (pass --channel viber).")


def test_several_channels_need_a_choice_without_a_terminal(cli, stand):
    refused(cli, stand, ["--thread", "14", "-m", "hi", *T], 2,
            "Missing the channel (--channel whatsapp, viber or email)",
            "See 'msgclient send --help'.")


def test_mandatory_tags(cli, stand):
    refused(cli, stand, ["--thread", "14", "--channel", "viber", "-m", "hi", "--yes"], 2,
            "a tag, which this stand requires", "--tag")
    db.set_setting(stand.db, "mandatoryTags", False)
    assert sent(cli, "--thread", "14", "--channel", "viber", "-m", "hi", "--yes")["id"]


def test_empty_message(cli, stand):
    refused(cli, stand, ["--thread", "14", "--channel", "viber", "--text", "", *T], 2,
            "The text (--text) is empty; give the message text")


def test_template_only_on_whatsapp_and_viber(cli, stand):
    refused(cli, stand, ["--thread", "8", "--channel", "web-chat", "--template", "order_ready",
                         "--var", "name=F", "--var", "order=1", *T], 5,
            "Templates can be sent only over WhatsApp or Viber, not over web-chat")


def test_attachment_limits_come_from_the_stand(cli, stand, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    db.set_channel_limits(stand.db, 2, max_attachment_size=10)
    refused(cli, stand, ["--thread", "14", "--channel", "viber", "--attach", str(photo), *T], 5,
            "Attachment photo.png is", "channel viber accepts files up to")


# --- the formats, each seen in `threads show` as Outgoing from the supervisor ---------------

def test_text_with_the_only_channel_taken(cli, stand):
    result = sent(cli, "--thread", "6", "-m", "Your parcel is on its way.", *T)
    assert result["channelName"] == "viber"
    message = outgoing(cli, result)
    assert message["text"] == "Your parcel is on its way." and message["tags"] == ["13"]


def test_text_with_attachments(cli, stand, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    result = sent(cli, "--thread", "1", "--channel", "whatsapp", "-m", "See attached",
                  "--attach", str(photo), "--attach", "https://files.example.com/terms.pdf", *T)
    message = outgoing(cli, result)
    assert message["text"] == "See attached"
    assert [(a["name"], a["type"]) for a in message["attachments"]] == [
        ("photo.png", "image/png"), ("terms.pdf", "application/pdf")]


def test_attachments_only(cli, stand, tmp_path):
    doc = tmp_path / "invoice.pdf"
    doc.write_bytes(b"%PDF-1.7\n" + b"1" * 500)
    message = outgoing(cli, sent(cli, "--thread", "6", "--attach", str(doc), *T))
    assert message["text"] in (None, "")
    assert [(a["name"], a["type"], a["size"]) for a in message["attachments"]] == [
        ("invoice.pdf", "application/pdf", 509)]


def test_template_with_title_and_signature(cli, stand):
    result = sent(cli, "--thread", "1", "--channel", "whatsapp", "--template", "order_ready",
                  "--var", "name=Anna", "--var", "order=A-17", "--title", "Order update",
                  "--signature", "Acme shop", *T)
    message = outgoing(cli, result)
    assert message["template"]["name"] == "order_ready"
    assert (message["template"]["title"], message["template"]["signature"]) == (
        "Order update", "Acme shop")
    assert message["text"] == "Hello Anna, your order A-17 is ready."


def test_piped_result_is_tab_separated_and_people_lines_go_to_stderr(cli, stand):
    proc = cli("send", "--thread", "6", "-m", "hi", *T)
    assert proc.returncode == 0, proc.stderr
    message_id, thread_id, channel = proc.stdout.rstrip("\n").split("\t")
    assert channel == "viber" and message_id.isdigit() and thread_id.isdigit()
    assert "✓ Sent to Dmitri Volkov (id 4) via viber" in proc.stderr
    assert "\x1b[" not in proc.stdout + proc.stderr
    assert stand.token not in proc.stdout + proc.stderr


def test_dry_run_prints_the_request_and_sends_nothing(cli, stand):
    before = counts(stand.db)
    proc = cli("send", "--thread", "6", "-m", "hi", "--tag", "Sales", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"POST {stand.url}/api/v1/messages/outgoing\n")
    assert "Authorization: Bearer ***" in proc.stdout and stand.token not in proc.stdout
    assert counts(stand.db) == before
