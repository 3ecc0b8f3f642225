"""The bulk pace learns a stand's rate limit from its 429s, holds just under it, and never
goes above --rate. Unit tests run a simulated stand on a fake clock; the last test runs the
CLI against the sandbox with a real limit."""

from __future__ import annotations

import heapq
import io
import json
import random

import pytest

from msgclient.__main__ import main
from msgclient.bulk.adaptive import HOLD, AdaptivePace, announced_limit
from msgclient.bulk.outcome import Outcome
from msgclient.commands.bulk.progress import ProgressBar, Tally
from msgclient.sandbox.ratelimit import Bucket, RateLimitConfig
from msgclient.terminal.iostreams import IOStreams
from tests.bulk.conftest import outgoing_by_phone, phone_rows, phones
from tests.conftest import start_stand

POLICY = {"RateLimit-Policy": '"limit";q=100;w=1'}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def simulate(limit: float, seconds: float, ceiling: float | None = None, announce=False,
             concurrency: int = 32, rtt: float = 0.05) -> tuple[AdaptivePace, dict]:
    """Workers take slots from the pace and send to a stand limited by a token bucket; a 429
    comes back after rtt, and its row is tried again a second later (Retry-After: 1)."""
    clock = Clock()
    pace = AdaptivePace(ceiling, clock=clock)
    stand = Bucket(limit, clock=clock)
    headers = {"RateLimit-Policy": f'"limit";q={limit:g};w=1'} if announce else {}
    events = [(0.0, n, "free") for n in range(concurrency)]
    seen = {"sent": [], "throttled": 0, "requests": 0}
    while events:
        at, worker, what = heapq.heappop(events)
        clock.now = at
        if at > seconds:
            break
        if what == "free":
            heapq.heappush(events, (at + pace.reserve(), worker, "send"))
        elif what == "send":
            seen["requests"] += 1
            ok = stand.wait() == 0
            if ok:
                stand.take()
            heapq.heappush(events, (at + rtt, worker, ("answer", at, ok)))
        else:
            _, sent_at, ok = what
            pace.observe(200 if ok else 429, sent_at, {} if ok else headers)
            if ok:
                seen["sent"].append(sent_at)
            else:
                seen["throttled"] += 1
            heapq.heappush(events, (at + (0 if ok else 1.0), worker, "free"))
    return pace, seen


def rate_between(sent: list[float], start: float, end: float) -> float:
    return sum(start <= t < end for t in sent) / (end - start)


def test_without_429s_there_is_no_pace():
    pace, seen = simulate(limit=10_000, seconds=3)
    assert pace.rate is None and seen["throttled"] == 0
    assert rate_between(seen["sent"], 1, 3) == pytest.approx(32 / 0.05, rel=0.02)


@pytest.mark.parametrize("limit", [100, 300])
def test_it_learns_the_limit_from_429s_and_holds_just_under_it(limit):
    pace, seen = simulate(limit=limit, seconds=20)
    assert 0.9 * limit <= pace.low <= 1.02 * limit
    assert rate_between(seen["sent"], 5, 20) >= 0.9 * limit
    assert seen["throttled"] <= 0.03 * seen["requests"]


def test_a_limit_far_below_the_concurrency_costs_more_429s_to_find():
    # 32 rows in flight at first contact against 25/s: each round of retries waits out
    # Retry-After, so finding the limit takes seconds (pass --rate when it is known).
    pace, seen = simulate(limit=25, seconds=20)
    assert 0.75 * 25 <= pace.low <= 25
    assert rate_between(seen["sent"], 8, 20) >= 0.8 * 25
    assert seen["throttled"] <= 0.2 * seen["requests"]


def test_an_announced_limit_is_taken_at_its_word():
    pace, seen = simulate(limit=100, seconds=10, announce=True)
    assert pace.high == 100 and pace.rate == pytest.approx(HOLD * 100, rel=0.06)
    assert rate_between(seen["sent"], 2, 10) >= 0.9 * 100
    assert seen["throttled"] <= 40  # the requests in flight when the first 429 came back


@pytest.mark.parametrize(("ceiling", "limit"), [(50, 100), (150, 100)])
def test_it_never_goes_faster_than_rate(ceiling, limit):
    pace, seen = simulate(limit=limit, seconds=10, ceiling=ceiling)
    for start in range(10):
        assert rate_between(seen["sent"], start, start + 1) <= ceiling * 1.1 + 1
    assert pace.rate <= ceiling
    if ceiling < limit:
        assert seen["throttled"] == 0 and rate_between(seen["sent"], 1, 10) >= 0.95 * ceiling


def test_a_429_for_a_request_sent_before_the_last_change_says_nothing():
    clock = Clock()
    pace = AdaptivePace(None, clock=clock)
    for n in range(100):
        clock.now = n / 200
        pace.reserve()
    pace.observe(429, clock.now, {})
    first = pace.rate
    assert first == pytest.approx(100, rel=0.05)  # half of what was offered
    for _ in range(20):  # the rest of that flight, sent at the old pace
        pace.observe(429, clock.now - 0.01, {})
    assert pace.rate == first
    clock.now += 0.1
    pace.observe(429, clock.now, {})  # sent at the new pace: slower again
    assert pace.rate < first


def test_the_announced_policy_is_read_from_ratelimit_policy():
    assert announced_limit(POLICY) == 100
    assert announced_limit({"RateLimit-Policy": '"burst";q=600;w=60'}) == 10
    assert announced_limit({"RateLimit-Policy": "garbage"}) is None
    assert announced_limit({}) is None


@pytest.mark.slow
def test_bulk_against_a_rate_limited_sandbox_sends_each_row_once_with_few_429s(
        tmp_path, seeded_db, monkeypatch, capsys):
    limits = RateLimitConfig(stand=60)
    stand = start_stand(tmp_path, seeded_db, rate_limits=limits)
    try:
        monkeypatch.setenv("MSGCLIENT_URL", stand.url)
        monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
        numbers = phones(180, offset=7000)
        rows = phone_rows(tmp_path / "rows.csv", numbers)
        before = limits.stats.admitted + limits.stats.refused
        code = main(["bulk", "run", str(rows), "--channel", "viber", "--text", "Hi {{name}}",
                     "--tag", "Sales", "--yes", "--json", "--concurrency", "16"])
        requests = limits.stats.admitted + limits.stats.refused - before
        summary = json.loads(capsys.readouterr().out)
    finally:
        stand.running.stop()
    assert code == 0 and summary["sent"] == 180
    assert set(outgoing_by_phone(stand, numbers).values()) == {1}
    assert limits.stats.refused <= 0.1 * requests  # without learning: a third, and failed rows


def test_the_progress_bar_shows_the_pace_the_run_holds():
    err = io.StringIO()
    pace = [None]
    tally = Tally(2, pace=lambda: pace[0])
    with ProgressBar(IOStreams(stderr=err, force_tty=True), tally, "run x"):
        tally(Outcome("sent"))
        pace[0] = 95.4  # learned from the stand's 429s
        tally(Outcome("sent"))
    assert "pace 95/s" in err.getvalue()


def test_steady_429s_that_do_not_follow_the_pace_do_not_halve_it_towards_nothing():
    # A stand that refuses 5% of calls whatever the pace (a flaky proxy, say): each 429
    # halved the pace, down to 0.1/s; the floor keeps it near what went through.

    clock, rng = Clock(), random.Random(7)
    pace = AdaptivePace(None, clock=clock)
    passed = []
    while clock.now < 20:
        clock.now += max(0.005, pace.reserve())  # at most 200/s offered, one at a time
        refused = rng.random() < 0.05
        pace.observe(429 if refused else 200, clock.now, {})
        if not refused:
            passed.append(clock.now)
    assert pace.rate is not None and pace.rate >= 0.2 * 200
    assert rate_between(passed, 10, 20) >= 0.2 * 200
