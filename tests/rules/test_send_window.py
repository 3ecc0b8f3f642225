"""rules/send_window.py: windows, zones, durations and moments, decided by a clock passed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from msgclient.rules.send_window import (
    Schedule,
    ScheduleProblem,
    parse_duration,
    parse_moment,
    parse_window,
    zone,
)

BERLIN = zone("Europe/Berlin")
WINDOW = parse_window("Mon-Fri 09:00-20:00,Sat 10:00-18:00")
MONDAY_0859_BERLIN = datetime(2026, 12, 7, 7, 59, tzinfo=UTC)  # 08:59 in Berlin


def test_inside_the_window_it_is_open():
    assert WINDOW.opens(datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)) is None
    assert WINDOW.opens(datetime(2026, 12, 12, 17, 59, tzinfo=BERLIN)) is None  # Saturday


def test_before_and_after_it_opens_next():
    assert WINDOW.opens(datetime(2026, 12, 7, 8, 59, tzinfo=BERLIN)) == \
        datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
    # Friday 20:00 is closed; Saturday opens at 10:00; Saturday 18:00 waits for Monday.
    assert WINDOW.opens(datetime(2026, 12, 11, 20, 0, tzinfo=BERLIN)) == \
        datetime(2026, 12, 12, 10, 0, tzinfo=BERLIN)
    assert WINDOW.opens(datetime(2026, 12, 12, 18, 0, tzinfo=BERLIN)) == \
        datetime(2026, 12, 14, 9, 0, tzinfo=BERLIN)


def test_ranges_wrap_and_days_join():
    window = parse_window("Fri-Mon 10:00-12:00")
    assert {s for span in window.spans for s in span.days} == {4, 5, 6, 0}
    assert parse_window("Sat+Sun 00:00-24:00").opens(
        datetime(2026, 12, 13, 23, 59, tzinfo=BERLIN)) is None


@pytest.mark.parametrize("spec, words", [
    ("", "at least one part"), ("Mon-Fri", "not a span of hours"),
    ("Funday 09:00-10:00", "not a day"), ("Mon 20:00-09:00", "ends before it starts"),
    ("Mon 25:00-26:00", "not a time of day"), ("Mon 09:00 - 10:00", "not a window part"),
])
def test_a_window_that_cannot_be_read_says_why(spec, words):
    with pytest.raises(ScheduleProblem, match=words):
        parse_window(spec)


def test_zones_durations_and_moments():
    with pytest.raises(ScheduleProblem, match="not a time zone"):
        zone("Mars/Olympus")
    assert parse_duration("4h") == timedelta(hours=4)
    assert parse_duration("90m") == timedelta(minutes=90)
    with pytest.raises(ScheduleProblem, match="not a duration"):
        parse_duration("4 hours")
    # A bare time of day is the next one in the given zone; a date-time without offset too.
    assert parse_moment("18:00", MONDAY_0859_BERLIN, BERLIN) == \
        datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
    assert parse_moment("08:00", MONDAY_0859_BERLIN, BERLIN) == \
        datetime(2026, 12, 8, 7, 0, tzinfo=UTC)
    assert parse_moment("2026-12-08 09:00", MONDAY_0859_BERLIN, BERLIN) == \
        datetime(2026, 12, 8, 8, 0, tzinfo=UTC)
    assert parse_moment("2026-12-08T09:00+00:00", MONDAY_0859_BERLIN, BERLIN) == \
        datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


def test_decide_holds_sends_and_expires():
    schedule = Schedule(WINDOW)
    held = schedule.decide(MONDAY_0859_BERLIN, "Europe/Berlin")
    assert (held.state, held.until) == ("held", datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    assert held.reason == "held until 09:00 Europe/Berlin (Mon 2026-12-07)"
    assert schedule.decide(MONDAY_0859_BERLIN + timedelta(minutes=1), "Europe/Berlin").state \
        == "send"
    # A deadline before the window opens: it can never go, so it expires now.
    short = Schedule(WINDOW, not_after=MONDAY_0859_BERLIN + timedelta(seconds=30))
    assert short.decide(MONDAY_0859_BERLIN, "Europe/Berlin").state == "expired"
    late = Schedule(not_after=MONDAY_0859_BERLIN)
    assert late.decide(MONDAY_0859_BERLIN, None).state == "expired"
    start = Schedule(start_at=MONDAY_0859_BERLIN + timedelta(hours=1))
    assert start.decide(MONDAY_0859_BERLIN, None).until == start.start_at


def test_a_schedule_survives_the_journal():
    schedule = Schedule(WINDOW, MONDAY_0859_BERLIN, MONDAY_0859_BERLIN + timedelta(hours=4))
    assert Schedule.from_json(schedule.to_json()) == schedule
    assert Schedule.from_json(None) is None
