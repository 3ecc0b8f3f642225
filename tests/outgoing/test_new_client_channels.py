"""Which channels reach a new client by which address: one table (outgoing/model), one check
and one sentence, asked by send's flag check and by draft (send and bulk alike)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from msgclient.commands.send.given import _check_channel_fits
from msgclient.errors import UsageError
from msgclient.outgoing.draft import channel_for
from msgclient.outgoing.errors import InvalidMessage
from msgclient.outgoing.model import (
    KINDS,
    NEW_CLIENT_CHANNELS,
    NEW_CLIENT_TYPES,
    Message,
    Recipient,
    new_client_misfit,
)
from msgclient.rules import CLI_TO_TYPE

ADDRESSES = ("phone", "email", "client_id", "external_id")
VALUES = {"phone": "+4915112345678", "email": "eva@example.org", "client_id": "c-1",
          "external_id": "x-1"}


def test_the_other_direction_is_derived_from_the_table():
    assert NEW_CLIENT_TYPES == {"phone": ("WHATSAPP", "VIBER"), "email": ("EMAIL",),
                                "client_id": ("WEB", "MOBILE"),
                                "external_id": ("WEB", "MOBILE")}
    assert KINDS == ("thread", "client", *ADDRESSES)
    assert set(NEW_CLIENT_CHANNELS) < set(CLI_TO_TYPE), "telegram reaches no new client"


@pytest.mark.parametrize("kind", ADDRESSES)
@pytest.mark.parametrize("name", sorted(CLI_TO_TYPE))
def test_the_flag_check_and_the_draft_check_ask_the_same_table(kind, name):
    fits = kind in NEW_CLIENT_CHANNELS.get(name, ())
    assert (new_client_misfit(kind, name) is None) is fits
    if fits:
        _check_channel_fits(name, kind)
    else:
        with pytest.raises(UsageError) as flagged:
            _check_channel_fits(name, kind)
        assert flagged.value.message == new_client_misfit(
            kind, name, named={"phone": "--phone", "email": "--email",
                               "client_id": "--authorised-id", "external_id": "--external-id"})
    # draft knows the channel, not the name typed: a WEB channel reached by an external id
    # is the web widget, so only the channel's type counts there.
    ctype = CLI_TO_TYPE[name]
    catalog = SimpleNamespace(channels=[{"id": 1, "type": ctype, "name": ctype.title(),
                                         "enabled": True}])
    recipient, message = Recipient(kind, VALUES[kind]), Message(channel=name)
    if ctype in NEW_CLIENT_TYPES[kind]:
        assert channel_for(catalog, recipient, message)["type"] == ctype
    else:
        with pytest.raises(InvalidMessage) as drafted:
            channel_for(catalog, recipient, message)
        assert drafted.value.message.startswith(
            new_client_misfit(kind, name).split(";")[0] + ";")


def test_one_sentence_names_the_channels_that_fit():
    assert new_client_misfit("external_id", "web-chat", "7") == (
        "A new client's external id is reached over web-widget or mobile-app, not 7; "
        "web-chat needs client_id, not external_id.")
    assert new_client_misfit("phone", "telegram") == (
        "A new client's phone is reached over whatsapp or viber, not telegram; telegram does "
        "not reach new clients.")
