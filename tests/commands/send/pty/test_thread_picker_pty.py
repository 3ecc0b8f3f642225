"""The thread picker in a real terminal: blocked and busy clients are marked in the whole
list, and picking one who cannot be messaged says why in one line and asks again."""

from __future__ import annotations

import pytest

from tests.commands.send.conftest import counts
from tests.commands.send.pty.conftest import CTRL_C, ENTER, downs

pytestmark = pytest.mark.pty


def test_the_whole_list_marks_blocked_and_busy_clients(terminal, stand):
    t = terminal("send", "--text", "hi", "--tag", "Sales", "--dry-run")
    t.answer("Who do you want to message?", ENTER)
    t.answer("Find a closed thread", ENTER)  # no search: every closed thread
    t.expect("Boris Ivanov (blocked)")
    t.expect("Ivan Kuznetsov (active thread)")
    t.keys(CTRL_C)
    assert t.finish() == 130


def test_picking_a_blocked_client_says_why_in_one_line_and_asks_again(terminal, stand):
    before = counts(stand.db)
    t = terminal("send", "--text", "hi", "--tag", "Sales", "--dry-run")
    t.answer("Who do you want to message?", ENTER)
    t.answer("Find a closed thread", "Boris", ENTER)
    t.answer("Boris Ivanov (blocked)", ENTER)
    t.expect("Boris Ivanov (id 2) cannot be messaged now: the client is blocked.")
    said = t.child.before
    t.answer("Find a closed thread", "Julia", ENTER)
    assert "Blocked: yes" not in said and "Phone:" not in said, "no card for Boris"
    t.answer("14  ", *downs(1), ENTER)  # Julia's threads: 15 (newest), 14, 13
    t.expect("Julia Novak (id 10)")
    t.answer("Channel", ENTER)
    t.expect("Dry run: every check passed")
    assert t.finish() == 0
    assert counts(stand.db) == before
