"""The documented ways the edna personality serves besides /outgoing: a send over a chosen
channel type in an agent's name, the bot API's history of a thread, and the client profile
by external id (docs/edna-api.md §5.2, §11.1, §11.2)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from msgclient.sandbox.store import db
from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.sandbox.test_edna_personality import SENT_KEYS, spring

FROM_MYSELF = "/api/v1/messages/outgoing-from-myself"
PROFILE_KEYS = {"externalClientId", "fullName", "segment", "phone", "email", "blocked",
                "additional"}


@pytest.fixture(params=["edna", "full"])
def stand(request, start):
    api = start(api=request.param)
    api.personality = request.param
    return api


@pytest.fixture
def edna(start):
    return start(api="edna")


def one(stand, sql: str, *params):
    with sqlite3.connect(stand.db) as conn:
        return conn.execute(sql, params).fetchone()


def status_of(stand, login: str) -> str:
    return one(stand, "SELECT status FROM users WHERE login = ?", login)[0]


# --- outgoing-from-myself ---------------------------------------------------------------------


def test_a_send_over_a_chosen_channel_type_in_the_senders_name(stand):
    assert status_of(stand, "supervisor") == "OUTGOING"  # supervisors are seeded Out
    # Julia's own threads came in on WhatsApp, Viber and email: Viber is hers to choose.
    resp = stand.post(FROM_MYSELF, {"threadsClientId": 10, "login": "supervisor",
                                    "channelType": "VIBER", "status": "READY",
                                    "text": "Hello Julia"})
    assert resp.status_code == 200, resp.text
    sent = resp.json()
    assert sent["clientId"] == 10 and sent["agentId"] == 1
    if stand.personality == "edna":
        assert set(sent) == SENT_KEYS  # documented fields only
    else:
        assert sent["channel"] == 2
    author, channel, text, sent_as = one(
        stand, "SELECT u.login, m.channel_id, m.text, m.sent_as FROM messages m JOIN users u "
        "ON u.id = m.author_id WHERE m.id = ?", sent["id"])
    assert (author, channel, text) == ("supervisor", 2, "Hello Julia")
    assert json.loads(sent_as) == {"login": "supervisor", "channelType": "VIBER",
                                   "status": "READY"}
    assert status_of(stand, "supervisor") == "READY"
    thread = stand.ok(f"/api/v1/threads/{sent['threadId']}")
    assert (thread["channel"], thread["currentAgentLogin"], thread["status"]) == (
        2, "supervisor", "WAITING")


def test_the_message_is_the_named_agents_and_no_status_leaves_theirs(edna):
    db.close_active_threads(edna.db, 10)
    sent = edna.post(FROM_MYSELF, {"clientId": "web-1006", "login": "agent2",
                                   "channelType": "WEB", "text": "Hi Felix"}).json()
    assert sent["clientExternalId"] == "web-1006" and sent["agentId"] == 4
    assert status_of(edna, "agent2") == "READY"
    assert json.loads(one(edna, "SELECT sent_as FROM messages WHERE id = ?", sent["id"])[0])[
        "status"] is None


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"channelType": "VIBER_BM"}, 400,
     'JSON parse error: Cannot deserialize value of type `channelType` from String "VIBER_BM": '
     "not one of the values accepted for Enum class: [WHATSAPP, VIBER, WEB, MOBILE, TELEGRAM]"),
    ({"status": "AWAY"}, 400,
     'JSON parse error: Cannot deserialize value of type `status` from String "AWAY": '
     "not one of the values accepted for Enum class: [READY, OUTGOING]"),
    ({"login": "nobody"}, 404, "No agent or supervisor has the login 'nobody'"),
    ({"login": "integrator"}, 404, "No agent or supervisor has the login 'integrator'"),
    ({"threadsClientId": 1}, 400, "Client has no thread in channel VIBER"),  # Anna: never
    ({"threadsClientId": 2, "channelType": "WHATSAPP"}, 400, "Client is blocked"),
    ({"threadsClientId": 3}, 400, "Client has active thread"),
    ({"threadsClientId": 8, "channelType": "TELEGRAM"}, 400, "Channel TELEGRAM is not enabled"),
    ({"channelType": "WHATSAPP"}, 400,  # Julia wrote there a month ago
     "Re-engagement message: more than 24 hours have passed since the client last replied; "
     "WhatsApp accepts only a template message"),
    ({"text": "x" * 2001}, 400, "Text is longer than 2000 characters"),
    ({"threadsClientId": None}, 400, "One of threadsClientId or clientId is required"),
])
def test_each_refusal_of_outgoing_from_myself_in_edna_words(edna, body, status, message):
    base = {"threadsClientId": 10, "login": "supervisor", "channelType": "VIBER",
            "status": "OUTGOING", "text": "hi"}
    spring(edna.post(FROM_MYSELF, {**base, **body}), status, message)
    assert status_of(edna, "supervisor") == "OUTGOING"  # a refused send changes nobody


def test_tags_and_templates_are_not_fields_of_it(stand):
    db.set_setting(stand.db, "mandatoryTags", True)  # the body cannot carry tags: not asked
    sent = stand.post(FROM_MYSELF, {"threadsClientId": 10, "login": "supervisor",
                                    "channelType": "VIBER", "status": "OUTGOING", "text": "Hi",
                                    "tags": [1], "template": {"id": 4}}).json()
    assert one(stand, "SELECT tags, template FROM messages WHERE id = ?", sent["id"]) == (
        "[]", None)


# --- the bot API's history ---------------------------------------------------------------------


def test_a_threads_messages_as_the_bot_api_gives_them(stand):
    history = stand.ok("/api/v1/chatbot/messages", threadId=T["anna_closed_whatsapp"])
    texts = [t for (t,) in sqlite3.connect(stand.db).execute(
        "SELECT text FROM messages WHERE thread_id = ? ORDER BY id", (1,))]
    assert [m["text"] for m in history] == [t or "" for t in texts]
    assert all(set(m) == {"text", "sender", "receivedDate"} for m in history)
    assert {m["sender"] for m in history} == {"CLIENT", "OPERATOR"}
    assert history[0]["sender"] == "CLIENT"


def test_the_stand_told_to_keep_it_to_the_bot_answers_403(edna):
    db.set_setting(edna.db, "botHistoryForStaff", False)
    spring(edna.get("/api/v1/chatbot/messages", threadId=1), 403, "Access Denied")
    assert edna.login("bot").ok("/api/v1/chatbot/messages", threadId=1)
    assert "botHistoryForStaff" not in json.dumps(edna.login("supervisor").get(
        "/api/v1/threads/1").json())


def test_missing_or_unknown_threads(edna):
    spring(edna.get("/api/v1/chatbot/messages"), 400, "Parameter threadId is required")
    spring(edna.get("/api/v1/chatbot/messages", threadId=99999), 404, "Thread 99999 not found")


# --- the profile by external id ---------------------------------------------------------------


def test_the_profile_by_external_id_says_blocked(edna):
    felix = edna.ok("/api/v1/clients/web-1006/profile")
    assert set(felix) == PROFILE_KEYS
    assert (felix["fullName"], felix["blocked"]) == ("Felix Wagner", False)
    db.set_client_blocked(edna.db, 6, True)
    assert edna.ok("/api/v1/clients/web-1006/profile")["blocked"] is True
    spring(edna.get("/api/v1/clients/nobody-here/profile"), 404, "Client not found")


def test_a_visitor_is_found_by_the_id_they_were_first_messaged_by(edna):
    sent = edna.post("/api/v1/messages/outgoing-to-device", {
        "text": "Hi", "clientApplicationDescriptor": {"channelType": "WEB",
                                                      "unauthorizedClientId": "visitor-5"}})
    assert sent.status_code == 200, sent.text
    assert edna.ok("/api/v1/clients/visitor-5/profile")["blocked"] is False
    # The id of a known client reaches that client, as the profile finds them.
    db.close_active_threads(edna.db, 6)
    again = edna.post("/api/v1/messages/outgoing-to-device", {
        "text": "Hi", "clientApplicationDescriptor": {"channelType": "WEB",
                                                      "unauthorizedClientId": "web-1006"}})
    assert again.json()["clientId"] == 6
