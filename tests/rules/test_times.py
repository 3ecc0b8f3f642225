"""edna's one time format (rules/times.py), written and read the same way by the client's
--since, the WhatsApp window's refusal and the sandbox."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from msgclient.commands.resolve import parse_when
from msgclient.rules import check_whatsapp_window
from msgclient.rules.times import iso, parse_iso
from msgclient.sandbox.store.times import now_iso
from msgclient.terminal.render import local_minute, short_time

EDNA = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
MOMENT = datetime(2022, 2, 4, 10, 59, 5, 517_999, tzinfo=timezone(timedelta(hours=3)))


def test_the_format_is_utc_with_milliseconds_cut_not_rounded():
    assert iso(MOMENT) == "2022-02-04T07:59:05.517Z"
    assert iso(datetime(999, 1, 2, tzinfo=UTC)) == "0999-01-02T00:00:00.000Z"


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-02-04T07:59:05.517Z", "2022-02-04T07:59:05.517Z"),
    ("2022-02-04T10:59:05.517+03:00", "2022-02-04T07:59:05.517Z"),
    ("2022-02-04T07:59:05", "2022-02-04T07:59:05.000Z"),  # naive: UTC
])
def test_any_iso_instant_is_read_and_written_back_in_the_format(text, expected):
    assert iso(parse_iso(text)) == expected
    with pytest.raises(ValueError):
        parse_iso("yesterday")


def test_the_client_and_the_sandbox_write_the_same_format():
    assert parse_when("2022-02-04T10:59:05.517999+03:00", "--since") == iso(MOMENT)
    assert EDNA.match(parse_when("7d", "--since")) and EDNA.match(now_iso())
    whatsapp = {"id": 1, "type": "WHATSAPP"}
    refusal = check_whatsapp_window(whatsapp, None, MOMENT, MOMENT + timedelta(days=2))
    assert refusal.details["lastWrote"] == iso(MOMENT)


def test_people_see_one_local_format_for_a_stand_time_and_a_computed_one():
    shown = local_minute(MOMENT)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", shown)
    assert short_time(iso(MOMENT)) == shown and short_time(None) == ""
