"""The index's sync against stands of every order, with page caps, closures after a sync,
renumbered and dropped pages, a damaged file, two syncs at once and a replaced stand."""

from __future__ import annotations

import itertools
import os
import stat
import threading

import pytest

from msgclient.index.store import Index
from msgclient.index.sync import sync
from tests.index.tiny_stand import TinyStand

ORDERS = [("id", True), ("id", False), ("time", True), ("time", False)]


def newest(index: Index, n: int = 30) -> list[int]:
    return [t["id"] for t in itertools.islice(index.threads(["CLOSED"]), n)]


@pytest.fixture
def index(tmp_path):
    found = Index(tmp_path / "threads.sqlite")
    yield found
    found.close()


def hour(stand: TinyStand, opened: int = 300, closed_early: int = 5) -> None:
    """An hour of the stand's day: new threads open and most close, some old open ones close."""
    for tid in [t["id"] for t in stand.threads.values() if t["status"] != "CLOSED"][:closed_early]:
        stand.close(tid)
    for n in range(opened):
        stand.open(close=n % 4 != 0)


@pytest.mark.parametrize(("key", "asc"), ORDERS)
def test_cold_then_warm_is_exact_in_every_order(index, key, asc):
    stand = TinyStand(20_000, 200, key=key, asc=asc, cap=100)
    report = sync(stand, index)
    assert report.requests <= 25
    assert newest(index) == stand.newest_closed(30)
    hour(stand)
    stand.requests.clear()
    sync(stand, index)
    assert newest(index) == stand.newest_closed(30)
    pages = [r for r in stand.requests if "page" in r[1]]
    assert len(pages) < 30  # the new pages and the open threads', not the listing


def test_a_long_running_thread_closed_after_a_sync_appears_whatever_its_id(index):
    stand = TinyStand(5_000, 0, key="id", asc=True, cap=100)
    early = stand.open()  # a low id, open at the first sync
    for _ in range(3000):
        stand.open(close=True)
    sync(stand, index)
    assert early["id"] not in newest(index)
    stand.close(early["id"])
    sync(stand, index)
    assert newest(index)[0] == early["id"]
    assert (f"/api/v1/threads/{early['id']}", {}) in stand.requests


def test_a_page_cap_smaller_than_asked_is_learnt(index):
    stand = TinyStand(1_000, 10, cap=37)
    sync(stand, index)
    assert index.meta()["size"] == 37
    assert newest(index) == stand.newest_closed(30)


@pytest.mark.parametrize("asc", [True, False])
def test_a_renumbered_or_dropped_page_between_syncs_loses_nothing(index, asc):
    stand = TinyStand(3_000, 50, asc=asc, cap=100)
    sync(stand, index)
    stand.hidden.update(range(2_850, 2_950))  # the stand drops a page's worth
    hour(stand, opened=250)
    sync(stand, index)
    stand.hidden.clear()  # and shows them again: every later page renumbered
    hour(stand, opened=250)
    sync(stand, index)
    assert newest(index, 200) == stand.newest_closed(200)


def test_a_damaged_index_is_rebuilt(tmp_path):
    path = tmp_path / "threads.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    stand = TinyStand(500, 5)
    found = Index(path)
    sync(stand, found)
    assert newest(found) == stand.newest_closed(30)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_two_syncs_at_once_are_safe(tmp_path):
    stand = TinyStand(5_000, 100, cap=100)
    errors = []

    def one() -> None:
        try:
            mine = Index(tmp_path / "threads.sqlite")
            sync(stand, mine)
            assert newest(mine) == stand.newest_closed(30)
            mine.close()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
    runs = [threading.Thread(target=one) for _ in range(2)]
    for r in runs:
        r.start()
    for r in runs:
        r.join()
    assert errors == []


def test_another_stand_at_the_same_url_starts_the_index_again(index):
    sync(TinyStand(2_000, 20), index)
    other = TinyStand(1_500, 20, seed=3)
    for t in other.threads.values():
        t["startTime"] = t["startTime"].replace("2026", "2025")
    report = sync(other, index)
    assert report.rebuilt
    assert newest(index) == other.newest_closed(30)
    assert index.count() <= other.requests.__len__() * 500
