"""Prompts that forgive (issue 12): typed URLs, filters that find nothing, tag filtering,
a way back from the confirmation, the thread's own channel first."""

from __future__ import annotations

import pytest

from tests.commands.send.conftest import counts
from tests.commands.send.pty.conftest import ENTER, downs

pytestmark = pytest.mark.pty


def test_a_url_can_be_typed_at_attach_a_file(terminal, stand):
    before = counts(stand.db)
    t = terminal("send", "--thread", "14", "--channel", "viber", "--tag", "Sales", "--dry-run")
    t.answer("What do you want to send?", *downs(2), ENTER)  # Attachments only
    t.expect("Attach a file")
    t.keys(*"https://example.com/files/a.pdf")  # typed one key at a time, '//' included
    t.keys(ENTER)
    t.answer("Attach a file", ENTER)
    t.expect("https://example.com/files/a.pdf")
    assert t.finish() == 0
    assert counts(stand.db) == before


def test_a_thread_search_with_no_match_says_so_and_picks_nobody(terminal, stand):
    t = terminal("send", "--text", "hi", "--tag", "Sales", "--dry-run")
    t.answer("Who do you want to message?", ENTER)
    t.answer("Find a closed thread", "petrowa", ENTER)
    t.expect("Nothing matches 'petrowa'")
    t.keys(*["\x7f"] * 7, "Petrova", ENTER)  # Backspace x7: the same prompt, corrected
    t.expect("2 found, newest first.")
    t.keys(ENTER)  # thread 2, Anna's newest
    t.expect("Anna Petrova (id 1)")
    t.keys("\x03")
    assert t.finish() == 130


def test_typing_in_the_tags_checkbox_filters_instead_of_selecting_all(terminal, stand):
    t = terminal("send", "--thread", "14", "--channel", "viber", "--text", "hi", "--dry-run",
                 "--json")
    t.answer("Tags (at least one required)", "sales")  # 'a' no longer selects all tags
    t.expect("Sales/Follow-up/Offer sent")
    t.keys(" ", ENTER)  # the first match: Sales
    t.child.expect(r'"tags": \[\s*13\s*\]')  # Sales (id 13) alone
    assert t.finish() == 0


def test_n_then_enter_at_the_confirmation_waits_at_what_now(terminal, stand):
    # 'n' alone answers; the Enter typed after it out of habit is dropped, so it cannot go on
    # to pick the next question's first choice (Edit the message) unasked.
    before = counts(stand.db)
    t = terminal("send", "--thread", "14", "--channel", "viber", "--text", "hi", "--tag",
                 "Sales")
    t.answer("Send this message?", "n", ENTER)
    t.answer("Not sent. What now?", *downs(2), ENTER)  # Edit, Change the tags, [Cancel]
    assert t.finish() == 130
    assert counts(stand.db) == before
