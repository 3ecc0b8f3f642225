"""The ledger of the stand a command talks to (its file named by the stand), and the
retention the profile sets."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from msgclient.files.stand import stand_db
from msgclient.ledger.store import Ledger
from msgclient.rules.times import span_seconds

if TYPE_CHECKING:
    from msgclient.api.stand import Stand

DEFAULT_RETENTION = "365d"


def open_ledger(ctx: Stand, login: str | None = None) -> Ledger:
    return Ledger(stand_db("ledger", ctx.where), ctx.where, login)


def apply_retention(ledger: Ledger, retention: str | None) -> int:
    seconds = span_seconds(retention or DEFAULT_RETENTION)
    return ledger.forget_before(time.time() - seconds) if seconds else 0
