"""msgclient bulk list: flags -> Options, and Options -> the runs on this machine."""

from __future__ import annotations

import json

from msgclient.commands.bulk import list as bulk_list
from msgclient.commands.bulk.list import Options, run
from tests.commands.send.conftest import err, make_ctx, out


def test_flags(parsed):
    assert parsed(bulk_list, "bulk", "list") == Options()
    assert parsed(bulk_list, "bulk", "list", "--json") == Options()


def test_no_runs_yet():
    piped, tty, as_json = make_ctx(), make_ctx(tty=True), make_ctx(json=True)
    for ctx in (piped, tty, as_json):
        assert run(Options(), ctx) == 0
    assert out(piped) == "" and "No bulk runs yet." in err(tty)
    assert json.loads(out(as_json)) == []


def test_a_run_with_its_counts(finished_run):
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    [row] = [line.split("\t") for line in out(ctx).splitlines()]
    assert row[0] == finished_run and row[2:8] == ["finished", "2", "1", "1", "0", "0"]
    assert row[8].endswith("rows.csv")
