"""Email (issue 4) through the CLI (in-process): active threads do not block it, BCC reaches the
envelope only, staff see sender, subject and BCC in the history."""

from __future__ import annotations

import email
import json
from email import policy

from aiosmtpd.controller import Controller

from msgclient.sandbox.store import db
from tests.commands.send.conftest import counts, thread_json
from tests.conftest import run_main, start_stand
from tests.smtp_inbox import Inbox, free_port

MAIL = ["--channel", "email", "--sender", "support@example.com", "--subject", "Your order",
        "--tag", "Sales", "--yes"]


def test_email_with_two_bcc_to_a_client_with_an_active_thread(cli, stand):
    # Clara Schmidt's thread 5 is WAITING; email is the one channel that still reaches her.
    proc = cli("send", "--thread", "5", *MAIL, "--bcc", "lead@example.com",
               "--bcc", "archive@example.com", "-m", "Your order ships today.", "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    [message] = thread_json(cli, result["threadId"])["messages"]
    assert message["email"] == {"from": "support@example.com", "to": "clara.schmidt@example.org",
                                "subject": "Your order",
                                "bcc": ["lead@example.com", "archive@example.com"]}
    assert (message["direction"], message["authorLogin"]) == ("OUTGOING", "supervisor")


def test_same_client_over_viber_is_refused(cli, stand):
    proc = cli("send", "--thread", "4", "--channel", "viber", "-m", "hi", "--tag", "Sales",
               "--yes")
    assert proc.returncode == 5
    assert "Clara Schmidt (id 3) has an active thread (#5, WAITING)" in proc.stderr
    assert "pass --channel email" in proc.stderr


def test_client_without_email_is_refused(cli, stand):
    before = counts(stand.db)
    proc = cli("send", "--thread", "6", *MAIL, "-m", "hi")
    assert proc.returncode == 5
    assert "Client Dmitri Volkov (id 4) has no email address on their card" in proc.stderr
    assert counts(stand.db) == before


def test_disabled_email_channel_is_refused(cli, stand):
    db.set_channel_enabled(stand.db, 3, False)
    proc = cli("send", "--thread", "15", *MAIL, "-m", "hi")
    assert proc.returncode == 5
    assert ("Channel email is not enabled on this stand. This client can be messaged on: "
            "whatsapp (pass --channel whatsapp), viber (pass --channel viber).") in proc.stderr


def test_threads_show_lists_sender_subject_and_bcc_for_staff(cli, stand):
    proc = cli("send", "--thread", "15", *MAIL, "--bcc", "lead@example.com", "-m", "Body")
    assert proc.returncode == 0, proc.stderr
    thread_id = proc.stdout.split("\t")[1]
    shown = cli("threads", "show", thread_id)
    assert shown.returncode == 0, shown.stderr
    assert "From: support@example.com  Subject: Your order" in shown.stdout
    assert "Bcc (staff only): lead@example.com" in shown.stdout
    assert "Outgoing Sofia Supervisor" in shown.stdout


def test_bcc_is_in_the_envelope_only(tmp_path, seeded_db, monkeypatch):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    stand = start_stand(tmp_path, seeded_db, smtp=("127.0.0.1", port))
    try:
        monkeypatch.setenv("MSGCLIENT_URL", stand.url)
        monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
        proc = run_main("send", "--thread", "15", *MAIL, "--bcc", "lead@example.com",
                        "--bcc", "archive@example.com", "-m", "Refund issued.\nKind regards")
        assert proc.returncode == 0, proc.stderr
    finally:
        stand.running.stop()
        controller.stop()
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "support@example.com"
    assert envelope.rcpt_tos == ["julia.novak@example.org", "lead@example.com",
                                 "archive@example.com"]
    raw = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["To"] == "julia.novak@example.org" and msg["Bcc"] is None
    assert msg["Subject"] == "Your order"
    assert "Refund issued." in msg.get_body().get_content()
    for hidden in ("lead@example.com", "archive@example.com"):
        assert hidden.encode() not in raw, f"{hidden} leaked into what the client receives"
