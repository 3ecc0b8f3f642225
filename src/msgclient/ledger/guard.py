"""The do-not-contact rule: a recipient on the list is refused (exit 5), with the date and
the reason it was added, whatever form the number or address was written in."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from msgclient.errors import RuleRefusal
from msgclient.ledger.recipients import keys_of
from msgclient.ledger.store import Suppressed

if TYPE_CHECKING:
    from msgclient.bulk.input.rows import BulkRow
    from msgclient.outgoing.model import Recipient

CODE = "DO_NOT_CONTACT"


def refusal(entry: Suppressed) -> RuleRefusal:
    day = datetime.fromtimestamp(entry.added).astimezone().strftime("%Y-%m-%d")
    return RuleRefusal(f"{entry.recipient} is on the do-not-contact list since {day} "
                       f"({entry.reason}).", code=CODE,
                       hint="Only 'msgclient suppress remove' lets it be messaged again.")


def refuse_suppressed(suppressed: dict[str, Suppressed], recipient: Recipient,
                      region: str | None, client_id: str | int | None = None,
                      client: dict | None = None) -> None:
    if not suppressed:  # nobody to refuse: no phone is parsed (phonenumbers costs startup)
        return
    for key in keys_of(recipient, region, client_id, client):
        if key in suppressed:
            raise refusal(suppressed[key])


class Unsuppressed:
    """A bulk row check (bulk/plan.Checker) that refuses do-not-contact recipients first,
    then asks the inner check; the client a thread row reaches is looked up too."""

    def __init__(self, inner, suppressed: dict[str, Suppressed], region: str | None) -> None:
        self.inner, self.suppressed, self.region = inner, suppressed, region

    def asks_stand(self, row: BulkRow) -> bool:
        return self.inner.asks_stand(row)

    def __call__(self, row: BulkRow) -> str | None:
        if self.suppressed:
            refuse_suppressed(self.suppressed, row.recipient, self.region)
        client = self.inner(row)
        if self.suppressed and client is not None:
            refuse_suppressed(self.suppressed, row.recipient, self.region, client)
        return client
