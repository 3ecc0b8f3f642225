"""What a new user's trial of `msgclient send` ran into: a refused channel with a usable one
next to it, misleading input errors, a replayed key reported as a new send, prompt errors
cut at the terminal's edge, and phone numbers shown as bare digits."""

from __future__ import annotations

import json
import re

import pytest

from msgclient.__main__ import main
from msgclient.commands.send import checks
from msgclient.commands.send.prompts import _address_check
from msgclient.commands.send.run import run
from msgclient.errors import Cancelled
from msgclient.outgoing.errors import SHORT_WIDTH
from msgclient.sandbox.store import db
from tests.commands.send.conftest import counts, err, make_ctx, validate_request
from tests.commands.send.flags import Options

T = ["--tag", "Sales", "--yes"]
ANNA_PHONE = "+7 916 123-45-01"  # Anna Petrova (id 1), who also has an email address


def sent(wire) -> dict:
    assert len(wire.sends) == 1, wire.requests
    request = wire.sends[0]
    validate_request(request["path"], request["body"])
    return request


# --- 1. a refused channel, when the client can be reached on another one ----------------------

def test_interactive_new_client_with_an_active_thread_is_offered_email(env_stand, wire):
    db.set_thread_status(env_stand.db, 1, "WAITING")  # Anna now has an active thread
    answers = [("select", "A new client"), ("select", "whatsapp"), ("text", ANNA_PHONE),
               ("select", "email"), ("select", "sales@example.com"), ("text", "Your order"),
               ("text", ""), ("select", "Text"), ("text", "It ships today."),
               ("checkbox", ["Sales"]), ("confirm", True)]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(), ctx) == 0
    request = sent(wire)
    assert request["path"] == "/api/v1/messages/email"
    assert request["body"]["emailAddress"] == "anna.petrova@example.org"
    assert request["body"]["emailSubject"] == "Your order"
    shown = err(ctx)
    assert "has an active thread (#1, WAITING)" in shown
    assert "--channel" not in shown, "no flag advice while the user is being asked"
    assert ("select", "Message Anna Petrova (id 1) another way?") in ctx.prompter.asked


def test_interactive_refused_channel_can_be_cancelled(env_stand, wire):
    db.set_thread_status(env_stand.db, 1, "WAITING")
    before = counts(env_stand.db)
    ctx = make_ctx(tty=True, answers=[("select", "Cancel")])
    with pytest.raises(Cancelled):
        run(Options(new=True, channel="whatsapp", phone=ANNA_PHONE, text="hi",
                    tags=("Sales",)), ctx)
    assert not wire.writes and counts(env_stand.db) == before


def test_interactive_thread_with_a_refused_channel_flag_offers_the_usable_ones(env_stand, wire):
    # Clara Schmidt's thread 5 is WAITING: viber is refused, email still reaches her.
    ctx = make_ctx(tty=True, answers=[("select", "email"), ("select", "support@example.com"),
                                      ("text", "Hello"), ("confirm", True)])
    run(Options(thread_id=4, channel="viber", text="hi", tags=("Sales",)), ctx)
    request = sent(wire)
    assert request["path"] == "/api/v1/messages/email"
    assert request["body"]["emailAddress"] == "clara.schmidt@example.org"
    assert "use --channel" not in err(ctx)


def test_without_a_terminal_the_address_case_names_the_right_flags(cli, stand):
    db.set_thread_status(stand.db, 1, "WAITING")
    proc = cli("send", "--new", "--channel", "whatsapp", "--phone", ANNA_PHONE, "-m", "x", *T)
    assert proc.returncode == 5
    assert "has an active thread (#1, WAITING)" in proc.stderr
    assert "use --channel email" not in proc.stderr, "--phone with --channel email is no email"
    assert ("This client can be messaged on: email (pass --email anna.petrova@example.org "
            "--channel email instead of --phone).") in proc.stderr
    assert proc.stderr.count("error:") == 1


# --- 2. no --channel, and the thread's own channel is not usable -----------------------------

def test_no_channel_and_the_threads_channel_disabled_names_the_usable_one(cli, stand):
    before = counts(stand.db)
    proc = cli("send", "--thread", "10", "--text", "hi", *T, input="")
    assert proc.returncode == 5
    assert "Channel telegram is not enabled on this stand" in proc.stderr
    assert "This client can be messaged on: email (pass --channel email)." in proc.stderr
    assert counts(stand.db) == before


def test_no_channel_takes_the_lone_email_only_when_email_flags_are_given(cli, stand):
    proc = cli("send", "--thread", "10", "--sender", "support@example.com", "--subject", "Hi",
               "--text", "hi", *T, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["channelName"] == "email"


# --- 3. input checks that said the wrong thing -------------------------------------------------

@pytest.mark.parametrize(("argv", "needle"), [
    (["--new", "--channel", "whatsapp", "--email", "x@example.com"],
     ("A new client's email is reached over email, not whatsapp; whatsapp needs --phone, "
     "not --email.")),
    (["--channel", "email", "--phone", "+79161234567"],
     "email needs --email, not --phone."),
    (["--channel", "web-chat", "--external-id", "v-1"],
     "web-chat needs --authorised-id, not --external-id."),
    (["--channel", "telegram", "--email", "x@example.com"], "telegram does not reach new clients"),
    (["--channel", "whatsapp", "--phone", "+7 916 123 45 67 ext 5"],
     ("Phone '+7 916 123 45 67 ext 5' has an extension (5); WhatsApp and Viber reach the "
     "number itself, so drop the extension.")),
    (["--channel", "whatsapp", "--phone", "abc"], "'abc' is not a phone number."),
    (["--thread", "14", "--channel", "viber", "--text", ""], "The text (--text) is empty"),
    (["--thread", "14", "--channel", "viber", "--text", "   "], "The text (--text) is empty"),
])
def test_input_mistakes_are_named_before_any_request(env_stand, wire, capsys, argv, needle):
    text = [] if "--text" in argv else ["--text", "x"]
    assert main(["send", *argv, *text, *T]) == 2
    shown = capsys.readouterr().err
    assert needle in shown and shown.count("\n") == 1, shown
    assert "Missing" not in shown and "country code" not in shown
    assert wire.requests == []


def test_empty_text_file_says_so(env_stand, wire, tmp_path, capsys):
    body = tmp_path / "body.txt"
    body.write_text("\n  \n", encoding="utf-8")
    assert main(["send", "--thread", "14", "--channel", "viber", "--text-file", str(body),
                 *T]) == 2
    assert f"--text-file {body} is empty" in capsys.readouterr().err


def test_an_address_flag_implies_new(env_stand, wire):
    run(Options(phone="+79991234567", channel="viber", text="Welcome!", tags=("Sales",),
                yes=True), make_ctx())
    body = sent(wire)["body"]
    assert body["clientApplicationDescriptor"]["deviceAddress"] == "79991234567"


# --- 4. --idempotency-key reused ---------------------------------------------------------------

def test_a_replayed_key_is_not_reported_as_a_new_send(cli, stand):
    argv = ["send", "--thread", "14", "--channel", "viber", *T, "--idempotency-key", "trial-1",
            "-m", "hello"]
    first = cli(*argv, "--json")
    assert first.returncode == 0 and json.loads(first.stdout)["replayed"] is False
    assert "✓ Sent to Julia Novak" in first.stderr
    again = cli(*argv, "--json")
    assert again.returncode == 0, again.stderr
    assert "✓ Already sent earlier with this key (the stand replayed its first answer)" \
        in again.stderr
    assert "✓ Sent" not in again.stderr
    replayed = json.loads(again.stdout)
    assert replayed["replayed"] is True and replayed["id"] == json.loads(first.stdout)["id"]
    piped = cli(*argv)
    assert "Already sent earlier" in piped.stderr and piped.stdout.count("\t") == 2


def test_a_key_reused_for_another_message_says_it_once(cli, stand):
    argv = ["send", "--thread", "14", "--channel", "viber", *T, "--idempotency-key", "trial-2"]
    assert cli(*argv, "-m", "hello").returncode == 0
    other = cli(*argv, "-m", "something else")
    assert other.returncode == 2
    assert other.stderr == ("error: Idempotency-Key trial-2 was already used for another "
                            "message. To send this one, drop --idempotency-key or pass a new "
                            "key.\n")


# --- 5. prompt errors fit one 80-column row -----------------------------------------------------

WHATSAPP = {"id": 1, "type": "WHATSAPP", "name": "WhatsApp", "enabled": True,
            "limits": {"maxAttachmentSize": 16 * 1048576, "maxAttachments": 3,
                       "textMaxLength": 2000,
                       "attachmentTypes": ["image/jpeg", "image/png", "application/pdf",
                                           "audio/mpeg", "audio/ogg", "video/mp4"]}}


def test_prompt_errors_fit_one_row(tmp_path):
    deep = tmp_path / ("d" * 60) / ("a-very-long-file-name-for-a-scan-of-the-contract" * 2)
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text", encoding="utf-8")
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(17 * 1048576)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    attach = checks.attachment_check(WHATSAPP, [str(notes)], required=True)
    verdicts = {
        "type": attach(_copy(notes, tmp_path)),
        "size": attach(str(big)), "missing": attach(str(deep)), "dir": attach(str(tmp_path)),
        "device": attach("/dev/null"), "empty": attach(str(empty)),
        "scheme": attach("ftp://files.example.com/" + "x" * 90 + ".pdf"),
        "twice": attach(str(notes)),
        "text": checks.text_check(WHATSAPP, required=True)("x" * 2001),
        "bcc": checks.bcc_check([], None)("a" * 40 + " b@" + "c" * 40 + ".com"),
        "bcc-own": checks.bcc_check([], "anna@example.org")("anna@example.org"),
        "bcc-twice": checks.bcc_check(["a@example.org"], None)("A@example.org"),
        "bcc-stand": checks.bcc_check([], None)("anna+news@example.org"),
        "var": checks.not_empty("x" * 120)(""),
    }
    for what, verdict in verdicts.items():
        assert isinstance(verdict, str), (what, verdict)
        assert len(verdict) <= SHORT_WIDTH, (what, verdict)
    assert verdicts["type"] == "Wrong type text/plain for whatsapp; see msgclient channels " \
                               "list --json."
    assert verdicts["size"] == "big.pdf is 17 MB; whatsapp takes up to 16 MB."
    assert verdicts["missing"].endswith(" does not exist.") and "…" in verdicts["missing"]
    assert verdicts["device"] == "null is a device, pipe or socket, not a regular file."


def _copy(source, tmp_path) -> str:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(source.read_bytes())
    return str(copy)


def test_phone_and_email_prompt_errors_fit_one_row(env_stand, wire):
    ctx = make_ctx(tty=True)
    phone, email = _address_check(ctx, "phone"), _address_check(ctx, "email")
    for bad in ("12345", "+7 000 123-45-67", "+7 916 123 45 67 ext 12345", "call me " * 12,
                "+999 " + "1" * 40):
        verdict = phone(bad)
        assert isinstance(verdict, str) and len(verdict) <= SHORT_WIDTH, verdict
        assert bad.strip() not in verdict, "the prompt does not echo what was just typed"
        assert not verdict.endswith("…"), verdict
    assert phone("+7 916 123 45 67 ext 5") == ("It has an extension (5); drop it: messengers "
                                              "reach the number itself.")
    for bad in ("x" * 70 + "@", "a b@" + "c" * 60 + ".com", "anna+tag@example.com"):
        verdict = email(bad)
        assert isinstance(verdict, str) and len(verdict) <= SHORT_WIDTH, verdict


def test_the_final_error_keeps_the_long_form(env_stand, wire, tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text", encoding="utf-8")
    assert main(["send", "--thread", "13", "--channel", "whatsapp", "--attach", str(notes),
                 *T]) == 5
    assert ("Attachment notes.txt has type text/plain; channel whatsapp accepts image/jpeg, "
            "image/png, application/pdf, audio/mpeg, audio/ogg, video/mp4.") \
        in capsys.readouterr().err


# --- 6. wording -------------------------------------------------------------------------------

@pytest.mark.parametrize(("extra", "needle"), [
    (["--bcc", "a@example.com"], "error: BCC applies to email only.\n"),
    (["--sender", "support@example.com", "--bcc", "a@example.com"],
     "error: A sender and BCC apply to email only.\n"),
])
def test_email_only_flags_on_viber(env_stand, wire, capsys, extra, needle):
    assert main(["send", "--thread", "14", "--channel", "viber", "-m", "x", *extra, *T]) == 2
    assert capsys.readouterr().err == needle


def test_mailbox_choices_have_no_doubled_parentheses(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("select", "sales@example.com"), ("text", "Hi"),
                                      ("confirm", True)])
    run(Options(thread_id=15, channel="email", text="x", tags=("Sales",)), ctx)
    assert [(c.label, c.disabled) for c in ctx.prompter.offered] == [
        ("support@example.com — Customer Support", None),
        ("sales@example.com — Sales Team", None),
        ("noreply@example.com — Notifications (no reply)", "disabled")]


# --- 7. phone numbers as people read them ------------------------------------------------------

def test_phones_are_shown_with_plus_and_sent_as_digits(env_stand, wire):
    ctx = make_ctx(tty=True, answers=[("confirm", True)])
    run(Options(new=True, channel="viber", phone="+4915123456789", text="hi",
                tags=("Sales",)), ctx)
    body = sent(wire)["body"]
    assert body["clientApplicationDescriptor"]["deviceAddress"] == "4915123456789"
    shown = re.sub(r"\x1b\[[0-9;]*m", "", err(ctx))  # a pretend terminal gets Rich's styles
    assert "New client +49 1512 3456789: not known to this stand yet" in shown
    assert "To:   +49 1512 3456789 (new client) via viber" in shown  # the preview, once
    assert "Address:" not in shown
    assert "✓ Sent to +49 1512 3456789 (new client id" in shown
    assert "4915123456789" not in shown


def test_the_owner_of_a_known_number_is_named_with_the_number_in_plus_form(cli, stand):
    proc = cli("send", "--channel", "viber", "--phone", "+420601234510", "-m", "x", *T,
               "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "+420 601 234 510 belongs to client Julia Novak (id 10)" in proc.stderr
    assert '"deviceAddress": "420601234510"' in proc.stdout
