"""A send whose answer is not what the contract says: the message went out, the answer is
unreadable. msgclient says the outcome is unknown and how to retry safely (single send), and
classifies the row `unknown` (bulk), never "✓ Sent ... thread None"."""

from __future__ import annotations

import csv
import json

import pytest

from msgclient.__main__ import main
from tests.bulk.conftest import phone_rows, phones
from tests.commands.send.conftest import counts
from tests.lying_stand import LyingStand

T = ["--tag", "Sales", "--yes"]


SENT = {"id": 9, "threadId": 8, "clientId": 7, "clientExternalId": None, "agentId": 1}


@pytest.fixture(params=[(200, b"", "application/json"),
                        (200, b"<html><body>OK</body></html>", "text/html"),
                        (200, json.dumps({**SENT, "id": "m-1"}).encode(), "application/json"),
                        (200, json.dumps({**SENT, "threadId": [8]}).encode(), "application/json"),
                        (202, json.dumps(SENT).encode(), "application/json"),
                        (200, b"[" * 100_000 + b"]" * 100_000, "application/json")],
                ids=["empty", "html", "id-is-text", "thread-is-a-list", "http-202", "deep"])
def lying(request, stand, monkeypatch):
    status, body, ctype = request.param
    proxy = LyingStand(stand.url, status, body, ctype)
    monkeypatch.setenv("MSGCLIENT_URL", proxy.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    yield proxy
    proxy.close()


def test_send_says_the_outcome_is_unknown(lying, stand, capsys):
    before = counts(stand.db)
    code = main(["--json", "send", "--thread", "6", "-m", "hi", "--channel", "viber", *T])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "outcome of the send is unknown" in err and "It may have been sent" in err
    assert "Sent" not in err and "None" not in err
    assert counts(stand.db)["messages"] == before["messages"] + 1  # it did go out, once


def test_bulk_classifies_the_row_unknown(lying, stand, tmp_path, capsys):
    rows = phone_rows(tmp_path / "in.csv", phones(2, offset=900))
    report = tmp_path / "report.csv"
    code = main(["--json", "bulk", "run", str(rows), "--channel", "viber", "--text", "Hi",
                 "--tag", "Sales", "--yes", "--report", str(report)])
    summary = json.loads(capsys.readouterr().out)
    assert code == 3 and (summary["sent"], summary["unknown"]) == (0, 2)
    with report.open(encoding="utf-8") as fh:
        assert {(r["state"], r["code"]) for r in csv.DictReader(fh)} == {
            ("unknown", "UNEXPECTED_ANSWER")}
