"""msgclient threads list: flags -> Options, and Options -> the listing."""

from __future__ import annotations

import json

from msgclient.api.threads import STATUSES
from msgclient.commands.threads import list as threads_list
from msgclient.commands.threads.list import Options, run
from tests.commands.send.conftest import err, make_ctx, out


def test_no_flags_lists_closed_threads_thirty_at_a_time(parsed):
    assert parsed(threads_list, "threads", "list") == Options(statuses=["CLOSED"], limit=30)


def test_every_flag(parsed):
    opts = parsed(threads_list, "threads", "list", "-s", "all", "-c", "viber", "--channel",
                  "email", "-a", "agent1", "--client", "17", "-t", "Sales", "--tag", "7",
                  "--since", "2026-01-01T00:00:00+00:00", "--until", "2026-02-01T12:00:00+02:00",
                  "-n", "5", "--json")
    assert opts == Options(statuses=list(STATUSES), channels=["viber", "email"],
                           agents=["agent1"], client_id=17, tags=["Sales", "7"],
                           since="2026-01-01T00:00:00.000Z", until="2026-02-01T10:00:00.000Z",
                           limit=5)


def test_statuses_are_named_loosely_and_kept_once(parsed):
    opts = parsed(threads_list, "threads", "list", "--status", "active,closed", "-s", "in-progress")
    assert opts.statuses == [*(s for s in STATUSES if s != "CLOSED"), "CLOSED"]


def test_all_means_no_limit(parsed):
    assert parsed(threads_list, "threads", "list", "--all", "--limit", "3").limit is None


def test_flag_mistakes_end_before_the_listing(refused):
    code, said = refused(threads_list, "threads", "list", "--status", "bogus")
    assert code == 2 and "Unknown status 'BOGUS'" in said
    code, said = refused(threads_list, "threads", "list", "--since", "last week")
    assert code == 2 and "--since 'last week' is not a date" in said
    assert refused(threads_list, "threads", "list", "--limit", "0")[0] == 2


def test_piped_rows_are_tab_separated_closed_threads(env_stand):
    ctx = make_ctx()
    assert run(Options(limit=3), ctx) == 0
    rows = [line.split("\t") for line in out(ctx).splitlines()]
    newest = env_stand.get("/api/v1/threads", statuses="CLOSED", sort="stateChangeTime,desc",
                           size=3)
    assert [int(r[0]) for r in rows] == [t["id"] for t in newest]
    assert all(len(r) == 7 and r[2] == "CLOSED" for r in rows)


def test_json_lists_only_the_channel_asked_for(env_stand):
    ctx = make_ctx(json=True)
    assert run(Options(channels=["viber"], limit=None), ctx) == 0
    threads = json.loads(out(ctx))
    viber = {c["id"] for c in env_stand.get("/api/v1/channels") if c["type"] == "VIBER"}
    assert threads and {t["channel"] for t in threads} <= viber


def test_a_terminal_is_told_when_the_limit_cut_the_list(env_stand):
    ctx = make_ctx(tty=True)
    assert run(Options(limit=2), ctx) == 0
    assert "Showing the first 2; --limit N or --all shows more." in err(ctx)
