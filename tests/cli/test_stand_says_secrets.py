"""Whatever a stand says is scrubbed of every credential msgclient holds before it is shown,
logged or written (issue: hostile inputs round three, class 4). A stand double quotes the token
or the password back in every place an answer has: an error message, a field of a 200 answer,
JSON escapes, a header, a redirect; and a real run keeps it out of its journal and report.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from msgclient.__main__ import main
from msgclient.api import redact
from msgclient.api.client import ApiClient
from msgclient.api.errors import ApiError, NetworkError
from msgclient.api.retry import RetryPolicy
from tests.api.contract_answers import thread
from tests.api.scripted_server import Reply, ScriptedServer
from tests.bulk.conftest import phone_rows, phones
from tests.lying_stand import LyingStand

TOKEN = "tok-7f3a9c2e51b84d06"
PASSWORD = "Hunter2secret"


def _escaped(text: str) -> str:
    """The text as JSON may spell it: every character a \\u escape."""
    return "".join(f"\\u{ord(ch):04x}" for ch in text)


@pytest.fixture
def double():
    made = []

    def make(*replies, default=None):
        server = ScriptedServer(list(replies), default=default)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


ASKED = "{Authorization}"  # the stand double quotes the request's own header back (echo)


@pytest.mark.parametrize("reply", [
    Reply(400, {"message": f"header Authorization: {ASKED} rejected"}, echo=True),
    Reply(403, {"message": f"token {ASKED} may not", "error": ASKED}, echo=True),
    Reply(500, raw=('{"message": "bad token ' + _escaped(TOKEN) + '"}').encode()),
    Reply(404, {"message": "no", "requestId": ASKED}, echo=True),
    Reply(400, {"code": "VALIDATION", "message": "x"}, headers={"X-Request-Id": ASKED},
          echo=True),
    Reply(302, None, {"Location": f"https://login.example/?t={ASKED}"}, echo=True),
    Reply(200, raw=b"<html/>", headers={"Content-Type": f"text/html; t={ASKED}"}, echo=True),
], ids=["400-message", "403-error", "json-escaped", "request-id-body", "request-id-header",
        "redirect", "content-type"])
def test_an_error_quoting_the_token_never_carries_it(double, reply):
    server = double(reply)
    client = ApiClient(server.url, token=lambda: TOKEN, policy=RetryPolicy(attempts=1))
    with pytest.raises((ApiError, NetworkError)) as info:
        client.get("/api/v1/threads/1")
    error = info.value
    said = " ".join(str(x) for x in (error.message, error.hint, getattr(error, "request_id", ""),
                                     getattr(error, "details", "")))
    assert TOKEN not in said and server.requests[0]["headers"]["Authorization"].endswith(TOKEN)


def test_a_200_answer_quoting_the_token_is_scrubbed_before_it_is_read(double):
    server = double(Reply(200, thread(clientName=f"Bearer {TOKEN}", info={TOKEN: TOKEN})))
    client = ApiClient(server.url, token=lambda: TOKEN)
    data = client.get("/api/v1/threads/1")
    assert data["clientName"] == "Bearer ***" and data["info"] == {"***": "***"}


def _cli(server, monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("MSGCLIENT_URL", server.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", TOKEN)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_issues_example_is_one_line_without_the_token(double, monkeypatch, capsys):
    server = double(default=Reply(400, {"message": f"header Authorization: {ASKED} rejected"},
                                  echo=True))
    code, out, err = _cli(server, monkeypatch, capsys, "threads", "show", "1")
    assert code == 2 and err.strip() == ("error: header Authorization: Bearer *** rejected.")


def test_the_debug_log_and_traceback_never_show_it(double, monkeypatch, capsys):
    server = double(default=Reply(403, {"message": f"not for {ASKED}"}, echo=True))
    code, out, err = _cli(server, monkeypatch, capsys, "--debug", "threads", "show", "1")
    assert code == 4 and "Traceback" in err and "< 403" in err  # the log and traceback are there
    assert TOKEN not in err + out


def test_a_password_the_stand_quotes_back_is_masked(double, monkeypatch, capsys):
    server = double(Reply(400, {"message": f"password {PASSWORD} is wrong for anna"}))
    monkeypatch.setenv("MSGCLIENT_URL", server.url)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    code = main(["auth", "login", "--login", "anna", "--password-stdin"])
    err = capsys.readouterr().err
    assert code == 2 and PASSWORD not in err and "password *** is wrong" in err


def test_a_bulk_runs_journal_and_report_never_hold_it(stand, tmp_path, monkeypatch, capsys,
                                                      isolated_home):
    body = json.dumps({"message": f"header Authorization: Bearer {stand.token} rejected"})
    proxy = LyingStand(stand.url, 400, body.encode())
    try:
        monkeypatch.setenv("MSGCLIENT_URL", proxy.url)
        monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
        rows = phone_rows(tmp_path / "in.csv", phones(2, offset=950))
        report = tmp_path / "report.csv"
        code = main(["bulk", "run", str(rows), "--channel", "viber", "--text", "Hi", "--tag",
                     "Sales", "--yes", "--report", str(report), "--run-id", "leak"])
    finally:
        proxy.close()
    out, err = capsys.readouterr()
    assert code == 0, err  # refused rows: the stand's last word
    assert "Bearer ***" in report.read_text()
    journal = isolated_home / ".local/state/msgclient/runs/leak/journal.db"
    with sqlite3.connect(journal) as conn:
        dumped = "\n".join(conn.iterdump())
    assert "rejected" in dumped and stand.token not in dumped
    assert stand.token not in report.read_text() + out + err


def test_the_scrub_masks_the_longest_secret_first_and_skips_tiny_ones():
    redact.hold("abcd1234")
    redact.hold("abcd1234-and-more")
    redact.hold("ab")
    assert redact.scrub("x abcd1234-and-more abcd1234 ab") == "x *** *** ab"
