"""The bad-input corpus: each case ends with a clear message and the right exit code, and
nothing is sent. Proof of "nothing on the wire": the recorder around msgclient's HTTP client
sees no send and no upload (for purely local mistakes, no request at all), and the stand's
message, thread, client and file tables are unchanged.
"""

from __future__ import annotations

import pytest

from msgclient.__main__ import main
from tests.commands.send.conftest import counts

T = ["--tag", "Sales", "--yes"]
VIBER = ["--thread", "14", "--channel", "viber"]  # Julia Novak: whatsapp, viber, email usable
MAIL = ["--thread", "15", "--channel", "email", "--sender", "support@example.com",
        "--subject", "Hello"]

# (id, argv with {file} placeholders, exit code, words the message must contain, offline)
CASES = [
    ("unknown-channel", [*VIBER[:2], "--channel", "fax", "-m", "hi", *T], 2,
     "Unknown channel 'fax'", False),
    ("missing-file", [*VIBER, "--attach", "{dir}/nope.pdf", *T], 2, "does not exist", True),
    ("directory", [*VIBER, "--attach", "{dir}", *T], 2, "is a directory", True),
    ("device-file", [*VIBER, "--attach", "/dev/null", *T], 2, "not a regular file", True),
    ("empty-file", [*VIBER, "--attach", "{empty}", *T], 2, "is empty", True),
    ("ftp-url", [*VIBER, "--attach", "ftp://example.com/a.pdf", *T], 2,
     "neither a local file nor an http(s) URL", True),
    ("oversize", [*VIBER, "--attach", "{big}", *T], 5, "channel viber accepts files up to 25 MB",
     False),
    ("forbidden-type", [*VIBER, "--attach", "{gif}", *T], 5, "has type image/gif", False),
    ("type-from-content", [*VIBER, "--attach", "{exe_as_pdf}", *T], 5,
     "has type application/x-msdownload", False),
    ("too-many-attachments", [*VIBER, "--attach", "{pdf}", "--attach", "{pdf2}", *T], 5,
     "accepts at most 1 per message", False),
    ("template-wrong-channel", [*VIBER, "--template", "order_ready", "--var", "name=A",
                                "--var", "order=1", *T], 5, "is a whatsapp template", False),
    ("template-on-email", [*MAIL, "--template", "order_ready", "--var", "name=A",
                           "--var", "order=1", *T], 5, "only over WhatsApp or Viber", False),
    ("template-missing-var", ["--thread", "13", "--channel", "whatsapp", "--template",
                              "order_ready", "--var", "name=A", *T], 2, "(--var order=VALUE)",
     False),
    ("template-unknown-var", ["--thread", "13", "--channel", "whatsapp", "--template",
                              "welcome_back", "--var", "name=A", "--var", "bogus=1", *T], 5,
     "is a viber template", False),
    ("template-extra-var", [*VIBER, "--template", "welcome_back", "--var", "name=A",
                            "--var", "bogus=1", *T], 2, "unknown: bogus", False),
    ("unknown-template", [*VIBER, "--template", "nope", *T], 2, "Unknown template 'nope'", False),
    ("title-without-template", [*VIBER, "-m", "hi", "--title", "T", *T], 2, "need a template",
     False),
    ("title-too-long", [*VIBER, "--template", "welcome_back", "--var", "name=A", "--title",
                        "x" * 61, *T], 2, "at most 60", False),
    ("unknown-tag", [*VIBER, "-m", "hi", "--tag", "Nope", "--yes"], 2,
     "Tag 'Nope' is not a tag on this stand", False),
    ("tags-required", [*VIBER, "-m", "hi", "--yes"], 2,
     "Missing a tag, which this stand requires (--tag PATH", False),
    ("text-too-long", [*VIBER, "-m", "x" * 2001, *T], 2, "at most 2000 are allowed", False),
    ("non-utf8-file", [*VIBER, "--text-file", "{cp1251}", *T], 2, "is not UTF-8 text", True),
    ("text-file-missing", [*VIBER, "--text-file", "{dir}/none.txt", *T], 2, "does not exist",
     True),
    ("blank-text", [*VIBER, "-m", "   ", *T], 2, "The text (--text) is empty", True),
    ("text-and-text-file", [*VIBER, "-m", "a", "--text-file", "{pdf}", *T], 2, "not both", True),
    ("template-and-text", [*VIBER, "-m", "a", "--template", "welcome_back", *T], 2,
     "carries no free text", True),
    ("no-yes-without-terminal", [*VIBER, "-m", "hi", "--tag", "Sales"], 2,
     "Missing the confirmation (--yes)", False),
    ("invalid-phone", ["--new", "--channel", "whatsapp", "--phone", "12345", "-m", "x", *T], 2,
     "'12345' is not a valid phone number", True),
    ("invalid-email", ["--new", "--email", "a@b", "--sender", "1", "--subject", "s", "-m", "x",
                       *T], 2, "'a@b' is not a valid email address", True),
    ("email-edna-rejects", ["--new", "--email", "a+b@example.com", "--sender", "1",
                            "--subject", "s", "-m", "x", *T], 2,
     "not an email address the stand accepts", True),
    ("bad-bcc", [*MAIL, "--bcc", "not-an-address", "-m", "x", *T], 2,
     "'not-an-address' is not a valid email address", True),
    ("duplicate-bcc", [*MAIL, "--bcc", "a@example.com", "--bcc", "A@example.com", "-m", "x",
                       *T], 2, "is given twice", True),
    ("bcc-is-the-client", [*MAIL, "--bcc", "julia.novak@example.org", "-m", "x", *T], 2,
     "the client's own address", False),
    ("unknown-sender", [*MAIL[:4], "--sender", "nobody@example.com", "--subject", "s", "-m",
                        "x", *T], 2, "Mailbox nobody@example.com does not exist", False),
    ("disabled-sender", [*MAIL[:4], "--sender", "noreply@example.com", "--subject", "s", "-m",
                         "x", *T], 2, "Mailbox noreply@example.com is disabled", False),
    ("email-without-subject", [*MAIL[:6], "-m", "x", *T], 2, "Missing the subject (--subject)",
     False),
    ("subject-on-viber", [*VIBER, "--subject", "Hi", "-m", "x", *T], 2,
     "A subject applies to email only", False),
    ("thread-and-new", ["--thread", "14", "--new", "--phone", "+79161234567", "-m", "x", *T], 2,
     "Pass one or the other", True),
    ("phone-implies-new", ["--phone", "+79161234567", "-m", "x", *T], 2,
     "Missing the channel (--channel whatsapp or viber)", False),
    ("app-without-id", ["--new", "--app", "shop", "-m", "x", *T], 2, "--app marks", True),
    ("phone-on-telegram", ["--new", "--channel", "telegram", "--phone", "+79161234567", "-m",
                           "x", *T], 2, "reached over whatsapp or viber, not telegram", False),
    ("phone-on-web-widget", ["--new", "--channel", "web-widget", "--phone", "+79161234567",
                             "-m", "x", *T], 2, "not web-widget", False),
    ("unknown-thread", ["--thread", "99999", "-m", "x", *T], 1, "Thread 99999 does not exist",
     False),
]


@pytest.fixture
def files(tmp_path):
    made = {"dir": tmp_path}
    (tmp_path / "empty.pdf").write_bytes(b"")
    made["empty"] = tmp_path / "empty.pdf"
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(26 * 1024 * 1024)  # sparse: 26 MB on paper, nothing on disk
    made["big"] = big
    for name, data in {"gif": b"GIF89a\x01\x00\x01\x00", "exe_as_pdf": b"MZ\x90\x00" + b"\0" * 60,
                       "pdf": b"%PDF-1.4 one", "pdf2": b"%PDF-1.4 two",
                       "cp1251": "Здравствуйте".encode("cp1251")}.items():
        path = tmp_path / {"gif": "pic.gif", "exe_as_pdf": "invoice.pdf", "cp1251": "body.txt"
                           }.get(name, f"{name}.pdf")
        path.write_bytes(data)
        made[name] = path
    return made


def test_the_corpus_is_big_enough():
    assert len(CASES) >= 25
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("argv", "code", "needle", "offline"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_and_nothing_is_sent(env_stand, wire, files, capsys, argv, code,
                                                  needle, offline):
    argv = [a.format(**files) for a in argv]
    before = counts(env_stand.db)
    assert main(["send", *argv]) == code
    captured = capsys.readouterr()
    assert needle in captured.err, captured.err
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert wire.writes == [], "no send and no upload left msgclient"
    if offline:
        assert wire.requests == [], "a local mistake costs no request at all"
    assert counts(env_stand.db) == before
