"""A stand in the test: edna's documented listing over a list of threads, in a chosen order
with a chosen page cap, counting what it was asked. Threads close, renumber and vanish as a
test says."""

from __future__ import annotations

import threading

from msgclient.api.errors import ApiError
from msgclient.index.sync import PATH

T0 = "2026-01-01T00:00:00.000Z"


def stamp(n: int) -> str:
    return f"2026-{1 + n // 100_000:02d}-01T00:00:{n % 100_000:06d}"


class TinyStand:
    def __init__(self, closed: int, open_: int = 0, *, key: str = "id", asc: bool = True,
                 cap: int | None = None, seed: int = 0) -> None:
        self.key, self.asc, self.cap = key, asc, cap
        self.threads: dict[int, dict] = {}
        self.clock = 0
        self.requests: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.hidden: set[int] = set()
        for _ in range(closed):
            self.open(close=True, seed=seed)
        for _ in range(open_):
            self.open(seed=seed)

    def tick(self) -> int:
        self.clock += 1
        return self.clock

    def open(self, close: bool = False, seed: int = 0) -> dict:
        tid = len(self.threads) + 1
        t = {"id": tid, "status": "NEW", "startTime": stamp(self.tick()),
             "stateChangeTime": stamp(self.clock), "clientId": 1000 + (tid + seed) % 7,
             "channel": 1, "clientName": f"Client {tid}", "tags": []}
        self.threads[tid] = t
        if close:
            self.close(tid)
        return t

    def close(self, tid: int) -> None:
        t = self.threads[tid]
        t["status"] = "CLOSED"
        t["stateChangeTime"] = stamp(self.tick())

    def newest_closed(self, n: int) -> list[int]:
        closed = [t for t in self.threads.values() if t["status"] == "CLOSED"]
        closed.sort(key=lambda t: (t["stateChangeTime"], t["id"]), reverse=True)
        return [t["id"] for t in closed[:n]]

    def get(self, path: str, params: dict | None = None, expect: str | None = None):
        with self.lock:
            self.requests.append((path, dict(params or {})))
        if path != PATH:
            tid = int(path.rsplit("/", 1)[1])
            if tid not in self.threads or tid in self.hidden:
                raise ApiError("no such thread", status=404, code="NOT_FOUND")
            return dict(self.threads[tid])
        params = params or {}
        closed = "statuses" in params
        rows = [t for t in self.threads.values() if (t["status"] == "CLOSED") == closed
                and t["id"] not in self.hidden]
        rows.sort(key=(lambda t: t["id"]) if self.key == "id"
                  else (lambda t: (t["stateChangeTime"], t["id"])), reverse=not self.asc)
        size = min(params.get("size", 50), self.cap or 10**9)
        page = params.get("page", 0)
        return [dict(t) for t in rows[page * size:(page + 1) * size]]
