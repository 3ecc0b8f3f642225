"""When a bulk row may go out: a send window in the client's local time, a start time and a
deadline. Pure: the clock is passed in (`now`, an aware datetime), nothing is read or written.

A window is "Mon-Fri 09:00-20:00,Sat 10:00-18:00": parts separated by commas, each days
(a day, a range of days, or several joined by '+') and one span of the local clock; a span
ends after its start, on the same day. Zones are IANA names read with zoneinfo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_DURATION = re.compile(r"^(\d+)\s*(m|min|h|d)$", re.IGNORECASE)
_DURATION_SECONDS = {"m": 60, "min": 60, "h": 3600, "d": 86400}


class ScheduleProblem(ValueError):
    """A window, zone, duration or time that cannot be read; the message says why."""


@dataclass(frozen=True)
class Span:
    days: frozenset[int]  # 0 = Monday
    start: time
    end: time


@dataclass(frozen=True)
class Window:
    spec: str
    spans: tuple[Span, ...]

    def opens(self, local: datetime) -> datetime | None:
        """None if `local` (aware, in the client's zone) is inside the window, else the local
        time it next opens (within a week: every window opens at least once a week)."""
        for span in self.spans:
            if local.weekday() in span.days and span.start <= local.time() < span.end:
                return None
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            starts = sorted(s.start for s in self.spans if day.weekday() in s.days)
            for start in starts:
                at = _local(day, start, local.tzinfo)
                if at > local:
                    return at
        raise AssertionError("a parsed window opens within a week")  # parse_window ensures it


def _local(day: date, at: time, zone) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def parse_window(spec: str) -> Window:
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    if not parts:
        raise ScheduleProblem("a send window needs at least one part, like 'Mon-Fri 09:00-20:00'")
    return Window(spec.strip(), tuple(_span(part) for part in parts))


def _span(part: str) -> Span:
    words = part.split()
    if len(words) == 1:  # "09:00-20:00": every day
        days, clock = frozenset(range(7)), words[0]
    elif len(words) == 2:
        days, clock = _days(words[0], part), words[1]
    else:
        raise ScheduleProblem(f"'{part}' is not a window part; write days and hours, like "
                              "'Mon-Fri 09:00-20:00'")
    found = _SPAN.match(clock)
    if not found:
        raise ScheduleProblem(f"'{clock}' in '{part}' is not a span of hours; write HH:MM-HH:MM")
    h1, m1, h2, m2 = (int(g) for g in found.groups())
    end_of_day = (h2, m2) == (24, 0)
    if h1 > 23 or m1 > 59 or m2 > 59 or (h2 > 23 and not end_of_day):
        raise ScheduleProblem(f"'{clock}' in '{part}' is not a time of day")
    start, end = time(h1, m1), time.max if end_of_day else time(h2, m2)
    if end <= start:
        raise ScheduleProblem(f"'{clock}' in '{part}' ends before it starts; a span stays within "
                              "one day (write 22:00-24:00 and 00:00-06:00 for a night)")
    return Span(days, start, end)


def _days(text: str, part: str) -> frozenset[int]:
    found: set[int] = set()
    for piece in text.lower().split("+"):
        first, _, last = piece.partition("-")
        if first[:3] not in DAYS or (last and last[:3] not in DAYS):
            raise ScheduleProblem(f"'{text}' in '{part}' is not a day or a range of days; use "
                                  "Mon, Tue, Wed, Thu, Fri, Sat, Sun (Mon-Fri, Sat+Sun)")
        a = DAYS.index(first[:3])
        b = DAYS.index(last[:3]) if last else a
        found.update(DAYS.index(d) % 7 for d in _cycle(a, b))
    return frozenset(found)


def _cycle(a: int, b: int) -> list[str]:
    """Days a..b, wrapping past Sunday (Fri-Mon)."""
    return [DAYS[(a + i) % 7] for i in range((b - a) % 7 + 1)]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleProblem(f"'{name}' is not a time zone; give an IANA name like "
                              "Europe/Berlin") from None


def zone_problem(name: str) -> str | None:
    try:
        zone(name)
    except ScheduleProblem as exc:
        return str(exc)
    return None


def window_problem(spec: str) -> str | None:
    try:
        parse_window(spec)
    except ScheduleProblem as exc:
        return str(exc)
    return None


def parse_duration(text: str) -> timedelta:
    found = _DURATION.match(text.strip())
    if not found or int(found.group(1)) == 0:
        raise ScheduleProblem(f"'{text}' is not a duration; give minutes, hours or days, like "
                              "90m, 4h or 2d")
    return timedelta(seconds=int(found.group(1)) * _DURATION_SECONDS[found.group(2).lower()])


def parse_moment(text: str, now: datetime, local) -> datetime:
    """A time of day ("18:00": the next one, in the `local` zone) or an ISO 8601 date-time
    ("2026-12-08 09:00", local unless it has an offset), as an aware UTC datetime."""
    value = text.strip()
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise ScheduleProblem(f"'{text}' is not a time of day")
        here = now.astimezone(local)
        at = _local(here.date(), time(hour, minute), local)
        if at <= here:
            at = _local(here.date() + timedelta(days=1), time(hour, minute), local)
        return at.astimezone(UTC)
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ScheduleProblem(f"'{text}' is not a time; give HH:MM or an ISO 8601 date-time "
                              "like 2026-12-08 09:00") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=local)
    return at.astimezone(UTC)


@dataclass(frozen=True)
class Decision:
    state: str                    # send | held | expired
    until: datetime | None = None  # held: when it may go (UTC)
    reason: str | None = None


SEND = Decision("send")


@dataclass(frozen=True)
class Schedule:
    window: Window | None = None
    start_at: datetime | None = None   # UTC
    not_after: datetime | None = None  # UTC

    def decide(self, now: datetime, client_zone: str | None) -> Decision:
        """Whether a row may go at `now` (aware), for a client in `client_zone`."""
        if self.not_after is not None and now >= self.not_after:
            return Decision("expired", reason=f"not sent by {_utc(self.not_after)}, its "
                                              "deadline")
        until, why = None, ""
        if self.start_at is not None and now < self.start_at:
            until, why = self.start_at, f"held until {_utc(self.start_at)} (--start-at)"
        if self.window is not None:
            place = zone(client_zone or "UTC")
            opens = self.window.opens(max(now, until or now).astimezone(place))
            if opens is not None:
                until = opens.astimezone(UTC)
                why = f"held until {opens:%H:%M} {place.key} ({opens:%a %Y-%m-%d})"
        if until is None:
            return SEND
        if self.not_after is not None and until >= self.not_after:
            return Decision("expired", reason=f"{why.replace('held until', 'could go at')}, "
                                              f"after its deadline {_utc(self.not_after)}")
        return Decision("held", until, why)

    def to_json(self) -> dict:
        return {"window": self.window.spec if self.window else None,
                "startAt": self.start_at.isoformat() if self.start_at else None,
                "notAfter": self.not_after.isoformat() if self.not_after else None}

    @classmethod
    def from_json(cls, data: dict | None) -> Schedule | None:
        if not data:
            return None
        def at(key: str) -> datetime | None:
            return datetime.fromisoformat(data[key]) if data.get(key) else None
        window = parse_window(data["window"]) if data.get("window") else None
        return cls(window, at("startAt"), at("notAfter"))

    @property
    def empty(self) -> bool:
        return self.window is None and self.start_at is None and self.not_after is None


def _utc(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
