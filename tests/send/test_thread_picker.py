"""The thread picker searches first (names, tags, agents, phones, emails), refuses a search
that finds nothing, marks clients with an active thread, and a picked thread whose client
cannot be messaged leads back to the picker (items 2, 4, 9)."""

from __future__ import annotations

from msgclient.commands.send.command import run
from msgclient.commands.send.thread_picker import _rows, _Search
from tests.send.conftest import err, make_ctx, out
from tests.send.flags import Options


def _search(env_stand) -> _Search:
    ctx = make_ctx(tty=True)
    return _Search(ctx, _rows(ctx))


def _ids(rows) -> set[int]:
    return {r.thread["id"] for r in rows}


def test_a_search_that_finds_nothing_is_refused_at_the_prompt(env_stand):
    search = _search(env_stand)
    assert search.check("petrowa") == ("Nothing matches 'petrowa'; try part of a name, a tag "
                                       "or an agent.")
    assert _ids(search.matches("petrova")) == {1, 2}
    assert len(search.matches("")) == len(search.rows)


def test_tags_agents_phones_and_emails_are_searchable(env_stand):
    search = _search(env_stand)
    assert 95 in _ids(search.matches("complaint/delivery/late"))
    assert 15 in _ids(search.matches("agent4"))
    assert _ids(search.matches("+7 903 512-53-27")) == {95, 96}  # Noah Smith, by phone
    assert _ids(search.matches("noah.smith@example.net")) == {95, 96}


def test_a_client_with_an_active_thread_is_marked(env_stand):
    rows = {r.thread["id"]: r for r in _rows(make_ctx(tty=True))}
    assert rows[11].label.endswith("Ivan Kuznetsov (active thread)")  # thread 12
    assert rows[14].busy is None


def test_a_blocked_clients_thread_leads_back_to_the_picker(env_stand, wire):
    answers = [("select", "A client from a closed thread"), ("text", "Boris"),
               ("select", "    3"), ("text", "Julia"), ("select", "   14"), ("select", "viber")]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(text="hi", tags=("Sales",), dry_run=True), ctx) == 0
    ctx.prompter.assert_done()
    assert "Boris Ivanov (id 2) is blocked" in err(ctx) and "Pick another thread." in err(ctx)
    assert any(c.label.endswith("Boris Ivanov (blocked)") for c in ctx.prompter.offered)
    assert '"threadId": 14' in out(ctx) or "14" in out(ctx)
    assert not wire.writes
