"""Idempotency-Key on sends: replay, conflict, per-user scope, and a stand that ignores it."""

from __future__ import annotations

import sqlite3

from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.sandbox.conftest import refused

OUT = "/api/v1/messages/outgoing"
BODY = {"threadId": T["anna_closed_whatsapp"], "text": "Only once", "tags": [3]}


def _threads_of(db, client_id: int) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM threads WHERE client_id = ?",
                            (client_id,)).fetchone()[0]


def test_same_key_same_body_replays_the_first_answer(api):
    before = _threads_of(api.db, 1)
    first = api.post(OUT, BODY, headers={"Idempotency-Key": "k-1"})
    again = api.post(OUT, {"tags": [3], "text": "Only once", "threadId": BODY["threadId"]},
                     headers={"Idempotency-Key": "k-1"})  # same JSON, other key order
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _threads_of(api.db, 1) == before + 1


def test_same_key_other_body_is_a_conflict(api):
    assert api.post(OUT, BODY, headers={"Idempotency-Key": "k-2"}).status_code == 200
    body = refused(api.post(OUT, {**BODY, "text": "Different"},
                            headers={"Idempotency-Key": "k-2"}), 422, "IDEMPOTENCY_CONFLICT")
    assert body["details"] == {"key": "k-2"}
    other_endpoint = {"emailAccountId": 1, "emailSubject": "s", "threadsClientId": 1,
                      "text": "Only once", "tags": [3]}
    refused(api.post("/api/v1/messages/email", other_endpoint, headers={"Idempotency-Key": "k-2"}),
            422, "IDEMPOTENCY_CONFLICT")


def test_a_refusal_is_not_remembered(api):
    no_tags = {k: v for k, v in BODY.items() if k != "tags"}
    refused(api.post(OUT, no_tags, headers={"Idempotency-Key": "k-3"}), 422, "TAGS_REQUIRED")
    # The user fixes the message and retries under the same key: evaluated afresh.
    assert api.post(OUT, no_tags | {"tags": [3]}, headers={"Idempotency-Key": "k-3"}
                    ).status_code == 200


def test_keys_are_scoped_per_user(api):
    assert api.post(OUT, BODY, headers={"Idempotency-Key": "shared"}).status_code == 200
    other = api.login("supervisor2")
    body = {"threadId": T["dmitri_closed_viber"], "text": "Mine", "tags": [3]}
    assert other.post(OUT, body, headers={"Idempotency-Key": "shared"}).status_code == 200


def test_malformed_keys_are_400(api):
    refused(api.post(OUT, BODY, headers={"Idempotency-Key": "x" * 256}), 400, "VALIDATION")
    refused(api.post(OUT, BODY, headers={"Idempotency-Key": "has space"}), 400, "VALIDATION")


def test_a_stand_that_does_not_honour_keys_says_so_and_sends_twice(start):
    api = start(honour_idempotency=False)
    assert api.ok("/api/v1/settings")["idempotencyKeys"] is False
    assert api.post(OUT, BODY, headers={"Idempotency-Key": "k"}).status_code == 200
    # Processed again: now the client has the thread the first send opened.
    refused(api.post(OUT, BODY, headers={"Idempotency-Key": "k"}), 409, "ACTIVE_THREAD")
