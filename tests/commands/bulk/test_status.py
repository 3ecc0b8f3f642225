"""msgclient bulk status: flags -> Options, and Options -> what a run did."""

from __future__ import annotations

import json

import pytest

from msgclient.commands.bulk import status
from msgclient.commands.bulk.status import Options, run
from msgclient.errors import UsageError
from tests.commands.send.conftest import err, make_ctx, out


def test_row_states_are_named_loosely(parsed):
    assert parsed(status, "bulk", "status", "R1") == Options("R1")
    opts = parsed(status, "bulk", "status", "R1", "--rows", "failed,Unknown", "--rows",
                  "in-flight", "--json")
    assert opts == Options("R1", ("failed", "unknown", "in_flight"))


def test_counts_by_outcome(finished_run):
    ctx = make_ctx()
    assert run(Options(finished_run), ctx) == 0
    shown = dict(line.split("\t") for line in out(ctx).splitlines())
    assert (shown["run"], shown["phase"], shown["rows"]) == (finished_run, "finished", "2")
    assert (shown["sent"], shown["refused"], shown["failed"]) == ("1", "1", "0")
    assert shown["refused by rule"].startswith("1 × the client is blocked")
    assert err(ctx) == ""  # nothing left: no resume to suggest


def test_the_rows_in_one_state(finished_run):
    ctx = make_ctx(json=True)
    assert run(Options(finished_run, ("refused",)), ctx) == 0
    rows = json.loads(out(ctx))
    assert [(r["line"], r["state"]) for r in rows] == [(3, "refused")]


def test_refusals(finished_run):
    with pytest.raises(UsageError, match="Unknown row state 'sunk'; use one of pending, "):
        run(Options(finished_run, ("sunk",)), make_ctx())
    with pytest.raises(UsageError, match="There is no bulk run 'nope'"):
        run(Options("nope"), make_ctx())
