"""The do-not-contact list and the ledger against both personalities, through the CLI."""

from __future__ import annotations

import json

from msgclient.files.stand import stand_db
from tests.commands.send.conftest import counts
from tests.e2e.test_two_stands import session  # noqa: F401 - the two-personality fixture

VIBER = ("--channel", "viber", "--text", "Hello")


def test_a_phone_written_another_way_is_refused_by_send_and_bulk(session, tmp_path,  # noqa: F811
                                                                 monkeypatch):
    monkeypatch.setenv("MSGCLIENT_DEFAULT_REGION", "RU")
    assert session.run("suppress", "add", "--phone", "+7 900 111-22-33",
                       "--reason", "asked by phone") == 0, session.err
    assert session.send("--new", "--phone", "79001112233", *VIBER) == 5
    assert "do-not-contact list since" in session.err and "(asked by phone)" in session.err
    rows = tmp_path / "rows.csv"
    rows.write_text("phone,channel,text\n8 900 111 22 33,viber,Hi\n+79990001122,viber,Hi\n")
    assert session.run("bulk", "run", str(rows), "--dry-run") != 0
    assert "line 2: phone:+79001112233 is on the do-not-contact list" in session.err
    assert "1 valid; 1 invalid" in session.err
    before = counts(session.stand.db)
    assert session.run("bulk", "run", str(rows), "--yes", "--skip-invalid", "--json") == 0
    assert json.loads(session.out)["sent"] == 1
    assert counts(session.stand.db)["messages"] == before["messages"] + 1


def test_an_email_in_capitals_is_refused_and_so_is_its_clients_thread(session):  # noqa: F811
    assert session.run("suppress", "add", "--email", "Anna.Petrova@Example.org",
                       "--reason", "opt-out") == 0
    assert session.run("--json", "suppress", "list") == 0
    [entry] = json.loads(session.out)
    assert (entry["recipient"], entry["reason"]) == ("email:anna.petrova@example.org", "opt-out")
    assert session.send("--new", "--email", "anna.petrova@example.org", "--sender", "1",
                        "--subject", "Hi", "--text", "Hello") == 5
    if not session.edna:  # the full stand's profile names Anna's email for her thread
        assert session.send("--thread", "1", "--channel", "whatsapp", "--text", "Hi") == 5
    assert session.run("suppress", "remove", "--email", "ANNA.petrova@example.org") == 0
    assert session.send("--new", "--email", "anna.petrova@example.org", "--sender", "1",
                        "--subject", "Hi", "--text", "Hello") == 0


def test_the_ledger_holds_single_sends_and_bulk_rows(session, tmp_path):  # noqa: F811
    assert session.send("--new", "--phone", "+79990001122", *VIBER) == 0
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,channel,text\n1,whatsapp,Hello\n6,viber,Hello\n")
    assert session.run("bulk", "run", str(rows), "--yes", "--json", "--run-id", "r1") == 0
    log = session.json("log", "show")
    assert "only what this install" in log["note"]
    sends = log["sends"]
    assert [s["recipient"] for s in sends][:1] == ["phone:+79990001122"]
    assert [s["outcome"] for s in sends] == ["sent"] * len(sends)
    bulk = session.json("log", "show", "--run", "r1")["sends"]
    assert len(bulk) == 2 and len(sends) == 3, sends
    assert all(s["run_id"] == "r1" and s["message_id"] and s["stand"] for s in bulk)
    out = tmp_path / "sends.jsonl"
    assert session.run("log", "export", "--format", "jsonl", "-o", str(out)) == 0
    assert len(out.read_text().splitlines()) == len(sends)
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_damaged_ledger_is_refused_and_nothing_is_sent(session):  # noqa: F811
    assert session.run("suppress", "add", "--external-id", "app-77", "--reason", "x") == 0
    [path] = (stand_db("ledger", "x").parent).glob("*.db")
    assert path.stat().st_mode & 0o777 == 0o600
    path.write_bytes(b"this is not a database" * 300)
    code = session.send("--new", "--channel", "mobile-app", "--authorised-id", "app-77",
                        "--text", "Hello")
    assert code != 0 and "ledger" in session.err and "cannot be used" in session.err
    assert len(session.err.strip().splitlines()) == 1
    assert session.run("suppress", "list") != 0
