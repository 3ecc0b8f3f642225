"""Prompts that forgive (issue 12): typed URLs, filters that find nothing, tag filtering,
a way back from the confirmation, the thread's own channel first."""

from __future__ import annotations

import pytest

from tests.send.conftest import counts
from tests.send.pty.conftest import ENTER, downs

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
