"""A stand of a real size: N closed threads seeded, the listing's order and page cap, and an
hour of the stand's day (store/day.advance) seen through the documented listing."""

from __future__ import annotations

import random
import sqlite3

import pytest
import requests

from msgclient.sandbox.embedded import login
from msgclient.sandbox.server import start_in_thread
from msgclient.sandbox.store import db
from msgclient.sandbox.store.day import advance
from msgclient.sandbox.store.scale import Scale

N = 3000


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "stand.db"
    db.reset(path, closed_threads=N)
    return path


def _generated(path, where):
    conn = sqlite3.connect(path)
    try:
        first = conn.execute("SELECT max(id) FROM threads").fetchone()[0] - (
            N + Scale(N).open) + 1
        return conn.execute(f"SELECT count(*) FROM threads WHERE id >= ? AND {where}",
                            (first,)).fetchone()[0]
    finally:
        conn.close()


def test_seeding_n_gives_n_closed_threads_and_a_few_open_ones(seeded):
    assert _generated(seeded, "status = 'CLOSED'") == N
    assert _generated(seeded, "status != 'CLOSED'") == Scale(N).open >= 10
    assert db.seeded_closed_threads(seeded) == N
    conn = sqlite3.connect(seeded)
    newest_close = [r[0] for r in conn.execute(
        "SELECT id FROM threads WHERE status='CLOSED' ORDER BY state_change_time DESC LIMIT 30")]
    several = conn.execute("SELECT count(*) FROM (SELECT client_id FROM threads GROUP BY 1 "
                           "HAVING count(*) >= 3)").fetchone()[0]
    late = conn.execute("SELECT count(*) FROM threads WHERE status='CLOSED' AND "
                        "julianday(state_change_time) - julianday(start_time) > 7").fetchone()[0]
    conn.close()
    assert newest_close != sorted(newest_close, reverse=True)  # newest close != newest id
    assert several > 100 and late > 0


def test_ensure_seeded_rebuilds_for_another_size_only(tmp_path):
    path = tmp_path / "s.db"
    db.reset(path, closed_threads=100)
    db.ensure_seeded(path)  # None: as it is
    assert db.seeded_closed_threads(path) == 100
    db.ensure_seeded(path, closed_threads=0)
    assert db.seeded_closed_threads(path) == 0


@pytest.mark.parametrize("api", ["full", "edna"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_the_listing_goes_in_the_chosen_order_and_pages_are_cut(seeded, api, order):
    with start_in_thread(seeded, api=api, list_order=order, max_page_size=40) as stand:
        token = login(stand.url, "supervisor", "supervisor")
        pages = [requests.get(stand.url + "/api/v1/threads", timeout=10,
                              headers={"Authorization": f"Bearer {token}"},
                              params={"statuses": "CLOSED", "page": page, "size": 100}).json()
                 for page in (0, 1)]
    ids = [t["id"] for page in pages for t in page]
    assert [len(p) for p in pages] == [40, 40]  # asked 100, got the cap, no word said
    assert ids == sorted(ids, reverse=order == "desc") and len(set(ids)) == 80
    assert ids[0] == (1 if order == "asc" else max(ids))


def test_an_hour_of_the_stand_s_day(tmp_path):
    path = tmp_path / "s.db"
    db.reset(path, closed_threads=2000)
    conn = sqlite3.connect(path)
    open_before = {r[0] for r in conn.execute("SELECT id FROM threads WHERE status!='CLOSED'")}
    top = conn.execute("SELECT max(id) FROM threads").fetchone()[0]
    done = advance(path, 60, random.Random(1))
    status = dict(conn.execute("SELECT id, status FROM threads"))
    newest = [r[0] for r in conn.execute("SELECT id FROM threads WHERE status='CLOSED' "
                                         "ORDER BY state_change_time DESC LIMIT ?",
                                         (len(done.closed),))]
    assert len(done.opened) == round(20_000 / 24) and min(done.opened) == top + 1
    assert all(status[t] == "CLOSED" for t in done.closed)
    assert all(status[t] != "CLOSED" for t in set(done.opened) - set(done.closed_new))
    assert len(done.closed_long) == 5 and set(done.left_open_set) <= open_before
    oldest_open = [r[0] for r in conn.execute(
        "SELECT id FROM threads WHERE id IN (%s) ORDER BY start_time, id LIMIT 5"
        % ",".join(map(str, open_before)))]
    assert done.closed_long == sorted(oldest_open)
    assert sorted(newest) == done.closed  # what it closed is the newest by close time
    conn.close()
