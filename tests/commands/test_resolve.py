"""Turning what the user typed into what the stand wants."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from msgclient.commands.resolve import channel_ids, parse_when
from msgclient.commands.threads.list import _statuses
from msgclient.errors import UsageError
from msgclient.rules import CLI_TO_TYPE

NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
KNOWN = ("NEW", "WAITING", "CLOSED")


@pytest.mark.parametrize("typed, expected", [
    ("7d", "2026-11-18T12:00:00.000Z"),
    ("12h", "2026-11-25T00:00:00.000Z"),
    ("90m", "2026-11-25T10:30:00.000Z"),
    ("2w", "2026-11-11T12:00:00.000Z"),
    ("2026-11-01T09:30:00+03:00", "2026-11-01T06:30:00.000Z"),
    ("2026-11-01T09:30:00.250Z", "2026-11-01T09:30:00.250Z"),
])
def test_parse_when(typed, expected):
    assert parse_when(typed, "--since", now=NOW) == expected


@pytest.mark.parametrize("typed", ["yesterday", "7 days", "2026-13-01", "d7", ""])
def test_parse_when_refuses_what_it_cannot_read(typed):
    with pytest.raises(UsageError, match="--since"):
        parse_when(typed, "--since", now=NOW)


def test_status_groups_and_case():
    assert _statuses(["closed"], KNOWN) == ["CLOSED"]
    assert _statuses(["active"], KNOWN) == ["NEW", "WAITING"]
    assert _statuses(["all"], KNOWN) == list(KNOWN)
    assert _statuses(["new,waiting", "NEW"], KNOWN) == ["NEW", "WAITING"]
    with pytest.raises(UsageError, match="Unknown status 'OPEN'"):
        _statuses(["open"], KNOWN)


def test_every_channel_name_send_offers_is_one_threads_list_accepts():
    """web-widget is the WEB channel reached by an external id: the filter takes it too."""
    channels = [{"id": n, "type": t, "name": t.title(), "enabled": True}
                for n, t in enumerate(dict.fromkeys(CLI_TO_TYPE.values()), 1)]
    catalog = SimpleNamespace(channels=channels)
    for name, ctype in CLI_TO_TYPE.items():
        assert channel_ids(catalog, [name]) == [c["id"] for c in channels
                                                if c["type"] == ctype], name
