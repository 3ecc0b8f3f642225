"""Capabilities: what the probe concludes, how long it is kept, when it is forgotten; and a
send's 4xx answer read as the stand's final word."""

from __future__ import annotations

import stat

import pytest

from msgclient.api import capabilities as caps
from msgclient.api.catalog import Catalog
from msgclient.api.errors import (
    BadRequest,
    NotFound,
    RuleRefused,
    StandRefused,
    Throttled,
    Unauthorized,
    Unsupported,
    error_from_response,
    send_refusal,
)
from msgclient.bulk.outcome import from_error
from msgclient.errors import ExitCode
from msgclient.files.stand import StandFile
from msgclient.rules import text_limit

SPRING_404 = {"timestamp": "2026-11-30T10:00:00.000Z", "status": 404, "error": "Not Found",
              "message": "No message available", "path": "/api/v1/settings"}


class Stand:
    """The HTTP edge: answers GETs from a dict, 404 in Spring's shape for anything else."""

    def __init__(self, answers: dict):
        self.answers, self.asked = answers, []

    def get(self, path, params=None):
        self.asked.append(path)
        if path not in self.answers:
            raise error_from_response(404, {**SPRING_404, "path": path}, None, path)
        return self.answers[path]

    def get_extension(self, path, capability, params=None):
        try:
            return self.get(path, params)
        except NotFound as exc:
            raise Unsupported("gone", status=404, code="NOT_FOUND") from exc


def test_a_stand_without_settings_offers_nothing_beyond_the_documented_api():
    found = caps.probe(Stand({}))
    assert found.documented_only and found.offered == frozenset()
    assert found.settings == caps.DEFAULT_SETTINGS and not found.settings["idempotencyKeys"]
    with pytest.raises(caps.NotOffered) as refused:
        found.require(caps.SEND_TAGS, "send without tags.")
    assert refused.value.message == ("This stand cannot tag an outgoing message; "
                                     "send without tags.")
    assert refused.value.exit_code == ExitCode.USAGE


def test_the_settings_list_names_the_extensions_and_idempotency_needs_both_signs():
    found = caps.from_settings({"mandatoryTags": True, "idempotencyKeys": False,
                                "extensions": ["tags", "idempotency", "no-such-thing"]}, 1.0)
    assert found.offered == {caps.TAGS} and found.settings["mandatoryTags"] is True
    legacy = caps.from_settings({"idempotencyKeys": True}, 1.0)  # a stand older than the list
    assert legacy.offered == caps.ALL and legacy.settings["idempotencyKeys"] is True


def test_the_cache_keeps_what_the_api_offers_for_a_day_but_never_the_settings(tmp_path):
    file = StandFile(tmp_path / "caps", "https://acme.example")
    cache = caps.Cache(file)
    stand = Stand({caps.SETTINGS_PATH: {"mandatoryTags": True, "extensions": ["channels"]}})
    first = caps.Prober(stand, cache).get()
    assert first.settings["mandatoryTags"] is True and stand.asked == [caps.SETTINGS_PATH]
    assert stat.S_IMODE(file.path.stat().st_mode) == 0o600
    again = caps.Prober(stand, cache).get()
    assert again.offered == {caps.CHANNELS} and stand.asked == [caps.SETTINGS_PATH]
    assert again.settings is None, "settings change with an admin's click: read afresh"
    assert cache.load(again.probed_at + caps.TTL_SECONDS + 1) is None
    assert caps.Cache(StandFile(tmp_path / "caps", "https://other.example")).load(0) is None


def test_settings_of_a_cached_stand_are_read_when_needed(tmp_path):
    cache = caps.Cache(StandFile(tmp_path, "https://acme.example"))
    stand = Stand({caps.SETTINGS_PATH: {"mandatoryTags": True, "extensions": []}})
    caps.Prober(stand, cache).get()
    catalog = Catalog(stand, {}, caps.Prober(stand, cache))
    assert catalog.settings["mandatoryTags"] is True
    assert stand.asked == [caps.SETTINGS_PATH, caps.SETTINGS_PATH]


@pytest.mark.parametrize(("answers", "honoured"), [
    ({caps.SETTINGS_PATH: {"idempotencyKeys": True, "extensions": ["idempotency"]}}, True),
    ({caps.SETTINGS_PATH: {"idempotencyKeys": True, "extensions": []}}, False),
    ({caps.SETTINGS_PATH: {"idempotencyKeys": False, "extensions": ["idempotency"]}}, False),
    ({caps.SETTINGS_PATH: {"idempotencyKeys": True}}, True),  # older than the list
    ({}, False),  # edna's documented API alone
])
def test_whether_the_stand_honours_keys_is_asked_in_one_place(tmp_path, answers, honoured):
    assert Catalog(Stand(answers)).honours_keys is honoured
    cache = caps.Cache(StandFile(tmp_path, "https://acme.example"))
    caps.Prober(Stand(answers), cache).get()
    cached = Catalog(Stand(answers), {}, caps.Prober(Stand(answers), cache))
    assert cached.honours_keys is honoured, "the same answer when the settings are read afresh"


@pytest.mark.parametrize(("answers", "required"), [
    ({caps.SETTINGS_PATH: {"mandatoryTags": True, "extensions": []}}, True),
    ({caps.SETTINGS_PATH: {"mandatoryTags": False, "extensions": ["tags"]}}, False),
    ({caps.SETTINGS_PATH: {"extensions": ["tags"]}}, False),
    ({}, False),  # edna's documented API alone
])
def test_whether_tags_are_required_is_read_in_one_place(tmp_path, answers, required):
    assert Catalog(Stand(answers)).tags_required is required
    cache = caps.Cache(StandFile(tmp_path, "https://acme.example"))
    caps.Prober(Stand(answers), cache).get()
    cached = Catalog(Stand(answers), {}, caps.Prober(Stand(answers), cache))
    assert cached.tags_required is required, "the same answer when the settings are read afresh"


def test_a_docs_only_stand_is_never_asked_for_an_extension_and_the_profile_stands_in():
    stand = Stand({})
    catalog = Catalog(stand, {"channels": [{"id": 7, "type": "VIBER"}]})
    [viber] = catalog.channels
    assert viber["enabled"] is True and viber["limits"]["attachmentTypes"] is None
    with pytest.raises(Unsupported) as missing:
        _ = catalog.tags
    assert "under 'tags' in the profile" in missing.value.hint
    assert catalog.known("templates") == []
    assert stand.asked == [caps.SETTINGS_PATH], "only the probe"


def test_an_extension_that_answers_404_makes_the_cache_stale(tmp_path):
    cache = caps.Cache(StandFile(tmp_path, "https://acme.example"))
    stand = Stand({caps.SETTINGS_PATH: {"extensions": ["tags"]}})
    prober = caps.Prober(stand, cache)
    catalog = Catalog(stand, {}, prober)
    with pytest.raises(Unsupported):
        _ = catalog.tags  # offered, yet 404: the stand changed
    assert cache.load(0.0) is None and not cache.file.path.exists()


def spring(status: int, message: str):
    return error_from_response(status, {"status": status, "error": "Bad Request",
                                        "message": message, "path": "/api/v1/messages/outgoing"},
                               None, "/api/v1/messages/outgoing")


@pytest.mark.parametrize(("message", "code"), [
    ("Client is blocked", "CLIENT_BLOCKED"), ("Client has active thread", "ACTIVE_THREAD"),
    ("Thread 5 is not closed", "THREAD_NOT_CLOSED"),
    ("Channel VIBER is not enabled", "CHANNEL_NOT_ENABLED")])
def test_an_uncoded_refusal_is_read_as_the_rule_its_words_name(message, code):
    error = send_refusal(spring(400, message))
    assert isinstance(error, RuleRefused) and error.code == code
    assert error.exit_code == ExitCode.REFUSED
    assert from_error(error).state == "refused"


@pytest.mark.parametrize("status", [400, 404, 409, 410, 413, 422])
def test_any_other_4xx_to_a_send_is_the_stands_final_word(status):
    error = send_refusal(spring(status, "Something unusual"))
    assert isinstance(error, StandRefused) and error.exit_code == ExitCode.REFUSED
    assert error.message == "The stand refused the message: Something unusual."
    assert from_error(error).state == "refused", "bulk resume does not send it again"


@pytest.mark.parametrize(("status", "kind"), [(401, Unauthorized), (429, Throttled)])
def test_not_now_is_not_no(status, kind):
    error = send_refusal(spring(status, "later"))
    assert isinstance(error, kind) and from_error(error).state == "failed"


def test_a_coded_answer_keeps_its_meaning():
    coded = error_from_response(400, {"code": "VALIDATION", "message": "bad"}, None, "/x")
    assert send_refusal(coded) is coded and isinstance(coded, BadRequest)


@pytest.mark.parametrize(("status", "body", "lacks"), [
    (404, SPRING_404, True), (405, {}, True), (405, {"code": "METHOD_NOT_ALLOWED"}, True),
    (404, {"code": "NOT_FOUND", "message": "Thread 5 does not exist."}, True),
    (404, {"code": "CHANNEL_NOT_AVAILABLE"}, False), (400, {}, False), (500, {}, False),
])
def test_one_reading_of_an_absent_endpoint(status, body, lacks):
    """The same answer means 'no such extension' to every extension GET and to uploads."""
    assert error_from_response(status, body, None, "/api/v1/x").lacks_endpoint is lacks


def test_the_client_and_the_sandbox_read_a_channels_text_limit_the_same_way():
    settings = {**caps.DEFAULT_SETTINGS, "textMaxLength": 1000, "emailTextMaxLength": 5000}
    assert (text_limit("EMAIL", settings), text_limit("VIBER", settings)) == (5000, 1000)
    catalog = Catalog(Stand({caps.SETTINGS_PATH: {**settings, "extensions": []}}),
                      {"channels": [{"id": 1, "type": "EMAIL"}, {"id": 2, "type": "VIBER"}]})
    assert [c["limits"]["textMaxLength"] for c in catalog.channels] == [5000, 1000]
