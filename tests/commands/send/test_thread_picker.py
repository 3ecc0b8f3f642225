"""The thread picker searches first (names, tags, agents, phones, emails), refuses a search
that finds nothing, marks clients with an active thread, and a picked thread whose client
cannot be messaged leads back to the picker (items 2, 4, 9)."""

from __future__ import annotations

from msgclient.api import threads
from msgclient.commands.send import thread_picker
from msgclient.commands.send.run import run
from msgclient.commands.send.thread_picker import _rows, _Search
from tests.commands.send.conftest import err, make_ctx, printed_request, tag_id
from tests.commands.send.flags import Options


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
    for part in ("+7 903", "512-53", "noah.smith"):  # part of an address: say it must be whole
        assert search.check(part) == (f"Nothing matches '{part}'; give the whole phone number "
                                      "or email.")
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


def test_blocked_clients_are_marked_in_the_whole_list_without_a_profile_request(env_stand,
                                                                             wire):
    ctx = make_ctx(tty=True)
    search = _Search(ctx, _rows(ctx))
    rows = {r.thread["id"]: r for r in search.matches("")}  # Enter: the whole list
    assert rows[3].label.endswith("Boris Ivanov (blocked)")
    assert rows[79].label.endswith("Marco Lebedev (blocked)")
    assert rows[11].label.endswith("Ivan Kuznetsov (active thread)")
    assert rows[14].blocked is False and not rows[14].label.endswith(")")
    assert not [r for r in wire.requests if r["path"].endswith("/profile")]


def test_a_blocked_clients_thread_leads_back_to_the_picker_with_one_line(env_stand, wire):
    answers = [("select", "A client from a closed thread"), ("text", "Boris"),
               ("select", "    3"), ("text", "Julia"), ("select", "   14"), ("select", "viber")]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(text="hi", tags=("Sales",), dry_run=True), ctx) == 0
    shown = err(ctx)
    assert "Boris Ivanov (id 2) cannot be messaged now: the client is blocked.\n" in shown
    assert shown.count("Boris") == 1, "one line, no client card for a client out of reach"
    assert "Julia Novak (id 10)" in shown and "Phone:" in shown  # the next one's card
    assert any(c.label.endswith("Boris Ivanov (blocked)") for c in ctx.prompter.offered)
    assert printed_request(ctx) == (f"POST {env_stand.url}/api/v1/messages/outgoing", {
        "threadId": 14, "text": "hi", "tags": [tag_id(env_stand, "Sales")], "channel": 2})
    assert not wire.writes


def test_a_busy_client_without_email_leads_back_with_both_reasons(env_stand):
    answers = [("select", "A client from a closed thread"), ("text", "Kuznetsov"),
               ("select", "   11"), ("text", "Julia"), ("select", "   14"), ("select", "viber")]
    ctx = make_ctx(tty=True, answers=answers)
    assert run(Options(text="hi", tags=("Sales",), dry_run=True), ctx) == 0
    assert ("Ivan Kuznetsov (id 9) cannot be messaged now: the client has an active thread "
            "(#12, ANSWER_NEEDED), "
            "the client has no email.\n") in err(ctx)
    assert printed_request(ctx)[1]["threadId"] == 14  # the thread picked after coming back


def test_a_stand_whose_listing_does_not_say_marks_blocked_after_a_narrow_search(
        env_stand, wire, monkeypatch):
    real = threads.listing

    def without_blocked(*args, **kwargs):  # a stand without the clientBlocked extension
        return [{k: v for k, v in t.items() if k != "clientBlocked"}
                for t in real(*args, **kwargs)]

    monkeypatch.setattr(thread_picker, "listing", without_blocked)
    ctx = make_ctx(tty=True, answers=[("text", "Boris"), ("select", "    3")])
    assert thread_picker.pick_thread(ctx).value == "3"
    assert [c.label for c in ctx.prompter.offered][0].endswith("Boris Ivanov (blocked)")
    assert len([r for r in wire.requests if r["path"].endswith("/profile")]) == 1


def test_on_a_narrow_row_the_note_stays_and_the_day_goes_first(env_stand):
    rows = {r.thread["id"]: r for r in _rows(make_ctx(tty=True))}
    busy = rows[11].shown(50, day=False)  # 60 columns less the question
    assert busy == "   11  whatsapp    Ivan Kuznetsov (active thread)"
    assert rows[76].shown(40, day=False).endswith("… (active thread)")
    assert len(rows[76].shown(40, day=False)) == 40
    assert rows[14].shown(100) == rows[14].label and "2026-" in rows[14].label


def test_at_60_columns_no_row_shows_the_day_so_the_columns_align(env_stand, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    ctx = make_ctx(tty=True, answers=[("text", ""), ("select", "   14")])
    assert thread_picker.pick_thread(ctx).value == "14"
    labels = [c.label for c in ctx.prompter.offered]
    assert not any("2026-" in label for label in labels)
    assert all(label[17:19] == "  " and label[19] != " " for label in labels), labels  # names
    assert all(len(label) <= 50 for label in labels)
