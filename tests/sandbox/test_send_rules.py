"""Every product rule, enforced by the stand with the contract's codes."""

from __future__ import annotations

from msgclient.sandbox.store import db
from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.sandbox.conftest import refused

OUT, DEVICE, EMAIL = ("/api/v1/messages/outgoing", "/api/v1/messages/outgoing-to-device",
                      "/api/v1/messages/email")
TAGS = [3]  # Complaint/Services/Resolved


def test_a_send_opens_a_waiting_thread_authored_by_the_supervisor(api):
    resp = api.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": "Hello Anna",
                          "tags": TAGS})
    assert resp.status_code == 200, resp.text
    sent = resp.json()
    assert sent["clientId"] == 1 and sent["agentId"] == 1 and sent["channel"] == 1
    thread = api.ok(f"/api/v1/threads/{sent['threadId']}")
    assert thread["status"] == "WAITING" and thread["currentAgentLogin"] == "supervisor"
    assert thread["tags"] == ["3"]
    [message] = api.ok(f"/api/v1/threads/{sent['threadId']}/messages")
    assert message["id"] == sent["id"] and message["direction"] == "OUTGOING"
    assert (message["authorType"], message["authorName"]) == ("SUPERVISOR", "Sofia Supervisor")
    assert message["text"] == "Hello Anna" and message["tags"] == ["3"]


def test_the_author_type_follows_the_role(no_tags_needed):
    agent = no_tags_needed.login("agent1")
    sent = agent.post(OUT, {"threadId": T["dmitri_closed_viber"], "text": "Hi"}).json()
    [message] = agent.ok(f"/api/v1/threads/{sent['threadId']}/messages")
    assert message["authorType"] == "AGENT" and message["authorLogin"] == "agent1"
    bot = no_tags_needed.login("integrator")
    sent = bot.post(OUT, {"threadsClientId": 1, "text": "Hi"}).json()
    assert bot.ok(f"/api/v1/threads/{sent['threadId']}/messages")[0]["authorType"] == "SYSTEM"


def test_recipients_by_internal_id_external_id_or_thread(no_tags_needed):
    api = no_tags_needed
    assert api.post(OUT, {"clientId": "web-1006", "text": "Hi Felix"}).json()["channel"] == 4
    assert api.post(OUT, {"threadsClientId": 10, "text": "Hi Julia"}).json()["clientId"] == 10
    refused(api.post(OUT, {"text": "to whom?"}), 400, "VALIDATION")
    refused(api.post(OUT, {"threadsClientId": 99999, "text": "x"}), 404, "NOT_FOUND")
    refused(api.post(OUT, {"threadId": 99999, "text": "x"}), 404, "NOT_FOUND")
    refused(api.post(OUT, {"threadsClientId": 4, "threadId": T["anna_closed_whatsapp"],
                           "text": "x"}), 400, "VALIDATION")


def test_blocked_client(api):
    body = refused(api.post(OUT, {"threadId": T["boris_closed_whatsapp"], "text": "x",
                                  "tags": TAGS}), 409, "CLIENT_BLOCKED")
    assert body["message"] == ("Client Boris Ivanov (id 2) is blocked; blocked clients cannot be "
                               "messaged.")
    refused(api.post(EMAIL, {"threadsClientId": 2, "emailAccountId": 1, "emailSubject": "s",
                             "text": "x", "tags": TAGS}), 409, "CLIENT_BLOCKED")
    refused(api.post(DEVICE, {"text": "x", "tags": TAGS, "clientApplicationDescriptor": {
        "channelType": "WHATSAPP", "deviceAddress": "79031234502"}}), 409, "CLIENT_BLOCKED")


def test_active_thread_blocks_chat_but_not_email(api):
    body = refused(api.post(OUT, {"threadsClientId": 3, "text": "x", "tags": TAGS}),
                   409, "ACTIVE_THREAD")
    assert body["details"] == {"activeThreadId": T["clara_active_viber"],
                               "activeThreadStatus": "WAITING"}
    assert body["message"].endswith("Wait until it is closed, or send an email.")
    resp = api.post(EMAIL, {"threadsClientId": 3, "emailAccountId": 1, "emailSubject": "Hello",
                            "text": "By email despite the open chat", "tags": TAGS})
    assert resp.status_code == 200, resp.text


def test_the_thread_must_be_closed(api):
    body = refused(api.post(OUT, {"threadId": T["clara_active_viber"], "text": "x", "tags": TAGS}),
                   409, "THREAD_NOT_CLOSED")
    assert body["details"] == {"threadId": T["clara_active_viber"], "status": "WAITING"}


def test_disabled_channel(api):
    body = refused(api.post(OUT, {"threadId": T["hiroshi_closed_telegram"], "text": "x",
                                  "tags": TAGS}), 422, "CHANNEL_NOT_ENABLED")
    assert body["details"]["enabledChannels"] == ["whatsapp", "viber", "email", "web-chat",
                                                  "mobile-app"]
    db.set_channel_enabled(api.db, 2, False)  # the running stand sees admin changes at once
    body = refused(api.post(OUT, {"threadId": T["dmitri_closed_viber"], "text": "x",
                                  "tags": TAGS}), 422, "CHANNEL_NOT_ENABLED")
    assert body["message"] == ("Channel viber is not enabled on this stand; enabled channels: "
                               "whatsapp, email, web-chat, mobile-app.")
    refused(api.post(DEVICE, {"text": "x", "tags": TAGS, "clientApplicationDescriptor": {
        "channelType": "VIBER", "deviceAddress": "79160000001"}}), 422, "CHANNEL_NOT_ENABLED")


def test_a_channel_the_client_never_used(api):
    body = refused(api.post(OUT, {"threadsClientId": 1, "channel": 2, "text": "x", "tags": TAGS}),
                   422, "CHANNEL_NOT_AVAILABLE")
    assert body["details"]["availableChannels"] == ["whatsapp", "email"]
    refused(api.post(OUT, {"threadsClientId": 1, "channel": 77, "text": "x", "tags": TAGS}),
            404, "NOT_FOUND")
    refused(api.post(OUT, {"threadsClientId": 1, "channel": 3, "text": "x", "tags": TAGS}),
            400, "VALIDATION")  # email goes through /messages/email
    refused(api.post(OUT, {"threadsClientId": 5, "text": "x", "tags": TAGS}),
            422, "CHANNEL_NOT_AVAILABLE")  # Elena only ever emailed


def test_email_needs_an_address_on_the_profile(api):
    body = refused(api.post(EMAIL, {"threadId": T["dmitri_closed_viber"], "emailAccountId": 1,
                                    "emailSubject": "s", "text": "x", "tags": TAGS}),
                   422, "NO_EMAIL")
    assert "Dmitri Volkov (id 4) has no email address" in body["message"]
    refused(api.post(EMAIL, {"threadsClientId": 1, "emailAddress": "other@example.org",
                             "emailAccountId": 1, "emailSubject": "s", "text": "x",
                             "tags": TAGS}), 422, "INVALID_ADDRESS")


def test_mailboxes(api):
    base = {"threadsClientId": 1, "emailSubject": "s", "text": "x", "tags": TAGS}
    refused(api.post(EMAIL, {**base, "emailAccountId": 99}), 422, "UNKNOWN_SENDER")
    body = refused(api.post(EMAIL, {**base, "emailAccountId": 3}), 422, "UNKNOWN_SENDER")
    assert body["details"]["senders"] == ["support@example.com", "sales@example.com"]
    refused(api.post(EMAIL, {**base, "emailAccountId": 1, "emailSubject": " "}), 400, "VALIDATION")
    refused(api.post(EMAIL, {**base, "emailAccountId": 1, "emailSubject": "a\nBcc: x@y.com"}),
            400, "VALIDATION")
    refused(api.post(EMAIL, {**base, "emailAccountId": 1, "bcc": ["not an address"]}),
            422, "INVALID_ADDRESS")


def test_mandatory_and_unknown_tags(api):
    anna = T["anna_closed_whatsapp"]
    refused(api.post(OUT, {"threadId": anna, "text": "x"}), 422, "TAGS_REQUIRED")
    body = refused(api.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": "x",
                                  "tags": [3, 999]}), 422, "UNKNOWN_TAG")
    assert body["details"] == {"unknown": [999]}
    db.set_setting(api.db, "mandatoryTags", False)
    assert api.ok("/api/v1/settings")["mandatoryTags"] is False
    assert api.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": "x"}).status_code == 200


def test_message_content(no_tags_needed):
    api, anna = no_tags_needed, {"threadId": T["anna_closed_whatsapp"]}
    refused(api.post(OUT, {**anna}), 422, "EMPTY_MESSAGE")
    refused(api.post(OUT, {**anna, "text": "   ", "attachments": []}), 422, "EMPTY_MESSAGE")
    body = refused(api.post(OUT, {**anna, "text": "x" * 2001}), 422, "TEXT_TOO_LONG")
    assert body["details"]["maxLength"] == 2000
    refused(api.post(OUT, {**anna, "text": 5}), 400, "VALIDATION")
    ok = api.post(EMAIL, {"threadsClientId": 1, "emailAccountId": 1, "emailSubject": "Long",
                          "text": "x" * 5000})
    assert ok.status_code == 200, ok.text


def test_templates(no_tags_needed):
    api = no_tags_needed
    use = {"id": 1, "variables": {"name": "Anna", "order": "A-17"}, "title": "Order update"}
    body = refused(api.post(OUT, {"threadId": T["dmitri_closed_viber"], "template": use}),
                   422, "TEMPLATE_NOT_FOR_CHANNEL")
    assert "order_ready is a whatsapp template" in body["message"]
    refused(api.post(OUT, {"threadId": T["felix_closed_web"], "template": use}),
            422, "TEMPLATE_NOT_FOR_CHANNEL")
    anna = {"threadId": T["anna_closed_whatsapp"]}
    body = refused(api.post(OUT, {**anna, "template": {"id": 1, "variables": {
        "name": "A", "colour": "red"}}}), 422, "TEMPLATE_VARIABLES")
    assert body["details"]["missing"] == ["order"] and body["details"]["unknown"] == ["colour"]
    refused(api.post(OUT, {**anna, "template": use, "text": "and text"}), 400, "VALIDATION")
    refused(api.post(OUT, {**anna, "template": {**use, "signature": "s" * 61}}),
            422, "TEXT_TOO_LONG")
    refused(api.post(OUT, {**anna, "template": {**use, "id": 999}}), 404, "NOT_FOUND")
    sent = api.post(OUT, {**anna, "template": use}).json()
    [message] = api.ok(f"/api/v1/threads/{sent['threadId']}/messages")
    assert message["text"] == "Hello Anna, your order A-17 is ready."
    assert message["template"] == {"id": 1, "name": "order_ready", "title": "Order update",
                                   "signature": None, "variables": use["variables"]}


def test_attachment_limits(no_tags_needed):
    api = no_tags_needed
    pdf = {"url": "https://files.example.com/a.pdf", "name": "a.pdf", "type": "application/pdf",
           "size": 1000}
    viber = {"threadId": T["dmitri_closed_viber"], "text": "files"}
    body = refused(api.post(OUT, {**viber, "attachments": [pdf, pdf]}), 422,
                   "ATTACHMENT_TOO_LARGE")
    assert body["details"]["maxAttachments"] == 1
    big = {**pdf, "size": 17 * 1024 * 1024}
    anna = {"threadId": T["anna_closed_whatsapp"]}
    body = refused(api.post(OUT, {**anna, "attachments": [big]}), 422, "ATTACHMENT_TOO_LARGE")
    assert body["details"]["maxSize"] == 16 * 1024 * 1024
    exe = {"url": "https://files.example.com/setup.exe", "size": 10}
    body = refused(api.post(OUT, {**anna, "attachments": [exe]}), 422, "ATTACHMENT_TYPE")
    assert "image/jpeg" in body["details"]["allowedTypes"]
    refused(api.post(OUT, {**anna, "attachments": [{"url": api.url + "/api/v1/files/nope"}]}),
            404, "NOT_FOUND")
    refused(api.post(OUT, {**anna, "attachments": [{"name": "no url"}]}), 400, "VALIDATION")
    sent = api.post(OUT, {**anna, "attachments": [{"url": "https://files.example.com/p.jpg"}]})
    [message] = api.ok(f"/api/v1/threads/{sent.json()['threadId']}/messages")
    assert message["attachments"] == [{"url": "https://files.example.com/p.jpg", "name": "p.jpg",
                                       "type": "image/jpeg", "size": 0}]


def test_new_clients_by_device_address(no_tags_needed):
    api = no_tags_needed
    whatsapp = {"channelType": "WHATSAPP", "deviceAddress": "79995550101"}
    body = refused(api.post(DEVICE, {"text": "Welcome", "clientApplicationDescriptor": whatsapp}),
                   422, "WHATSAPP_WINDOW_CLOSED")  # a new number never wrote: a template only
    assert body["details"]["lastWrote"] is None
    sent = api.post(DEVICE, {"template": {"id": 3, "variables": {"name": "Ann"}},
                             "clientApplicationDescriptor": whatsapp}).json()
    [info] = api.post("/api/v1/clients/short-info", {"phones": ["79995550101"]}).json()
    assert info["id"] == sent["clientId"] and info["hasActiveThread"] is True
    refused(api.post(DEVICE, {"text": "again", "clientApplicationDescriptor": whatsapp}),
            409, "ACTIVE_THREAD")
    refused(api.post(DEVICE, {"text": "x", "clientApplicationDescriptor": {
        "channelType": "WHATSAPP", "deviceAddress": "+7 999 555"}}), 422, "INVALID_ADDRESS")
    refused(api.post(DEVICE, {"text": "x", "clientApplicationDescriptor": {
        "channelType": "WEB"}}), 400, "VALIDATION")
    refused(api.post(DEVICE, {"text": "x", "clientApplicationDescriptor": {
        "channelType": "TELEGRAM", "deviceAddress": "1"}}), 400, "VALIDATION")
    felix = api.post(DEVICE, {"text": "Hi", "clientApplicationDescriptor": {
        "channelType": "WEB", "clientId": "web-1006"}}).json()
    assert felix["clientId"] == 6 and felix["clientExternalId"] == "web-1006"
    widget = api.post(DEVICE, {"text": "Hi", "clientApplicationDescriptor": {
        "channelType": "MOBILE", "unauthorizedClientId": "anon-42", "appMarker": "shop"}}).json()
    assert widget["channel"] == 5
    assert api.ok(f"/api/v1/threads/{widget['threadId']}")["info"] == {"appMarker": "shop"}


def test_new_client_by_email(no_tags_needed):
    api = no_tags_needed
    base = {"emailAccountId": 2, "emailSubject": "Our offer", "text": "Hello"}
    sent = api.post(EMAIL, {**base, "emailAddress": "new.person@example.org"}).json()
    assert api.ok(f"/api/v1/clients/internal/{sent['clientId']}/profile")["email"] == (
        "new.person@example.org")
    refused(api.post(EMAIL, {**base, "emailAddress": "bad@@example"}), 422, "INVALID_ADDRESS")
    refused(api.post(EMAIL, base), 400, "VALIDATION")
    refused(api.post(EMAIL, {**base, "emailAddress": "boris.ivanov@example.net"}),
            409, "CLIENT_BLOCKED")


def test_the_stand_refuses_control_characters_and_invisible_only_text(api):
    """A NUL or an escape sequence is never stored or sent, whoever calls the stand."""
    before = api.ok(f"/api/v1/threads/{T['anna_closed_whatsapp']}/messages")
    for text in ("Hello\x00Anna", "\x1b]0;pwned\x07", "\u200b\u202e"):
        resp = api.post(OUT, {"threadId": T["anna_closed_whatsapp"], "text": text, "tags": TAGS})
        refused(resp, 400, "VALIDATION")
    assert api.ok(f"/api/v1/threads/{T['anna_closed_whatsapp']}/messages") == before
