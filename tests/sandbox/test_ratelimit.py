"""The sandbox's rate limit: token buckets per stand and per channel, honest 429s."""

from __future__ import annotations

import sqlite3
import time

import pytest

from msgclient.errors import UsageError
from msgclient.sandbox.ratelimit import Bucket, RateLimitConfig
from tests.sandbox.conftest import refused

DEVICE = "/api/v1/messages/outgoing-to-device"


def _send(api, n: int, channel: str = "WHATSAPP"):
    # A new WhatsApp number takes only a template (its 24-hour window was never opened).
    content = {"template": {"id": 1, "variables": {"name": "A", "order": "1"}}} \
        if channel == "WHATSAPP" else {"text": "hi"}
    return api.post(DEVICE, {**content, "tags": [3], "clientApplicationDescriptor": {
        "channelType": channel, "deviceAddress": f"7999100{n:04d}"}})


def test_a_bucket_holds_a_tenth_of_a_second_and_says_how_long_until_the_next_token():
    now = [0.0]
    bucket = Bucket(100, clock=lambda: now[0])
    for _ in range(10):  # the burst: a tenth of a second's worth
        assert bucket.wait() == 0
        bucket.take()
    assert bucket.wait() == pytest.approx(0.01)
    now[0] += 0.005
    assert bucket.wait() == pytest.approx(0.005)
    now[0] += 0.005
    assert bucket.wait() == 0
    assert Bucket(0.5).capacity == 1  # a slow limit still lets one call through


def test_beyond_the_stand_limit_calls_get_429_with_an_honest_retry_after(start):
    api = start(rate_limits=RateLimitConfig(stand=2))
    statuses = [api.get("/api/v1/settings") for _ in range(4)]
    assert [r.status_code for r in statuses[:1]] == [200]
    resp = statuses[-1]
    body = refused(resp, 429, "RATE_LIMITED")
    assert "at most 2 per second" in body["message"]
    assert resp.headers["Retry-After"] == "1"  # under a second, rounded up (RFC 9110)
    assert resp.headers["RateLimit-Policy"] == '"limit";q=2;w=1'
    time.sleep(0.6)  # a token is back after half a second
    assert api.get("/api/v1/settings").status_code == 200
    assert api.login().token  # login is never limited


def test_a_slow_limit_says_how_many_whole_seconds_to_wait(start):
    api = start(rate_limits=RateLimitConfig(stand=0.2))  # one call per five seconds
    assert api.get("/api/v1/settings").status_code == 200
    assert api.get("/api/v1/settings").headers["Retry-After"] == "5"


def test_a_channel_limit_refuses_only_that_channel_and_records_nothing_it_refused(start):
    limits = RateLimitConfig(channels={"WHATSAPP": 1})
    api = start(rate_limits=limits)
    assert _send(api, 1).status_code == 200
    refused(_send(api, 2), 429, "RATE_LIMITED")
    assert _send(api, 3, channel="VIBER").status_code == 200
    assert api.get("/api/v1/settings").status_code == 200
    with sqlite3.connect(api.db) as conn:
        phones = {p for (p,) in conn.execute(
            "SELECT phone FROM clients WHERE phone LIKE '7999100%'")}
    assert phones == {"79991000001", "79991000003"}
    assert (limits.stats.admitted, limits.stats.refused) == (3, 1)


def test_limits_come_from_flags_or_the_environment():
    env = {"MSGCLIENT_SANDBOX_RATE_LIMIT": "6000/min",
           "MSGCLIENT_SANDBOX_CHANNEL_RATE_LIMIT": "whatsapp=80/s, web-chat=5"}
    assert RateLimitConfig.from_env(env) == RateLimitConfig(
        stand=100.0, channels={"WHATSAPP": 80.0, "WEB_CHAT": 5.0})
    assert RateLimitConfig.from_env(env, stand="10/s", channels=["viber=1/s"]) == \
        RateLimitConfig(stand=10.0, channels={"VIBER": 1.0})
    assert not RateLimitConfig.from_env({}).active
    with pytest.raises(UsageError, match="--rate-limit 'fast'"):
        RateLimitConfig.from_env({}, stand="fast")
    with pytest.raises(UsageError, match="CHANNEL=RATE"):
        RateLimitConfig.from_env({}, channels=["80/s"])
