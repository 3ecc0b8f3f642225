"""A stand's 400 for a channelType value it does not know reads as one line naming the
profile setting that gives the value; a rule naming the channel stays that rule."""

from __future__ import annotations

from msgclient.api.catalog import Catalog, Sender
from msgclient.api.errors import ApiError, error_from_response, send_refusal
from msgclient.errors import ExitCode
from msgclient.outgoing.body import wire_type_refusal
from msgclient.outgoing.model import PreparedSend

SPRING = {"timestamp": "2026-12-04T10:00:00.000Z", "error": "x", "path": "/p"}
CHANNELS = [{"id": 1, "type": "WHATSAPP"}, {"id": 2, "type": "VIBER"}]


class Stand:
    """An HTTP edge that offers nothing beyond edna's documented API."""

    def get(self, path, params=None, *, expect=None):
        raise error_from_response(404, {**SPRING, "status": 404, "message": "No message"},
                                  None, path)


def catalog(tmp_path) -> Catalog:
    return Catalog(Stand(), {"channels": CHANNELS}, sender=Sender(login="anna", profile="acme"))


def _refused(message: str) -> ApiError:
    return send_refusal(error_from_response(400, {**SPRING, "status": 400, "message": message},
                                            None, "/api/v1/messages/outgoing-from-myself"))


PREPARED = PreparedSend("/api/v1/messages/outgoing-from-myself",
                        {"threadsClientId": 10, "channelType": "VIBER", "text": "hi"},
                        {"channelId": 2})


def test_a_stands_400_for_an_unknown_channel_type_names_the_setting(tmp_path):
    book = catalog(tmp_path)
    error = wire_type_refusal(book, PREPARED, _refused(
        'JSON parse error: Cannot deserialize value of type `ChannelType` from String "VIBER": '
        "not one of the values accepted for Enum class: [WHATSAPP, MOBILE]"))
    assert error.message == (
        "The stand does not know channelType VIBER for viber (a guess: edna publishes no "
        "value); set channel_types: {VIBER: VALUE} in profile 'acme' to the value your stand "
        "uses (see config.example.yaml).")
    assert error.exit_code == ExitCode.USAGE and error.code == "UNKNOWN_CHANNEL_TYPE"


def test_a_rule_naming_the_channel_is_still_the_rule_and_a_bare_400_gets_a_hint(tmp_path):
    book = catalog(tmp_path)
    rule = wire_type_refusal(book, PREPARED, _refused("Client has no thread in channel VIBER"))
    assert rule.code == "CHANNEL_NOT_AVAILABLE" and rule.exit_code == ExitCode.REFUSED
    bare = wire_type_refusal(book, PREPARED, _refused("Bad Request"))
    assert bare.message == "The stand refused the message: Bad Request."
    assert "If the stand does not know channelType VIBER" in bare.hint
    assert "channel_types: {VIBER: VALUE} in profile 'acme'" in bare.hint
