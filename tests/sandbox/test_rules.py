"""msgclient.rules on its own: the shared decisions and their exact wording."""

from __future__ import annotations

import dataclasses

import pytest

from msgclient import rules

LIMITS = {"maxAttachmentSize": 1048576, "attachmentTypes": ["image/png", "application/pdf"],
          "maxAttachments": 2, "textMaxLength": 10}


def _channel(cid: int, ctype: str, enabled: bool = True) -> dict:
    return {"id": cid, "type": ctype, "name": ctype.title(), "enabled": enabled, "limits": LIMITS,
            "templates": ctype in ("WHATSAPP", "VIBER")}


CHANNELS = [_channel(1, "WHATSAPP"), _channel(2, "VIBER", enabled=False), _channel(3, "EMAIL"),
            _channel(4, "WEB")]
ANNA = {"id": 17, "fullName": "Anna Petrova", "email": "anna@example.org", "blocked": False}
SETTINGS = {"titleMaxLength": 5, "signatureMaxLength": 5}
TEMPLATE = {"id": 1, "name": "order_ready", "channelType": "WHATSAPP",
            "text": "Hello {{name}}, your order {{ order }} is ready",
            "variables": ["name", "order"]}


def test_the_sentences_users_read():
    assert rules.check_not_blocked({**ANNA, "blocked": True}).message == (
        "Client Anna Petrova (id 17) is blocked; blocked clients cannot be messaged.")
    assert rules.check_no_active_thread(ANNA, {"id": 42, "status": "WAITING"}).message == (
        "Client Anna Petrova (id 17) has an active thread (#42, WAITING); only email can be "
        "sent while a thread is active. Wait until it is closed, or send an email.")
    assert rules.check_channel_enabled(CHANNELS[1], CHANNELS).message == (
        "Channel viber is not enabled on this stand; enabled channels: whatsapp, email, web-chat.")
    no_email = rules.check_no_active_thread({**ANNA, "email": None}, {"id": 1, "status": "NEW"})
    assert no_email.message.endswith("Wait until it is closed.")


def test_refusals_are_frozen_and_carry_the_contract_status():
    refusal = rules.check_thread_closed({"id": 5, "status": "ASSIGNED"})
    assert (refusal.code, refusal.status) == ("THREAD_NOT_CLOSED", 409)
    assert rules.Refusal("TAGS_REQUIRED", "m").status == 422
    with pytest.raises(dataclasses.FrozenInstanceError):
        refusal.code = "X"


def test_channel_names_both_ways():
    assert rules.channel_type("web-widget") == rules.channel_type("web-chat") == "WEB"
    assert rules.channel_name(CHANNELS[3]) == "web-chat"
    assert rules.channel_name({"type": "LINE"}) == "line"
    with pytest.raises(ValueError, match="whatsapp, viber"):
        rules.channel_type("sms")


def _availability(client: dict, used: list[int], active: dict | None) -> dict:
    return {a.name: a.refusal and a.refusal.code
            for a in rules.channel_availability(client, CHANNELS, used, active)}


def test_channel_availability_for_an_existing_client():
    assert _availability(ANNA, [1], None) == {
        "whatsapp": None, "viber": "CHANNEL_NOT_ENABLED", "email": None,
        "web-chat": "CHANNEL_NOT_AVAILABLE"}
    assert _availability(ANNA, [1], {"id": 9, "status": "WAITING"}) == {
        "whatsapp": "ACTIVE_THREAD", "viber": "CHANNEL_NOT_ENABLED", "email": None,
        "web-chat": "ACTIVE_THREAD"}, "a disabled channel is named as such before client rules"
    assert _availability({**ANNA, "email": None}, [1, 4], None)["email"] == "NO_EMAIL"
    blocked = _availability({**ANNA, "blocked": True}, [1], None)
    assert blocked == {"whatsapp": "CLIENT_BLOCKED", "viber": "CHANNEL_NOT_ENABLED",
                       "email": "CLIENT_BLOCKED", "web-chat": "CLIENT_BLOCKED"}
    never = rules.check_channel_used(ANNA, CHANNELS[3], CHANNELS, [1])
    assert never.details == {"channel": "web-chat", "availableChannels": ["whatsapp", "email"]}


def test_tags():
    assert rules.check_tags([], [], mandatory=True).code == "TAGS_REQUIRED"
    assert rules.check_tags([], [], mandatory=False) is None
    assert rules.check_tags([1, 7], [{"id": 1}], mandatory=True).details == {"unknown": [7]}


def test_message_shape_and_length():
    whatsapp = CHANNELS[0]
    check = rules.check_content
    assert check(text=" ", attachments=[], template_use=None, template=None, channel=whatsapp,
                 settings=SETTINGS).code == "EMPTY_MESSAGE"
    too_long = check(text="x" * 11, attachments=[], template_use=None, template=None,
                     channel=whatsapp, settings=SETTINGS)
    assert too_long.code == "TEXT_TOO_LONG" and too_long.details["maxLength"] == 10
    both = rules.check_message_shape("text", [], {"id": 1})
    assert (both.code, both.status) == ("VALIDATION", 400)


def test_templates():
    use = {"id": 1, "variables": {"name": "Anna", "order": "7"}}
    assert rules.check_template(TEMPLATE, use, CHANNELS[0], SETTINGS) is None
    assert rules.check_template(TEMPLATE, use, CHANNELS[3], SETTINGS).code == (
        "TEMPLATE_NOT_FOR_CHANNEL")
    viber = _channel(2, "VIBER")
    assert "pick a viber template" in rules.check_template(TEMPLATE, use, viber, SETTINGS).message
    bad = rules.check_template(TEMPLATE, {"id": 1, "variables": {"name": "", "x": "1"}},
                               CHANNELS[0], SETTINGS)
    assert bad.details["missing"] == ["name", "order"] and bad.details["unknown"] == ["x"]
    long_title = rules.check_template(TEMPLATE, {**use, "title": "123456"}, CHANNELS[0], SETTINGS)
    assert long_title.details == {"field": "title", "maxLength": 5, "length": 6}
    assert rules.template_variables(TEMPLATE["text"]) == ["name", "order"]
    assert rules.render_template(TEMPLATE["text"], {"name": "Anna"}) == (
        "Hello Anna, your order {{ order }} is ready")


def test_attachments():
    channel = CHANNELS[0]
    pdf = {"url": "u", "name": "a.pdf", "type": "application/pdf", "size": 10}
    assert rules.check_attachments([pdf], channel) is None
    assert rules.check_attachments([pdf] * 3, channel).details["maxAttachments"] == 2
    big = rules.check_attachments([{**pdf, "size": 3 * 1048576}], channel)
    assert big.message == ("Attachment a.pdf is 3 MB; channel whatsapp accepts files up to 1 MB.")
    assert rules.check_attachments([{**pdf, "type": "Image/PNG; q=1"}], channel) is None
    assert rules.check_attachments([{**pdf, "type": None}], channel).code == "ATTACHMENT_TYPE"


def test_addresses_and_senders():
    assert rules.check_email_address("a.b-c@mail.example.org") is None
    assert rules.check_email_address("ünï@example.org").code == "INVALID_ADDRESS"
    assert rules.check_phone("79161234567") is None
    assert rules.check_phone("+79161234567").code == "INVALID_ADDRESS"
    assert rules.check_profile_email(ANNA, "ANNA@example.org") is None
    boxes = [{"id": 1, "address": "a@x.io", "enabled": True},
             {"id": 2, "address": "b@x.io", "enabled": False}]
    assert rules.check_sender(1, boxes) is None
    assert rules.check_sender(2, boxes).message == (
        "Mailbox b@x.io is disabled; send from one of: a@x.io.")
