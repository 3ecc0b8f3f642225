"""Backoff arithmetic and Retry-After parsing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from msgclient.api.retry import RetryPolicy, parse_retry_after


def test_retry_after_seconds_and_http_date():
    now = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_full_jitter_backoff_grows_and_is_capped():
    policy = RetryPolicy(base=0.5, cap=4.0, rand=lambda: 1.0)
    assert [policy.backoff(n) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert RetryPolicy(rand=lambda: 0.0).backoff(3) == 0.0


def test_retry_after_is_honoured_but_capped():
    policy = RetryPolicy(retry_after_cap=20.0, rand=lambda: 1.0)
    assert policy.backoff(1, "3") == 3.0
    assert policy.backoff(1, "3600") == 20.0
