"""WhatsApp's 24-hour window: the rule on its own, and the sandbox enforcing it as WhatsApp does
on both personalities (the full one says when the client last wrote; edna's does not)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from msgclient import rules
from msgclient.api.errors import error_from_response, send_refusal
from msgclient.outgoing.target import Target, window_refusal
from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.sandbox.conftest import refused

OUT, DEVICE = "/api/v1/messages/outgoing", "/api/v1/messages/outgoing-to-device"
NOW = datetime(2024, 6, 4, 12, 0, tzinfo=UTC)
WHATSAPP = {"id": 1, "type": "WHATSAPP", "name": "WhatsApp", "enabled": True}
VIBER = {"id": 2, "type": "VIBER", "name": "Viber", "enabled": True}
JULIA = {"id": 10, "fullName": "Julia Novak"}
TEMPLATE_USE = {"id": 1, "variables": {"name": "Julia", "order": "A-1"}}
ORDER_READY = {"template": {"id": 1, "variables": {"name": "Julia", "order": "A-1"}}}


@pytest.mark.parametrize(("hours", "said"), [
    (24, "24 hours ago"), (25, "25 hours ago"), (24 * 3 + 5, "3 days ago"),
    (24 * 30, "30 days ago")])
def test_outside_the_window_free_text_is_refused_with_when_the_client_last_wrote(hours, said):
    refusal = rules.check_whatsapp_window(WHATSAPP, None, NOW - timedelta(hours=hours), NOW,
                                          JULIA)
    assert refusal is not None and refusal.code == "WHATSAPP_WINDOW_CLOSED"
    assert refusal.message == (f"Client Julia Novak (id 10) last wrote on WhatsApp {said}; "
                               "WhatsApp now takes only a template.")
    assert refusal.details == {"channel": "whatsapp", "clientId": 10, "windowHours": 24,
                               "lastWrote": (NOW - timedelta(hours=hours)).strftime(
                                   "%Y-%m-%dT%H:%M:%S.000Z")}


def test_inside_the_window_templates_and_other_channels_pass():
    recent = NOW - timedelta(hours=23, minutes=59)
    assert rules.check_whatsapp_window(WHATSAPP, None, recent, NOW, JULIA) is None
    assert rules.check_whatsapp_window(WHATSAPP, TEMPLATE_USE, None, NOW, JULIA) is None
    assert rules.check_whatsapp_window(VIBER, None, None, NOW, JULIA) is None
    for ctype in ("EMAIL", "WEB", "MOBILE"):
        assert rules.check_whatsapp_window({**VIBER, "type": ctype}, None, None, NOW) is None


def test_a_number_that_never_wrote_gets_only_a_template():
    refusal = rules.check_whatsapp_window(WHATSAPP, None, None, NOW)
    assert refusal.message == "This number has never written on WhatsApp; WhatsApp now takes " \
        "only a template."
    assert refusal.details["lastWrote"] is None and refusal.status == 422


def test_last_wrote_is_read_per_channel_from_the_profile():
    entries = [{"channel": 2, "time": "2024-06-01T10:00:00.000Z"},
               {"channel": 1, "time": "2024-06-04T09:30:00.000Z"}]
    assert rules.last_wrote_on(entries, 1) == datetime(2024, 6, 4, 9, 30, tzinfo=UTC)
    assert rules.last_wrote_on(entries, 3) is None
    with pytest.raises(ValueError):  # unreadable is not "never": see the next test
        rules.last_wrote_on([{"channel": 1, "time": "yesterday"}], 1)


# --- the full stand: it says when the client last wrote, and refuses with its code ---------


def _lasts(api, client_id: int) -> dict[int, datetime]:
    profile = api.ok(f"/api/v1/clients/internal/{client_id}/profile")
    return {e["channel"]: rules.last_wrote_on([e], e["channel"]) for e in profile["lastIncoming"]}


def test_the_seed_has_clients_on_both_sides_of_the_window(api):
    assert "last-wrote" in api.ok("/api/v1/settings")["extensions"]
    now = datetime.now(UTC)
    anna, julia = _lasts(api, 1), _lasts(api, 10)
    assert now - anna[1] < timedelta(hours=6)  # Anna wrote on WhatsApp a few hours ago
    assert now - julia[1] > timedelta(days=29)  # Julia a month ago
    assert set(julia) == {1, 2, 3}  # WhatsApp, Viber and email: per channel


def test_the_full_stand_enforces_the_window(no_tags_needed):
    api = no_tags_needed
    body = refused(api.post(OUT, {"threadId": T["julia_closed_whatsapp"], "text": "Hi"}),
                   422, "WHATSAPP_WINDOW_CLOSED")
    assert body["message"].startswith("Client Julia Novak (id 10) last wrote on WhatsApp 3")
    assert body["details"]["lastWrote"].endswith("Z") and body["details"]["clientId"] == 10
    attachment = {"attachments": [{"url": "https://files.example.com/p.jpg"}]}
    refused(api.post(OUT, {"threadId": T["julia_closed_whatsapp"], **attachment}),
            422, "WHATSAPP_WINDOW_CLOSED")
    sent = api.post(OUT, {"threadId": T["julia_closed_whatsapp"], **ORDER_READY})
    assert sent.status_code == 200, sent.text
    # Anna wrote hours ago: free text goes.
    assert api.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": "Hi"}).status_code == 200


def test_a_known_number_follows_its_clients_window_and_a_new_one_has_none(no_tags_needed):
    api = no_tags_needed
    julia = {"channelType": "WHATSAPP", "deviceAddress": "420601234510"}
    refused(api.post(DEVICE, {"text": "Hi", "clientApplicationDescriptor": julia}),
            422, "WHATSAPP_WINDOW_CLOSED")
    anna = {"channelType": "WHATSAPP", "deviceAddress": "79161234501"}
    assert api.post(DEVICE, {"text": "Hi", "clientApplicationDescriptor": anna}).status_code == 200
    viber = {"channelType": "VIBER", "deviceAddress": "79995550177"}
    assert api.post(DEVICE, {"text": "Hi", "clientApplicationDescriptor": viber}).status_code == 200


def test_a_supervisors_own_message_does_not_open_the_window(no_tags_needed):
    api = no_tags_needed
    before = _lasts(api, 10)
    assert api.post(OUT, {"threadId": T["julia_closed_whatsapp"], **ORDER_READY}).status_code == 200
    assert _lasts(api, 10) == before


# --- the edna personality: no time to read, the same refusal in WhatsApp's words -----------


def test_edna_hides_the_time_but_enforces_the_window_in_whatsapps_words(start):
    edna = start(api="edna")
    assert "lastIncoming" not in edna.ok("/api/v1/clients/internal/10/profile")
    resp = edna.post(OUT, {"threadId": T["julia_closed_whatsapp"], "text": "Hi"})
    assert resp.status_code == 400 and "code" not in resp.json()
    assert resp.json()["message"] == ("Re-engagement message: more than 24 hours have passed "
                                      "since the client last replied; WhatsApp accepts only a "
                                      "template message")
    new = {"channelType": "WHATSAPP", "deviceAddress": "79995550178"}
    assert edna.post(DEVICE, {"text": "Hi", "clientApplicationDescriptor": new}).status_code == 400
    assert edna.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": "Hi"}).status_code == 200


def test_a_time_that_cannot_be_read_leaves_the_word_to_the_stand():
    whatsapp = {"id": 1, "type": "WHATSAPP", "name": "WhatsApp"}
    unreadable = Target("thread", {"id": 10}, last_incoming=({"channel": 1,
                                                              "time": 1733000000000},))
    assert window_refusal(unreadable, whatsapp, None) is None  # not "never wrote"


def test_a_second_whatsapp_number_is_named_in_the_refusal():
    # The window is per number: a client who wrote on the first has not written on this one.
    now = datetime.now(UTC)
    second = {"id": 7, "type": "WHATSAPP", "name": "Sales line"}
    last = rules.last_wrote_on([{"channel": 1, "time": (now - timedelta(hours=1)).isoformat()}],
                               7)
    refusal = rules.check_whatsapp_window(second, None, last, now, {"id": 10,
                                                                    "fullName": "Julia Novak"})
    assert "has never written on WhatsApp (Sales line)" in refusal.message


@pytest.mark.parametrize(("words", "code"), [
    ("Re-engagement message: more than 24 hours have passed", "WHATSAPP_WINDOW_CLOSED"),
    ("WhatsApp accepts free text only within 24 hours", "WHATSAPP_WINDOW_CLOSED"),
    ("The attachment link expired after 24 hours", "REFUSED"),
])
def test_only_a_whatsapp_refusal_is_read_as_the_window(words, code):
    exc = send_refusal(error_from_response(400, {"status": 400, "error": "Bad Request",
                                                 "message": words}, None, "/x"))
    assert exc.code == code
