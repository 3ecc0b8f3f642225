"""Answers as the contract defines them, whole, for stand doubles (the client checks every
answer's shape against the contract, api/conformance.py)."""

from __future__ import annotations

from msgclient.api.capabilities import IDEMPOTENCY

SENT = {"id": 1, "threadId": 2, "clientId": 3, "clientExternalId": "x", "agentId": 4}
THREAD = {"id": 1, "status": "CLOSED", "startTime": "2024-05-01T10:00:00Z",
          "stateChangeTime": "2024-05-01T11:00:00Z", "unread": 0, "unanswered": 0,
          "currentAgent": None, "currentAgentLogin": None, "lastAgent": 4,
          "lastAgentLogin": "agent1", "channel": 2, "clientId": 3, "clientExternalId": None,
          "clientName": "Anna", "threadUrl": "https://stand/t/1", "tags": [], "info": {}}
LIMITS = {"textMaxLength": 2000, "emailTextMaxLength": 100_000, "titleMaxLength": 60,
          "signatureMaxLength": 60, "uploadMaxSize": 10 << 20}


def thread(**fields) -> dict:
    return {**THREAD, **fields}


def settings(keys: bool = False, extensions: list[str] | None = None, **fields) -> dict:
    found = [IDEMPOTENCY] if keys else []
    return {"extensions": [*found, *(extensions or [])], "idempotencyKeys": keys,
            "mandatoryTags": False, **LIMITS, **fields}
