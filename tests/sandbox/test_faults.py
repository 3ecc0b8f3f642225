"""Fault injection: 429/503 with Retry-After, real connection drops, latency that overlaps."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from msgclient.sandbox.faults import FaultConfig
from tests.sandbox.conftest import refused

DEVICE = "/api/v1/messages/outgoing-to-device"


def _new_client_send(api, n: int) -> requests.Response:
    # Viber: a new number takes free text there (WhatsApp would want a template).
    return api.post(DEVICE, {"text": "hi", "tags": [3], "clientApplicationDescriptor": {
        "channelType": "VIBER", "deviceAddress": f"7999000{n:04d}"}})


def test_a_503_share_of_one_answers_503_with_retry_after(start):
    api = start(faults=FaultConfig(share_503=1.0, retry_after=7))
    resp = api.get("/api/v1/threads")
    refused(resp, 503, "UNAVAILABLE")
    assert resp.headers["Retry-After"] == "7"


def test_a_429_share_of_one_answers_429_but_never_on_login_or_downloads(start):
    api = start(faults=FaultConfig(share_429=1.0))  # start() logs in: login is exempt
    resp = api.get("/api/v1/channels")
    refused(resp, 429, "RATE_LIMITED")
    assert resp.headers["Retry-After"] == "1"
    assert requests.get(api.url + "/api/v1/files/none").status_code == 404  # not 429


def test_drops_break_the_connection_and_half_happen_after_the_send(start):
    api = start(faults=FaultConfig(share_drop=1.0, seed=3))
    failures = 0
    for n in range(20):
        with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
            _new_client_send(api, n)
        failures += 1
    with sqlite3.connect(api.db) as conn:
        recorded = conn.execute("SELECT count(*) FROM clients WHERE phone LIKE '7999000%'"
                                ).fetchone()[0]
    assert failures == 20 and 3 <= recorded <= 17  # the ambiguous case really occurs


def test_the_same_seed_gives_the_same_faults(start):
    def statuses(seed: int) -> list[int]:
        api = start(faults=FaultConfig(share_429=0.3, share_503=0.3, seed=seed))
        return [api.get("/api/v1/settings").status_code for _ in range(30)]

    first = statuses(11)
    assert first == statuses(11) and {200, 429, 503} <= set(first)


def test_latency_is_a_sleep_so_requests_overlap(start):
    api = start(faults=FaultConfig(latency_ms=300))
    began = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: api.login().get("/api/v1/me").status_code, range(8)))
    assert codes == [200] * 8 and time.monotonic() - began < 1.5


def test_configuration_from_environment_and_flags():
    env = {"MSGCLIENT_SANDBOX_LATENCY_MS": "50", "MSGCLIENT_SANDBOX_503": "0.1",
           "MSGCLIENT_SANDBOX_DROP": "0.02", "MSGCLIENT_SANDBOX_SEED": "5"}
    config = FaultConfig.from_env(env).updated(share_429=0.05, share_503=None)
    assert config == FaultConfig(latency_ms=50, share_429=0.05, share_503=0.1, share_drop=0.02,
                                 seed=5)
    assert not FaultConfig.from_env({}).active
    with pytest.raises(ValueError, match="MSGCLIENT_SANDBOX_429"):
        FaultConfig.from_env({"MSGCLIENT_SANDBOX_429": "lots"})
    with pytest.raises(ValueError):
        FaultConfig(share_503=0.7, share_drop=0.5)
