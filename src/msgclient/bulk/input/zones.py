"""Which time zone a row's client is in, and where that came from (the dry run says).

In order: the row's `tz` column; the phone number, only where it maps to exactly one zone
(a German mobile does, a Russian one maps to 16); else the profile's `default_timezone`
(UTC without one). The zone is decided once, when the row is checked, and kept in the
journal, so a resume holds and sends by the same clock.
"""

from __future__ import annotations

from msgclient.bulk.input.rows import BulkRow
from msgclient.outgoing.addresses import normalize_phone, phone_zones
from msgclient.outgoing.errors import InvalidMessage

SOURCES = ("tz column", "phone", "default")
FALLBACK = "UTC"


class Zones:
    def __init__(self, default: str | None, region: str | None) -> None:
        self.default = default or FALLBACK
        self.region = region

    def __call__(self, row: BulkRow) -> tuple[str, str]:
        """(zone, source) for the row."""
        if row.tz:
            return row.tz, "tz column"
        if row.recipient.kind == "phone":
            try:
                found = phone_zones(normalize_phone(row.recipient.value, self.region))
            except InvalidMessage:
                found = ()
            if len(found) == 1:
                return found[0], "phone"
        return self.default, "default"
