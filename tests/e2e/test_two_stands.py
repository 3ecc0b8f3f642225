"""The core steps of a supervisor's session against both personalities of the sandbox stand.

`full` serves msgclient's extensions; `edna` serves only what edna documents, like a
customer's stand. Starting from `config init` + `auth login --password-stdin`, each step
ends the same on both, or on edna in the documented refusal that names what the stand
cannot do. Every difference is asserted, none is skipped. In-process through main([...]).
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from msgclient.__main__ import main
from msgclient.sandbox import embedded as sandbox_link
from msgclient.sandbox.edna.documented import undocumented
from msgclient.sandbox.embedded import login
from msgclient.sandbox.server import start_in_thread
from msgclient.sandbox.store import db
from msgclient.sandbox.store.day import advance
from tests.commands.send.conftest import counts
from tests.conftest import start_stand, stop_later

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config.example.yaml"


@pytest.fixture(params=["full", "edna"])
def session(request, tmp_path, seeded_db, monkeypatch, capsys):
    """A stand of one personality and a profile for it made as a new user would."""
    stand = start_stand(tmp_path, seeded_db, api=request.param)
    # Mandatory tags are a setting of the full stand that edna's API cannot express: the
    # steps below compare like with like, and test_mandatory_tags shows the difference.
    db.set_setting(stand.db, "mandatoryTags", False)
    config = tmp_path / "config.yaml"
    monkeypatch.setenv("MSGCLIENT_CONFIG", str(config))
    s = Session(request.param, stand, capsys, monkeypatch)
    assert s.run("config", "init", "--profile", "mine", "--url", stand.url,
                 "--login", "supervisor") == 0
    # The lists a docs-only stand cannot give, copied from config.example.yaml as the
    # README says; a full stand ignores them.
    data = yaml.safe_load(config.read_text())
    example = yaml.safe_load(EXAMPLE.read_text())["profiles"]["prod"]
    data["profiles"]["mine"].update({k: example[k] for k in
                                     ("channels", "mailboxes", "tags", "templates")})
    config.write_text(yaml.safe_dump(data))
    monkeypatch.setattr("sys.stdin", io.StringIO("supervisor"))
    assert s.run("auth", "login", "--password-stdin") == 0, s.err
    assert "as supervisor (SUPERVISOR)" in s.err
    yield s
    stop_later(stand.running)


class Session:
    def __init__(self, api, stand, capsys, monkeypatch):
        self.api, self.stand, self.capsys = api, stand, capsys
        self.monkeypatch = monkeypatch
        self.out = self.err = ""

    @property
    def edna(self) -> bool:
        return self.api == "edna"

    def run(self, *argv: str) -> int:
        code = main(list(argv))
        captured = self.capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        assert "Traceback" not in self.err
        return code

    def json(self, *argv: str):
        assert self.run("--json", *argv) == 0, self.err
        return json.loads(self.out)

    def send(self, *argv: str) -> int:
        before = counts(self.stand.db)
        code = self.run("send", *argv, "--yes")
        if code == 0:
            assert "✓ Sent" in self.err
            assert counts(self.stand.db) != before
        else:
            assert self.err.startswith("error: "), self.err
            assert counts(self.stand.db) == before, "a refused send leaves the stand untouched"
        return code


def closed_newest_first(stand) -> list[int]:
    conn = sqlite3.connect(stand.db)
    try:
        return [r[0] for r in conn.execute(
            "SELECT id FROM threads WHERE status = 'CLOSED' "
            "ORDER BY state_change_time DESC, id DESC")]
    finally:
        conn.close()


def last_message(stand) -> dict:
    conn = sqlite3.connect(stand.db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM messages ORDER BY id DESC LIMIT 1").fetchone())
    finally:
        conn.close()


def delivered(stand) -> dict:
    """The newest message with the channel it went over and the client of its thread."""
    conn = sqlite3.connect(stand.db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute(
            "SELECT m.direction, m.text, m.email AS mail, ch.type AS channel, c.phone, c.email, "
            "c.external_id FROM messages m JOIN channels ch ON ch.id = m.channel_id "
            "JOIN threads t ON t.id = m.thread_id JOIN clients c ON c.id = t.client_id "
            "ORDER BY m.id DESC LIMIT 1").fetchone())
    finally:
        conn.close()


def test_auth_status_names_the_account(session):
    assert session.run("auth", "status") == 0
    assert "as supervisor (SUPERVISOR)" in session.err


def test_threads_list_is_newest_close_first(session):
    shown = [t["id"] for t in session.json("threads", "list", "--limit", "30")]
    assert shown == closed_newest_first(session.stand)[:30]
    every = session.json("threads", "list", "--all")
    assert [t["id"] for t in every] == closed_newest_first(session.stand)


def test_threads_list_filters(session):
    viber = session.json("threads", "list", "--all", "--channel", "viber", "--agent", "agent3")
    assert viber and all(t["channel"] == 2 and "agent3" in (t["lastAgentLogin"],
                                                             t["currentAgentLogin"])
                         for t in viber)
    everything = session.json("threads", "list", "--all", "--status", "all")
    assert len(everything) > len(closed_newest_first(session.stand))


def test_threads_show(session):
    shown = session.json("threads", "show", "1")
    assert shown["thread"]["id"] == 1 and shown["client"]["fullName"] == "Anna Petrova"
    usable = {c["name"] for c in shown["channels"] if c["available"]}
    assert {"whatsapp", "email"} <= usable
    texts = [m["text"] for m in shown["messages"]]
    conn = sqlite3.connect(session.stand.db)
    try:
        stored = [t for (t,) in conn.execute("SELECT text FROM messages WHERE thread_id = 1 "
                                             "ORDER BY id")]
    finally:
        conn.close()
    assert texts == stored and len(texts) >= 2
    assert all(m["direction"] in ("INCOMING", "OUTGOING") and m["createdAt"]
               for m in shown["messages"])
    if session.edna:  # edna's bot API: who wrote and when, nothing more
        assert {m["authorType"] for m in shown["messages"]} == {"CLIENT", "OPERATOR"}
    assert session.run("threads", "show", "1") == 0
    assert f"History ({len(texts)} messages)" in session.out


def test_history_a_stand_keeps_from_this_account_is_not_shown_and_not_a_login(session):
    db.set_setting(session.stand.db, "botHistoryForStaff", False)
    session.stand.running.request_log.clear()
    shown = session.json("threads", "show", "1")
    if not session.edna:  # the history extension is the full stand's own
        assert shown["messages"]
        return
    assert shown["messages"] is None  # not shown, which is not "no messages"
    assert session.run("threads", "show", "1") == 0
    assert "History not shown: this stand does not show a thread's messages to this " \
        "account." in session.out and "auth login" not in session.err
    asked = [e for e in session.stand.running.request_log
             if e["path"] == "/api/v1/chatbot/messages"]
    assert [e["status"] for e in asked] == [403], "tried once, the answer kept"
    assert session.json("stand", "show")["botHistory"] is False


def test_send_to_a_closed_thread(session):
    assert session.send("--thread", "1", "--channel", "whatsapp", "--text", "Your order") == 0
    assert "via whatsapp" in session.err
    assert last_message(session.stand)["text"] == "Your order"


@pytest.mark.parametrize(("argv", "words"), [
    (["--thread", "5", "--channel", "viber"], "not closed"),
    (["--thread", "3", "--channel", "whatsapp"], "is blocked"),
    (["--thread", "11", "--channel", "whatsapp"], "has an active thread"),
    (["--thread", "10", "--channel", "telegram"], "not enabled"),
])
def test_every_rule_refusal(session, argv, words):
    assert session.send(*argv, "--text", "hi") == 5
    assert words in session.err


def test_email_with_sender_and_subject(session):
    assert session.send("--thread", "1", "--channel", "email", "--sender", "sales@example.com",
                        "--subject", "Your refund", "--text", "Done.") == 0
    outbox = list(session.stand.outbox.glob("*.eml"))
    assert len(outbox) == 1 and "anna.petrova@example.org" in outbox[0].read_text()


def test_bcc_is_sent_or_refused_plainly(session):
    code = session.send("--thread", "1", "--channel", "email", "--sender", "1",
                        "--subject", "Hi", "--text", "x", "--bcc", "team@example.com")
    if session.edna:
        assert code == 2 and "This stand cannot send BCC copies of an email" in session.err
    else:
        assert code == 0 and json.loads(last_message(session.stand)["email"])["bcc"] == [
            "team@example.com"]


@pytest.mark.parametrize(("argv", "channel", "client"), [
    (["--channel", "viber", "--phone", "+79990001122"], "VIBER", {"phone": "79990001122"}),
    (["--email", "new.person@example.net", "--sender", "1", "--subject", "Hi"], "EMAIL",
     {"email": "new.person@example.net"}),
    (["--channel", "mobile-app", "--client-id", "app-77"], "MOBILE", {"external_id": "app-77"}),
], ids=["viber", "email", "mobile-app"])
def test_new_clients(session, argv, channel, client):
    before = counts(session.stand.db)
    assert session.send("--new", *argv, "--text", "Hello") == 0
    after = counts(session.stand.db)
    assert (after["clients"], after["threads"]) == (before["clients"] + 1, before["threads"] + 1)
    message = delivered(session.stand)
    assert (message["direction"], message["channel"], message["text"]) == (
        "OUTGOING", channel, "Hello")
    assert {key: message[key] for key in client} == client  # the new client is who it reached
    if channel == "EMAIL":  # from the asked mailbox with the asked subject
        assert json.loads(message["mail"]) == {"from": "support@example.com", "subject": "Hi",
                                               "to": "new.person@example.net", "bcc": []}
        [eml] = session.stand.outbox.glob("*.eml")
        assert "To: new.person@example.net" in eml.read_text()


def test_a_known_email_address_is_known_where_the_stand_can_say(session):
    assert session.send("--new", "--email", "anna.petrova@example.org", "--sender", "1",
                        "--subject", "Hi", "--text", "Hello") == 0
    if session.edna:
        assert "new client" not in session.err  # it cannot say, so it does not claim
    else:
        assert "Anna Petrova" in session.err


def test_template_is_sent_or_refused_plainly(session):
    code = session.send("--thread", "22", "--channel", "whatsapp", "--template", "order_ready",
                        "--var", "name=Yuki", "--var", "order=7")
    if session.edna:
        assert code == 2 and "cannot send WhatsApp or Viber templates" in session.err
    else:
        assert code == 0
        sent = json.loads(last_message(session.stand)["template"])
        assert (sent["name"], sent["variables"]) == ("order_ready", {"name": "Yuki", "order": "7"})


def test_tags_are_sent_or_refused_plainly(session):
    code = session.send("--thread", "1", "--channel", "whatsapp", "--text", "hi",
                        "--tag", "Sales")
    if session.edna:
        assert code == 2 and "cannot tag an outgoing message" in session.err
    else:
        assert code == 0
        sales = next(t["id"] for t in session.stand.get("/api/v1/tags") if t["path"] == "Sales")
        assert json.loads(last_message(session.stand)["tags"]) == [str(sales)]  # stored as text


def test_a_channel_the_client_never_used_is_refused_by_the_rule(session):
    # Anna wrote over WhatsApp and email only. A full stand lists her threads; on edna's the
    # local index holds them (it holds the whole small stand): msgclient refuses first on both.
    session.stand.running.request_log.clear()
    code = session.send("--thread", "1", "--channel", "viber", "--text", "hi")
    sends = [e for e in session.stand.running.request_log
             if e["path"].startswith("/api/v1/messages/")]
    assert code == 5 and session.err.count("\n") == 1, session.err
    assert "never used viber" in session.err and not sends


def sent_as(stand) -> dict:
    """The newest message: who it was sent as, over which channel type, as the stand recorded."""
    conn = sqlite3.connect(stand.db)
    try:
        login, channel, recorded = conn.execute(
            "SELECT u.login, ch.type, m.sent_as FROM messages m JOIN users u ON u.id = "
            "m.author_id JOIN channels ch ON ch.id = m.channel_id ORDER BY m.id DESC "
            "LIMIT 1").fetchone()
    finally:
        conn.close()
    return {"login": login, "channel": channel,
            "sentAs": json.loads(recorded) if recorded else None}


def supervisor_status(stand) -> str:
    conn = sqlite3.connect(stand.db)
    try:
        return conn.execute("SELECT status FROM users WHERE login = 'supervisor'").fetchone()[0]
    finally:
        conn.close()


def test_a_send_over_a_chosen_channel_goes_in_the_supervisors_name(session):
    # Thread 13 came in on WhatsApp; Julia also wrote over Viber (thread 14).
    session.stand.running.request_log.clear()
    assert session.send("--thread", "13", "--channel", "viber", "--text", "Your refund") == 0
    assert "via viber" in session.err
    sends = [(e["path"], e["body"]) for e in session.stand.running.request_log
             if e["path"].startswith("/api/v1/messages/")]
    recorded = sent_as(session.stand)
    assert (recorded["login"], recorded["channel"]) == ("supervisor", "VIBER")
    if session.edna:  # edna's documented way to name the channel, in the supervisor's name
        assert sends == [("/api/v1/messages/outgoing-from-myself",
                          ["threadsClientId", "login", "channelType", "status", "text"])]
        assert recorded["sentAs"] == {"login": "supervisor", "channelType": "VIBER",
                                      "status": "OUTGOING"}
        assert "Sent as supervisor; your status in the workplace is now OUTGOING." in \
            session.err
        assert supervisor_status(session.stand) == "OUTGOING"  # as the supervisor was
    else:
        assert sends == [("/api/v1/messages/outgoing", ["threadId", "text", "channel"])]
        assert recorded["sentAs"] is None


def test_a_dry_run_never_changes_the_supervisors_status(session):
    session.monkeypatch.setenv("MSGCLIENT_AGENT_STATUS", "READY")
    before = counts(session.stand.db)
    assert session.run("send", "--thread", "13", "--channel", "viber", "--text", "Hi",
                       "--dry-run") == 0, session.err
    assert counts(session.stand.db) == before
    assert supervisor_status(session.stand) == "OUTGOING"
    if not session.edna:  # the full stand takes the channel in /outgoing: no status travels
        assert "/api/v1/messages/outgoing\n" in session.out and '"status"' not in session.out
        return
    assert "/api/v1/messages/outgoing-from-myself" in session.out
    assert '"status": "READY"' in session.out
    assert "Sending it would leave your status in the workplace READY (agent_status); the " \
        "dry run changed nothing." in session.err
    assert session.send("--thread", "13", "--channel", "viber", "--text", "Hi") == 0
    assert supervisor_status(session.stand) == "READY"
    assert sent_as(session.stand)["sentAs"]["status"] == "READY"


def test_a_chosen_channel_without_a_login_answer_is_refused_before_sending(session):
    if not session.edna:
        return  # the full stand takes the channel in /outgoing: nobody's login is needed
    session.monkeypatch.setenv("MSGCLIENT_TOKEN", session.stand.token)  # no login answer
    session.stand.running.request_log.clear()
    assert session.send("--thread", "13", "--channel", "viber", "--text", "Hi") == 2
    assert "it sends only over thread 13's own channel, whatsapp. Run 'msgclient auth login'" \
        in session.err
    assert not [e for e in session.stand.running.request_log
                if e["path"].startswith("/api/v1/messages/")]
    assert session.send("--thread", "13", "--channel", "email", "--sender", "1", "--subject",
                        "Hi", "--text", "Hi") == 0  # the thread's own channel or email: fine


def test_a_channel_type_the_stand_does_not_know_names_the_setting(session, tmp_path):
    config = Path(os.environ["MSGCLIENT_CONFIG"])
    data = yaml.safe_load(config.read_text())
    data["profiles"]["mine"]["channel_types"] = {"VIBER": "VIBER_BM"}
    config.write_text(yaml.safe_dump(data))
    assert session.json("stand", "show")["channelTypes"][1] == {
        "type": "VIBER", "value": "VIBER_BM", "source": "profile 'mine'"}
    code = session.send("--new", "--channel", "viber", "--phone", "+79990001122", "--text", "Hi")
    assert code == 2 and session.err.count("\n") == 1, session.err
    assert session.err.startswith("error: The stand does not know channelType VIBER_BM for "
                                  "viber (profile 'mine'); set channel_types: {VIBER: VALUE} "
                                  "in profile 'mine' to the value your stand uses")


def test_a_blocked_client_known_by_external_id_is_refused_before_sending(session):
    db.set_client_blocked(session.stand.db, 6, True)  # Felix Wagner, web-1006
    session.stand.running.request_log.clear()
    before = counts(session.stand.db)
    code = session.run("send", "--new", "--channel", "web-widget", "--external-id", "web-1006",
                       "--text", "Hello", "--yes")
    assert code == 5 and counts(session.stand.db) == before, session.err
    who = "Felix Wagner (external id web-1006)" if session.edna else "Felix Wagner (id 6)"
    assert session.err.splitlines()[-1] == (f"error: Client {who} is blocked; blocked clients "
                                            "cannot be messaged.")
    asked = [(e["method"], e["path"]) for e in session.stand.running.request_log]
    assert ("GET", "/api/v1/clients/{externalClientId}/profile") in asked
    assert not [p for _, p in asked if p.startswith("/api/v1/messages/")]
    db.set_client_blocked(session.stand.db, 6, False)
    assert session.send("--new", "--channel", "web-widget", "--external-id", "web-1006",
                        "--text", "Hello") == 0
    assert delivered(session.stand)["external_id"] == "web-1006"  # Felix, not a new visitor


@pytest.mark.parametrize(("argv", "words"), [
    (["--thread", "22", "--channel", "whatsapp", "--template", "order_ready", "--var",
      "name=Yuki"], "cannot send WhatsApp or Viber templates"),
    (["--thread", "1", "--channel", "whatsapp", "--text", "hi", "--tag", "Sales"],
     "cannot tag an outgoing message"),
    (["--thread", "1", "--channel", "email", "--sender", "support@example.com", "--text", "x",
      "--bcc", "lead@example.com"], "cannot send BCC copies of an email"),
    (["--thread", "1", "--template", "order_ready"], "cannot send WhatsApp or Viber templates"),
], ids=["template", "tags", "bcc", "template-no-channel"])
def test_what_a_stand_can_never_carry_is_said_before_any_list_is_asked_for(session, argv,
                                                                          words):
    if not session.edna:
        return  # the full stand carries them all
    config = Path(os.environ["MSGCLIENT_CONFIG"])
    data = yaml.safe_load(config.read_text())
    for key in ("channels", "mailboxes", "tags", "templates"):
        data["profiles"]["mine"].pop(key)
    config.write_text(yaml.safe_dump(data))
    before = counts(session.stand.db)
    for extra in ([], ["--yes"]):  # before a missing flag, and before a missing list
        assert session.run("send", *argv, *extra) == 2
        assert f"error: This stand {words}" in session.err and "profile" not in session.err
    assert counts(session.stand.db) == before


def test_whatsapps_window_refuses_free_text_in_one_line_on_both_stands(session):
    session.stand.running.request_log.clear()
    code = session.send("--thread", "13", "--channel", "whatsapp", "--text", "Order ready")
    sends = [e for e in session.stand.running.request_log
             if e["path"].startswith("/api/v1/messages/")]
    assert code == 5 and session.err.count("\n") == 1, session.err
    if session.edna:  # no time to read: the stand refuses, in WhatsApp's words, read as the rule
        assert session.err.startswith("error: Re-engagement message: more than 24 hours")
        assert "cannot send templates through its API: use another --channel" in session.err
        assert len(sends) == 1
    else:  # the stand said when Julia last wrote: refused before anything is sent
        assert session.err.startswith("error: Client Julia Novak (id 10) last wrote on "
                                      "WhatsApp 30 days ago; WhatsApp now takes only a template.")
        assert "--template NAME with --var NAME=VALUE" in session.err and not sends
    # Anna wrote a few hours ago: free text goes on both.
    assert session.send("--thread", "1", "--channel", "whatsapp", "--text", "Order ready") == 0


def test_bulk_rows_past_whatsapps_window_are_refused_never_failed(session, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,channel,text\n13,whatsapp,Hello\n1,whatsapp,Hello\n")
    assert session.run("bulk", "run", str(rows), "--dry-run") == 0, session.err
    # Only a stand that says when clients last wrote lets the dry run count them.
    assert ("1 outside WhatsApp's 24-hour window" in session.err) is not session.edna
    session.stand.running.request_log.clear()
    assert session.run("bulk", "run", str(rows), "--yes", "--json") == 0, session.err
    result = json.loads(session.out)
    assert (result["sent"], result["refused"], result["failed"]) == (1, 1, 0)
    assert result["refusedByCode"] == {"WHATSAPP_WINDOW_CLOSED": 1}
    statuses = [e["status"] for e in session.stand.running.request_log
                if e["path"].startswith("/api/v1/messages/")]
    # edna's stand refused Julia's row itself (once); the full stand's never reached it.
    assert sorted(statuses) == ([200, 400] if session.edna else [200])


def test_bulk_run_and_resume(session, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,channel,text\n1,whatsapp,Hello\n11,whatsapp,Hello\n6,viber,Hello\n")
    assert session.run("bulk", "run", str(rows), "--yes", "--json") == 0, session.err
    result = json.loads(session.out)
    assert (result["sent"], result["refused"], result["failed"]) == (2, 1, 0)
    run_id = result["runId"]
    before = counts(session.stand.db)
    assert session.run("bulk", "resume", run_id, "--yes") == 0, session.err
    assert counts(session.stand.db) == before, "a refused row is not sent again"


def test_mandatory_tags_where_the_stand_can_say(session):
    db.set_setting(session.stand.db, "mandatoryTags", True)
    code = session.send("--thread", "1", "--channel", "whatsapp", "--text", "hi")
    if session.edna:
        assert code == 0  # edna's API carries no tags and its stand does not ask for them
    else:  # without a terminal, a missing tag is missing input (exit 2), named as a flag
        assert code == 2 and "--tag" in session.err


def test_after_the_probe_nothing_undocumented_is_asked(session, tmp_path):
    """The whole session's request log: the probe is the one undocumented request."""
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,channel,text\n6,viber,Hello\n")
    steps = [("auth", "status"), ("threads", "list"), ("threads", "list", "--all", "--channel",
             "viber", "--since", "30d"), ("threads", "show", "1"), ("clients", "show", "1"),
             ("send", "--thread", "1", "--channel", "whatsapp", "--text", "hi", "--yes"),
             ("send", "--thread", "2", "--channel", "email", "--sender", "1", "--subject",
              "s", "--text", "hi", "--yes"),
             ("send", "--new", "--channel", "viber", "--phone", "+79990001123", "--text",
              "x", "--yes"),
             # a chosen channel, in the supervisor's name; an external id's profile
             ("send", "--thread", "13", "--channel", "viber", "--text", "hi", "--yes"),
             ("send", "--new", "--channel", "web-widget", "--external-id", "web-1006",
              "--text", "hi", "--yes"),
             ("threads", "show", "14"), ("stand", "show"),
             ("bulk", "run", str(rows), "--yes")]
    for step in steps:
        assert session.run(*step) == 0, (step, session.err)
    log = list(session.stand.running.request_log)
    asked = [u for entry in log for u in undocumented(entry)]
    if session.edna:
        assert asked and set(asked) == {"GET /api/v1/settings"}, asked
        assert sum(e["path"] == "/api/v1/settings" for e in log) == 1, "probed once, cached"
    else:
        assert "GET /api/v1/settings" in asked


def test_a_send_from_a_thread_costs_few_requests_and_never_the_thread_table(session):
    session.run("threads", "list", "--limit", "1")  # the probe, cached from here on
    session.stand.running.request_log.clear()
    assert session.send("--thread", "1", "--channel", "whatsapp", "--text", "hi") == 0
    log = list(session.stand.running.request_log)
    paths = [(e["method"], e["path"]) for e in log]
    # The thread table is never read: a full stand lists only this client's threads; on
    # edna's, the index's warm sync reads the listing's newest page and the open threads.
    listings = [e["query"] for e in log if (e["method"], e["path"]) == ("GET", "/api/v1/threads")]
    if session.edna:
        assert len(listings) == 2, listings
        paths = [p for p in paths if p != ("GET", "/api/v1/threads")]
    else:
        assert all("clientId" in query for query in listings), listings
    looked_up = [("GET", "/api/v1/threads/{threadId}"),
                 ("GET", "/api/v1/clients/internal/{threadsClientId}/profile"),
                 ("POST", "/api/v1/clients/short-info")]
    if session.edna:
        assert paths == [*looked_up, ("POST", "/api/v1/messages/outgoing"),
                         ("GET", "/api/v1/threads/{threadId}")]  # the thread's own channel
    else:  # the client's threads, and the catalogue the full stand's extensions rest on
        assert paths == [*looked_up, ("GET", "/api/v1/threads"), ("GET", "/api/v1/channels"),
                         ("GET", "/api/v1/settings"), ("POST", "/api/v1/messages/outgoing")]
    session.stand.running.request_log.clear()
    assert session.run("threads", "show", "1") == 0
    shown = [(e["method"], e["path"]) for e in session.stand.running.request_log
             if (e["method"], e["path"]) != ("GET", "/api/v1/threads")]
    if session.edna:
        assert shown == [*paths[:3], ("GET", "/api/v1/chatbot/messages")]


def test_config_example_works_as_written_against_an_edna_stand(monkeypatch, capsys):
    """Its edna-demo profile: the embedded sandbox speaking edna, with the example's lists."""
    monkeypatch.setenv("MSGCLIENT_CONFIG", str(EXAMPLE))
    before = set(sandbox_link._running)
    try:
        assert main(["--profile", "edna-demo", "threads", "list", "--limit", "3"]) == 0
        assert "whatsapp" in capsys.readouterr().out  # channel names from the profile's list
        assert main(["--profile", "edna-demo", "send", "--thread", "1", "--channel",
                     "whatsapp", "--text", "Hello", "--yes"]) == 0
        assert "✓ Sent" in capsys.readouterr().err
        assert main(["--profile", "edna-demo", "send", "--thread", "15", "--channel", "email",
                     "--sender", "support@example.com", "--subject", "Hi", "--text", "Hello",
                     "--yes"]) == 0
    finally:
        for key in set(sandbox_link._running) - before:
            sandbox_link._running.pop(key).stop()


# A stand of a real size, as small as shows it: the local index against both personalities,
# both listing orders and a page cap smaller than msgclient asks (issue 19).
SCALE = 3000


@pytest.fixture(scope="module")
def scale_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "stand.db"
    db.reset(path, closed_threads=SCALE)
    return path


def newest_closes(path, n: int = 30) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM threads WHERE status = 'CLOSED' "
                                           "ORDER BY state_change_time DESC, id DESC LIMIT ?",
                                           (n,))]
    finally:
        conn.close()


@pytest.fixture(params=["full", "edna"])
def big(request, tmp_path, scale_db, monkeypatch, capsys):
    """A profile against a 3,000-thread stand; `serve(order)` (re)starts it on one port."""
    path = tmp_path / "stand.db"
    shutil.copy(scale_db, path)
    s = Session(request.param, None, capsys, monkeypatch)
    s.db = path
    running = []

    def serve(order: str, port: int = 0, db_path=None):
        if running:
            running.pop().stop()
        stand = start_in_thread(db_path or path, port=port, api=request.param,
                                list_order=order, max_page_size=40)
        running.append(stand)
        s.running = stand
        return stand
    s.serve = serve
    stand = serve("asc")
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", login(stand.url, "supervisor", "supervisor"))
    yield s
    for r in running:
        stop_later(r)


def shown(session) -> list[int]:
    return [t["id"] for t in session.json("threads", "list")]


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_threads_list_is_the_newest_closes_after_an_hour_of_the_stand_s_day(big, order):
    stand = big.serve(order, port=int(big.running.url.rsplit(":", 1)[1]))
    cold = shown(big)
    assert len(cold) == 30
    stand.request_log.clear()
    # An hour: new threads, due ones closed, 5 long-running ones (old ids) closed.
    done = advance(big.db, 60, random.Random(7))
    assert shown(big) == newest_closes(big.db)
    listings = [e for e in stand.request_log if e["path"] == "/api/v1/threads"]
    conn = sqlite3.connect(big.db)
    still_open = conn.execute("SELECT count(*) FROM threads WHERE status != 'CLOSED'").fetchone()[0]
    conn.close()
    if big.edna:  # the new pages and the open threads' (whole pages: rounded up), a few
        # more to meet what the index holds and find the end, never the whole listing
        assert 0 < len(listings) <= -(-len(done.opened) // 40) + -(-still_open // 40) + 6
    else:  # the stand sorts: one page
        assert len(listings) == 1


def test_clients_show_lists_a_client_s_threads_on_both(big):
    big.run("threads", "sync", "--all")
    conn = sqlite3.connect(big.db)
    client, count = conn.execute("SELECT client_id, count(*) FROM threads GROUP BY 1 "
                                 "ORDER BY 2 DESC LIMIT 1").fetchone()
    conn.close()
    found = big.json("clients", "show", str(client))
    assert len(found["threads"]) == count


def test_another_stand_at_the_same_url_starts_the_index_again(big, tmp_path):
    # The whole listing read, so the index is exact (a cold edna view may miss long-running
    # threads that closed before the first sync: its coverage line says so).
    big.json("threads", "sync", "--all")
    assert shown(big) == newest_closes(big.db)
    other = tmp_path / "other.db"
    db.reset(other, closed_threads=700)
    port = int(big.running.url.rsplit(":", 1)[1])
    stand = big.serve("asc", port=port, db_path=other)
    big.monkeypatch.setenv("MSGCLIENT_TOKEN", login(stand.url, "supervisor", "supervisor"))
    big.json("threads", "sync", "--all")  # nothing of the first stand's survives the rebuild
    assert shown(big) == newest_closes(other)
