"""Exact incremental sync of the index over edna's documented listing (docs/edna-api.md §3.3-3.6).

The listing (`GET /api/v1/threads?statuses=CLOSED&page&size`) promises no order, so the
order is learnt from page 0 (by id or by stateChangeTime, up or down) and kept. Where it
lists oldest first, the newest end is found by interpolation with bisection as a safeguard
(O(log pages) at worst, a few requests on a dense id range). Only pages past what the index
holds are read, from one page before it (an overlap check: a stand that renumbered or
dropped a page between syncs is read back until the pages meet again). A page cap smaller
than asked (fewer than `size` items, yet page 1 is not empty) is learnt and kept.

The open threads (`GET /api/v1/threads`, a small list) are read on every sync, and every
thread that left the open set since the last one is looked up by id, a few at a time, so a
thread closed after the last sync appears whatever its id. A known thread whose startTime or
client changed means another stand answers at this URL: the index starts again.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from msgclient.api.errors import ApiError
from msgclient.index.store import Index

PATH = "/api/v1/threads"
ASK = 500  # the page size asked; a stand may cap it lower (learnt)
IN_FLIGHT = 8  # requests at once: pages read ahead, threads looked up
WALK_BACK = 4  # pages a listing may have lost between syncs (dropped, renumbered)
Progress = Callable[[int, int | None], None]  # (pages read, pages expected or None)


class StandReplaced(Exception):  # noqa: N818 (a signal inside sync, never raised out)
    pass


@dataclass
class Report:
    requests: int = 0
    pages: int = 0
    looked_up: int = 0
    rebuilt: bool = False
    covered: str | None = None  # None: the index holds the whole listing


@dataclass
class _Reader:
    client: Any
    index: Index
    size: int
    report: Report
    progress: Progress | None = None
    seen: dict[int, dict] = field(default_factory=dict)
    read: dict[bool, set[int]] = field(default_factory=lambda: {True: set(), False: set()})

    def page(self, number: int, size: int | None = None, closed: bool = True) -> list[dict]:
        params: dict[str, Any] = {"page": number, "size": size or self.size}
        if closed:
            params["statuses"] = ["CLOSED"]
        items = self.client.get(PATH, params, expect="list")
        self.report.requests += 1
        self.report.pages += 1
        found = [t for t in items if isinstance(t, dict) and isinstance(t.get("id"), int)]
        if number and found and self.read[closed].issuperset(t["id"] for t in found):
            return []  # a page past the end that repeats one already read: the listing ends
        self.read[closed].update(t["id"] for t in found)
        self._check(found)
        for t in found:
            self.seen[t["id"]] = t
        if self.progress:
            self.progress(self.report.pages, None)
        return found

    def pages(self, numbers: list[int], closed: bool = True) -> list[list[dict]]:
        with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="index-page") as pool:
            return list(pool.map(lambda n: self.page(n, closed=closed), numbers))

    def _check(self, threads: list[dict]) -> None:
        """A thread the index knows with another start or client: not the same stand."""
        known = self.index.known([t["id"] for t in threads])
        for t in threads:
            was = known.get(t["id"])
            if was and (was[0] != str(t.get("startTime") or "")
                        or was[1] != t.get("clientId")):
                raise StandReplaced


def sync(client: Any, index: Index, *, want: int = 30, since: str | None = None,
         everything: bool = False, progress: Progress | None = None) -> Report:
    """Bring the index up to the stand's present; returns what it took."""
    with index.sync_lock():
        try:
            return _sync(client, index, want, since, everything, progress, Report())
        except StandReplaced:
            index.rebuild()
            report = _sync(client, index, want, since, everything, progress, Report())
            report.rebuilt = True
            return report


def _key(order: dict) -> Callable[[dict], Any]:
    if order["key"] == "id":
        return lambda t: t["id"]
    return lambda t: (str(t.get("stateChangeTime") or ""), t["id"])


def _learn_order(threads: list[dict]) -> dict:
    for key in ("id", "time"):
        keys = [_key({"key": key})(t) for t in threads]
        if keys == sorted(keys):
            return {"key": key, "asc": True}
        if keys == sorted(keys, reverse=True):
            return {"key": key, "asc": False}
    return {"key": "none", "asc": True}


def _sync(client: Any, index: Index, want: int, since: str | None, everything: bool,
          progress: Progress | None, report: Report) -> Report:
    meta = index.meta()
    reader = _Reader(client, index, meta.get("size") or ASK, report, progress)
    order = meta.get("order")
    first: list[dict] = []
    if order is None or not order["asc"]:  # a known oldest-first listing: page 0 is old news
        first = reader.page(0)
    if "size" not in meta and len(first) < reader.size:
        second = reader.page(1)
        if second:  # fewer than asked, yet more pages: the stand caps the page size
            reader.size = len(first)
    order = order or _learn_order(first)
    if order["key"] == "none" or (len(first) < 2 and "order" not in meta):
        everything = True  # no order to rely on (or a tiny stand): read the listing whole
    opened = _open_threads(reader)
    if order["asc"]:
        covered, last = _ascending(reader, meta, order, first, opened, want, since, everything)
    else:
        covered, last = _descending(reader, meta, order, first, want, since, everything)
    listed = dict(reader.seen)
    newest = max((_key(order)(t) for t in listed.values()), default=meta.get("newest"))
    if meta.get("newest") is not None and newest is not None:
        newest = max(_as_key(meta["newest"]), newest)
    left = index.open_ids() - set(opened) - set(listed)
    looked = _look_up(reader, sorted(left))
    report.looked_up = len(left)
    with index.transaction() as conn:
        index.put(conn, list(listed.values()))
        index.put(conn, list(opened.values()))
        index.put(conn, [t for t in looked if t])
        gone = [tid for tid, t in zip(sorted(left), looked, strict=True) if t is None]
        conn.executemany("DELETE FROM threads WHERE id = ?", [(g,) for g in gone])
        index.set_meta(conn, size=reader.size, order=order, newest=newest, last_page=last,
                       covered_from=covered)
    report.covered = None if covered == 0 else _coverage(index, order, covered)
    return report


def _as_key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _open_threads(reader: _Reader) -> dict[int, dict]:
    """Every open thread (the documented listing without statuses), pages read ahead."""
    found: dict[int, dict] = {}
    start, ahead = 0, 1
    while True:
        numbers = list(range(start, start + ahead))
        ahead = min(ahead * 2, IN_FLIGHT)
        pages = reader.pages(numbers, closed=False)
        for items in pages:
            found.update((t["id"], t) for t in items if t.get("status") != "CLOSED")
        for t in found.values():
            reader.seen.pop(t["id"], None)  # the closed listing's, kept apart
        if any(len(p) < reader.size for p in pages):
            return found
        start += len(numbers)


def _look_up(reader: _Reader, ids: list[int]) -> list[dict | None]:
    """GET /api/v1/threads/{id} for each thread that left the open set; None: gone."""
    def one(tid: int) -> dict | None:
        try:
            found = reader.client.get(f"{PATH}/{tid}", expect="object")
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise
        finally:
            reader.report.requests += 1
        return found
    if not ids:
        return []
    with ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="index-lookup") as pool:
        return list(pool.map(one, ids))


def _ascending(reader: _Reader, meta: dict, order: dict, first: list[dict],
               opened: dict, want: int, since: str | None, everything: bool
               ) -> tuple[int, int]:
    """(first page the index covers, last page) for a listing that adds at its end."""
    key = _key(order)
    last = meta.get("last_page")
    covered = meta.get("covered_from", 0)
    if last is None:
        last = _find_end(reader, order, first, opened) if first else 0
        covered = last
    else:
        newest = _as_key(meta["newest"])
        start = last
        while True:  # overlap: the page we start from must reach back to what we hold
            items = reader.page(start)
            if start == 0 or (items and key(items[0]) <= newest):
                break
            if last - start >= WALK_BACK:  # far shorter than it was: not the listing we hold
                raise StandReplaced
            start -= 1
        last = start if len(items) < reader.size else _read_forward(reader, start + 1, start)
    # Back from the newest end: as many pages as the view needs, or as far as asked.
    need = max(1, -(-want // reader.size))
    while covered > 0 and (everything or last - covered + 1 < need
                           or (since and _older_than(reader, covered, since) is False)):
        batch = list(range(max(0, covered - (IN_FLIGHT if everything or since else need)),
                           covered))
        reader.pages(batch)
        covered = batch[0]
    return covered, last


def _older_than(reader: _Reader, page: int, since: str) -> bool:
    """Whether the threads on `page` (already read) started before `since`."""
    starts = [str(t.get("startTime") or "") for t in reader.seen.values()]
    return bool(starts) and min(starts) < since


def _read_forward(reader: _Reader, start: int, last: int) -> int:
    """Read pages from `start` until a short one, more at once as they keep coming; returns
    the last page with threads."""
    ahead = 1
    while True:
        numbers = list(range(start, start + ahead))
        for number, items in zip(numbers, reader.pages(numbers), strict=True):
            if items:
                last = number
            if len(items) < reader.size:
                return last
        start += ahead
        ahead = min(ahead * 2, IN_FLIGHT)


def _find_end(reader: _Reader, order: dict, first: list[dict], opened: dict) -> int:
    """The last page, by interpolation on the keys (ids grow with time) with bisection as a
    safeguard: a few requests on a dense range, O(log pages) at worst."""
    if len(first) < reader.size:
        return 0
    lo, lo_key = 0, first[-1]["id"]
    hi: int | None = None
    top = max(opened, default=None) if order["key"] == "id" else None
    step = 0
    while hi is None or hi - lo > 1:
        step += 1
        guess = None
        if top is not None and lo_key > first[0]["id"]:
            per_page = (lo_key - first[0]["id"] + 1) / ((lo + 1) * reader.size) * reader.size
            guess = lo + round((top - len(opened) - lo_key) / per_page) + (step > 1)
        if guess is None or guess <= lo or (hi is not None and guess >= hi) or step % 3 == 0:
            guess = lo * 2 + 1 if hi is None else (lo + hi) // 2
        items = reader.page(guess)
        if len(items) == reader.size:
            lo, lo_key = guess, items[-1]["id"]
        elif items:
            return guess
        else:
            hi = guess
    return lo


def _descending(reader: _Reader, meta: dict, order: dict, first: list[dict], want: int,
                since: str | None, everything: bool) -> tuple[int, int]:
    """(pages not read past, 0) for a listing that adds at its start: pages from 0 until they
    meet what the index holds (overlap), and as many as the view or `since` needs."""
    key = _key(order)
    newest = _as_key(meta["newest"]) if meta.get("newest") is not None else None
    need = max(1, -(-want // reader.size))
    held = meta.get("covered_from")  # pages the index held below the newest end
    page, items = 0, first
    while True:
        short = len(items) < reader.size
        met = newest is not None and items and key(items[-1]) <= newest
        enough = page + 1 >= need and (not since or _older_than(reader, page, since))
        if short:
            return 0, 0
        if met and (held == 0 or (enough and not everything)):
            return (held if held else page + 1), 0
        if newest is None and enough and not everything:
            return page + 1, 0
        page += 1
        items = reader.page(page)


def _coverage(index: Index, order: dict, covered: int) -> str:
    oldest = index.conn.execute(
        "SELECT min(started) FROM threads WHERE status = 'CLOSED'").fetchone()[0]
    return (oldest or "")[:10]
