"""A name that could mean two of the stand's objects is refused, naming both (issue: hostile
inputs round three, class 9); one that means one of them is found as before."""

from __future__ import annotations

import pytest

from msgclient.outgoing.errors import InvalidMessage
from msgclient.outgoing.names import find_channel, find_mailbox, find_template

VIBERS = [{"id": 2, "type": "VIBER", "name": "Viber Sales", "enabled": True},
          {"id": 7, "type": "VIBER", "name": "Viber Support", "enabled": True},
          {"id": 8, "type": "VIBER", "name": "Viber Old", "enabled": False}]


def test_two_enabled_channels_of_one_kind_are_not_chosen_between():
    with pytest.raises(InvalidMessage) as info:
        find_channel(VIBERS, "viber")
    assert info.value.message == ("Channel 'viber' could be 'Viber Sales' (id 2) and "
                                  "'Viber Support' (id 7); which one is meant? Give its id.")
    assert find_channel(VIBERS, "7")["id"] == 7
    assert find_channel(VIBERS, "Viber Sales")["id"] == 2
    assert find_channel(VIBERS[1:], "viber")["id"] == 7  # the disabled one is no rival


def test_a_template_name_twice_on_one_channel_is_refused():
    templates = [{"id": 4, "name": "hello", "channelType": "VIBER"},
                 {"id": 9, "name": "Hello", "channelType": "VIBER"},
                 {"id": 1, "name": "hello", "channelType": "WHATSAPP"}]
    with pytest.raises(InvalidMessage, match="Template 'hello' could be id 4 and id 9, both "
                                             "for VIBER; which one is meant"):
        find_template(templates, "hello", {"type": "VIBER"})
    assert find_template(templates, "hello", {"type": "WHATSAPP"})["id"] == 1
    assert find_template(templates, "9", {"type": "VIBER"})["id"] == 9


def test_a_mailbox_address_twice_is_refused():
    boxes = [{"id": 1, "address": "support@example.com", "enabled": True},
             {"id": 2, "address": "Support@example.com", "enabled": True}]
    with pytest.raises(InvalidMessage, match="could be id 1 and id 2; which one is meant"):
        find_mailbox(boxes, "support@example.com")
    assert find_mailbox(boxes, "2")["id"] == 2
