"""The documented ways msgclient uses on a stand that speaks edna's API alone: the bot API's
history (tried once per stand and account, kept with the capabilities), the profile by
external id, and the channelType values with where each comes from."""

from __future__ import annotations

import pytest

from msgclient.api import capabilities as caps
from msgclient.api.catalog import Catalog, Sender
from msgclient.api.clients import profile_by_external_id
from msgclient.api.errors import ApiError, error_from_response
from msgclient.api.threads import BOT_HISTORY_PATH, history
from msgclient.files.stand import StandFile

SPRING = {"timestamp": "2026-12-04T10:00:00.000Z", "error": "x", "path": "/p"}
CHANNELS = [{"id": 1, "type": "WHATSAPP"}, {"id": 2, "type": "VIBER"}, {"id": 4, "type": "WEB"}]


class Stand:
    """The HTTP edge: GETs answered from a dict of path -> answer (an int is that error
    status, in Spring's shape); every request is noted."""

    def __init__(self, answers: dict):
        self.answers, self.asked = answers, []

    def get(self, path, params=None, *, expect=None):
        self.asked.append((path, params))
        answer = self.answers.get(path, 404)
        if isinstance(answer, int):
            raise error_from_response(answer, {**SPRING, "status": answer,
                                               "message": "Access Denied"}, None, path)
        return answer

    def get_extension(self, path, capability, params=None):
        return self.get(path, params)


def catalog(stand, tmp_path) -> Catalog:
    cache = caps.Cache(StandFile(tmp_path / "caps", "https://acme.example"))
    return Catalog(stand, {"channels": CHANNELS}, caps.Prober(stand, cache))


BOT = [{"text": "Hi", "sender": "CLIENT", "receivedDate": "2026-12-01T10:00:00.000Z"},
       {"text": "Hello", "sender": "OPERATOR", "receivedDate": "2026-12-01T10:01:00.000Z"}]


def test_the_bot_apis_history_is_shown_and_so_kept(tmp_path):
    stand = Stand({BOT_HISTORY_PATH: BOT})
    first = catalog(stand, tmp_path)
    assert history(first, 7) == [
        {"direction": "INCOMING", "authorType": "CLIENT", "text": "Hi",
         "createdAt": "2026-12-01T10:00:00.000Z"},
        {"direction": "OUTGOING", "authorType": "OPERATOR", "text": "Hello",
         "createdAt": "2026-12-01T10:01:00.000Z"}]
    assert (BOT_HISTORY_PATH, {"threadId": 7}) in stand.asked
    assert catalog(stand, tmp_path).bot_history is True  # the next command knows it


@pytest.mark.parametrize("status", [401, 403, 404])
def test_a_refusal_there_means_not_shown_to_this_account_never_an_expired_login(tmp_path,
                                                                               status):
    stand = Stand({BOT_HISTORY_PATH: status})
    assert history(catalog(stand, tmp_path), 7) is None
    asked = list(stand.asked)
    assert asked == [(caps.SETTINGS_PATH, None), (BOT_HISTORY_PATH, {"threadId": 7})]
    later = catalog(stand, tmp_path)  # another command, the same stand: not asked again
    assert history(later, 8) is None and stand.asked == asked
    # A new login probes afresh (auth login refreshes): the other account is asked again.
    cache = caps.Cache(StandFile(tmp_path / "caps", "https://acme.example"))
    caps.Prober(stand, cache).get(refresh=True)
    assert catalog(stand, tmp_path).bot_history is None


def test_other_failures_are_said_as_they_are(tmp_path):
    with pytest.raises(ApiError) as failed:
        history(catalog(Stand({BOT_HISTORY_PATH: 500}), tmp_path), 7)
    assert failed.value.status == 500


def test_the_history_extension_comes_first_where_offered(tmp_path):
    class Paged(Stand):
        def paginate(self, path, params=None, *, page_size=100):
            self.asked.append((path, None))
            return iter([{"id": 1, "text": "from the extension"}])

    stand = Paged({caps.SETTINGS_PATH: {"extensions": ["history"]}, BOT_HISTORY_PATH: BOT})
    assert history(catalog(stand, tmp_path), 7) == [{"id": 1, "text": "from the extension"}]
    assert all(path != BOT_HISTORY_PATH for path, _ in stand.asked)


def test_the_profile_by_external_id_quotes_the_id_and_a_404_is_nobody():
    stand = Stand({"/api/v1/clients/web%2F1%3Fx/profile": {"blocked": True}})
    assert profile_by_external_id(stand, "web/1?x") == {"blocked": True}
    assert profile_by_external_id(stand, "nobody") is None


def test_channel_types_and_where_each_comes_from():
    default = Sender(login="anna")
    assert [default.wire_type(t) for t in ("WHATSAPP", "VIBER", "WEB", "MOBILE")] == [
        "WHATSAPP", "VIBER", "WEB", "MOBILE"]
    assert default.wire_source("WEB") == "edna's web widget"
    assert default.guessed("VIBER") and not default.guessed("MOBILE")
    mine = Sender(login="anna", channel_types={"VIBER": "VIBER_BM"}, profile="acme")
    assert (mine.wire_type("VIBER"), mine.wire_source("VIBER")) == ("VIBER_BM", "profile 'acme'")
    assert not mine.guessed("VIBER")
