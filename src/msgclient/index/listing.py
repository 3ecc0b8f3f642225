"""Threads as every list and search asks for them: from the index, synced first, where the
stand cannot sort and filter; through the thread-filters extension where it can (one
request is faster than any sync)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from msgclient.api.capabilities import THREAD_FILTERS
from msgclient.api.threads import STATUSES, Listing, ThreadQuery
from msgclient.index.store import Index, index_path
from msgclient.index.sync import Progress, Report, sync

WIDEN = "msgclient threads sync --since 90d (or --all)"


def open_index(catalog: Any) -> Index:
    client = catalog.client
    return Index(index_path(client.base_url, client.tenant, catalog.sender.login))


def synced(catalog: Any, want: int = 30, since: str | None = None, everything: bool = False,
           progress: Progress | None = None) -> tuple[Index, Report]:
    index = open_index(catalog)
    return index, sync(catalog.client, index, want=want, since=since, everything=everything,
                       progress=progress)


@dataclass
class IndexedListing:
    """Matching threads, newest change first, from the index after a sync."""

    catalog: Any
    query: ThreadQuery
    limit: int | None = None
    coverage: str | None = None  # the day the index starts, where it does not hold it all
    report: Report | None = None

    def __iter__(self) -> Iterator[dict]:
        index, self.report = synced(self.catalog, want=self.limit or 30,
                                    since=self.query.since)
        self.coverage = self.report.covered
        try:
            found = (t for t in index.threads(self.query.statuses, self.query.client_id,
                                              self.query.since, self.query.until)
                     if self.query.matches(t))
            yield from itertools.islice(found, self.limit)
        finally:
            index.close()

    def coverage_line(self) -> str | None:
        if not self.coverage:
            return None
        return (f"The local index holds this stand's threads from {self.coverage} on; older "
                f"ones that closed lately may be missing: {WIDEN} widens it.")


def listing(catalog: Any, query: ThreadQuery, limit: int | None = None
            ) -> Listing | IndexedListing:
    if catalog.has(THREAD_FILTERS):
        return Listing(catalog.client, query, True, limit)
    return IndexedListing(catalog, query, limit)


def client_threads(catalog: Any, client_id: int) -> tuple[list[dict], bool]:
    """One client's threads, and whether that is all of them: the extension's clientId, else
    the index (all of them only where it holds the stand's whole listing)."""
    found = listing(catalog, ThreadQuery(list(STATUSES), client_id=client_id))
    threads = list(found)
    return threads, getattr(found, "coverage", None) is None
