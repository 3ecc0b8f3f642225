"""A bulk file names the same channel and tags on every row: what a name found in one
catalogue list is remembered (issue 23), and a new list is looked up afresh."""

from __future__ import annotations

import pytest

from msgclient.errors import UsageError
from msgclient.outgoing import names

TAGS = [{"id": 3, "name": "Feedback", "path": "Feedback"},
        {"id": 4, "name": "Sales", "path": "Sales"}]
CHANNELS = [{"id": 2, "name": "Viber", "type": "VIBER", "enabled": True}]


def _counting(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = names.key_of

    def key_of(text):
        seen.append(text)
        return real(text)
    monkeypatch.setattr(names, "key_of", key_of)
    return seen


def test_tags_and_channel_are_looked_up_once_per_list(monkeypatch):
    tags, channels = list(TAGS), list(CHANNELS)
    seen = _counting(monkeypatch)
    for _ in range(100):
        assert names.find_tags(tags, ("Feedback",)) == (3,)
        assert names.find_channel(channels, "viber") is channels[0]
    assert len(seen) < 20  # one look-up each, not one a row


def test_another_list_is_looked_up_afresh():
    assert names.find_tags(list(TAGS), ("Sales",)) == (4,)
    renamed = [{"id": 9, "name": "Sales", "path": "Sales"}]
    assert names.find_tags(renamed, ("Sales",)) == (9,)


def test_a_refused_name_is_refused_every_time():
    tags = list(TAGS)
    for _ in range(2):
        with pytest.raises(UsageError, match="Tag 'Nope'"):
            names.find_tags(tags, ("Nope",))
