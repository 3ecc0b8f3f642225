"""Idempotency keys and fingerprints for bulk runs (docs/design.md §5 rule 8).

A row's key is derived, never random: the same run and the same row always give
the same key, so a resumed run that sends a row again after a crash is answered
by the stand with the first result instead of a second message.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

KEY_PREFIX = "msgclient-bulk-"


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)


def row_hash(fields: Mapping[str, Any]) -> str:
    """What a row says, independent of column order and file format."""
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


def idempotency_key(run_id: str, line: int, content_hash: str) -> str:
    digest = hashlib.sha256(f"{run_id}\n{line}\n{content_hash}".encode()).hexdigest()
    return KEY_PREFIX + digest  # 79 printable ASCII characters; the contract allows 255


def recipient_key(kind: str, value: str, app: str | None = None) -> str:
    """The de-duplication key: one message per recipient per run."""
    return hashlib.sha256(f"{kind}\n{value}\n{app or ''}".encode()).hexdigest()[:32]


def fingerprint(input_sha256: str, options: Mapping[str, Any], stand: str) -> str:
    """Same file, same message options, same stand: the same run (see runs.find_same)."""
    return hashlib.sha256(f"{input_sha256}\n{canonical(options)}\n{stand}".encode()).hexdigest()
