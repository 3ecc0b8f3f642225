"""Paging through edna listings: bare JSON arrays with `page`/`size` (docs/edna-api.md §1.6).

A short page is the last one. A stand that ignores `page` answers the same full page
forever, so a page seen before ends the listing with an error, and so does passing
MAX_PAGES: a listing never loops.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any, Protocol

from msgclient.api.errors import UnexpectedAnswer


class Getter(Protocol):
    """What paging needs of the client (ApiClient): a GET that returns the decoded answer."""

    def get(self, path: str, params: dict | None = None, **kwargs: Any) -> Any: ...


# A listing longer than this is a stand that never says "last page" (1,000,000 rows at the
# default page size): stop rather than loop forever.
MAX_PAGES = 10_000


def pages(client: Getter, path: str, params: dict | None, *, limit: int | None,
          page_size: int) -> Iterator[dict]:
    if limit is not None:
        page_size = max(1, min(page_size, limit))
    seen = 0
    earlier: set[str] = set()
    for page in range(MAX_PAGES):
        items = client.get(path, {**(params or {}), "page": page, "size": page_size},
                           expect="list")
        mark = _fingerprint(items)
        if items and mark in earlier:
            raise UnexpectedAnswer(
                f"The stand answered page {page + 1} of {path} with a page it had already "
                "sent: it ignores paging, so the listing stops here.", ambiguous=False)
        earlier.add(mark)
        for item in items:
            yield item
            seen += 1
            if limit is not None and seen >= limit:
                return
        if len(items) < page_size:
            return
    raise UnexpectedAnswer(f"The stand's listing of {path} did not end after {MAX_PAGES:,} "
                           "pages; stopped there. Narrow it down or use --limit.",
                           ambiguous=False)


def _fingerprint(items: Any) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()
