"""A 60-column terminal: a prompt's validation message sits on the row under the answer and
ends in '…' where it is cut; warnings and errors wrapped over rows keep their indent and
never break a word."""

from __future__ import annotations

import pytest

from msgclient.outgoing.addresses import normalize_phone
from msgclient.outgoing.errors import InvalidMessage
from tests.commands.send.pty.conftest import CTRL_C, ENTER

pytestmark = pytest.mark.pty


def _row_of(screen: list[str], text: str) -> int:
    return next(i for i, row in enumerate(screen) if text in row)


def test_a_validation_message_is_under_the_answer_and_cut_with_an_ellipsis(terminal, stand):
    t = terminal("send", "--new", "--channel", "whatsapp", columns=60, rows=30)
    t.answer("Phone number", "12345", ENTER)
    t.expect("Not a valid phone number")
    t.expect("…")
    screen = t.screen()
    asked = _row_of(screen, "Phone number (with +country code) 12345")
    said = _row_of(screen, "Not a valid phone number")
    assert said == asked + 1, screen
    assert screen[said].endswith("…") and len(screen[said]) <= 60, screen[said]
    whole = _phone_refusal("12345")
    kept = screen[said][screen[said].index("Not a valid"):].removesuffix("…")
    assert whole.startswith(kept) and whole[len(kept)] in " ,;:(", (kept, "whole words")
    t.keys(CTRL_C)
    assert t.finish() == 130


def _phone_refusal(raw: str) -> str:
    """The whole sentence the phone prompt shows for `raw`, before it is fitted to a row."""
    with pytest.raises(InvalidMessage) as refused:
        normalize_phone(raw)
    return refused.value.short


def _continued(screen: list[str], first: int, indent: int) -> list[str]:
    rows = []
    for row in screen[first + 1:]:
        if not row.startswith(" " * indent) or row[indent] == " ":
            break
        rows.append(row)
    return rows


def test_a_wrapped_error_keeps_its_indent(terminal, stand):
    t = terminal("send", "--thread", "11", "--channel", "whatsapp", "--text", "hi",
                 columns=60, rows=30)
    assert t.finish() == 5
    screen = t.screen()
    first = _row_of(screen, "error: Client Ivan Kuznetsov (id 9)")
    rest = _continued(screen, first, len("error: "))
    assert rest and "Wait until it is closed." in rest[-1], screen
    words = " ".join([screen[first], *rest]).split()
    assert "thread" in words and "ANSWER_NEEDED);" in words


def test_a_wrapped_warning_keeps_its_indent(terminal, stand):
    t = terminal("send", "--text", "hi", "--tag", "Sales", "--dry-run", columns=60, rows=30)
    t.answer("Who do you want to message?", ENTER)
    t.answer("Find a closed thread", "Kuznetsov", ENTER)
    t.answer("Ivan Kuznetsov (active thread)", ENTER)
    t.expect("no email.")
    t.expect("Find a closed thread")
    screen = t.screen()
    first = _row_of(screen, "! Ivan Kuznetsov (id 9) cannot be")
    assert _continued(screen, first, 2), screen
    t.keys(CTRL_C)
    assert t.finish() == 130


def test_a_disabled_choice_keeps_its_reason_on_its_row(terminal, stand):
    # noreply@example.com is disabled: its long label is cut with '…' so '(disabled)' fits.
    t = terminal("send", "--new", "--channel", "email", "--email", "new@example.org",
                 "--text", "hi", "--tag", "Sales", columns=60, rows=30)
    t.expect("Send from")
    t.expect("(disabled)")
    screen = t.screen()
    row = screen[_row_of(screen, "noreply@")]
    assert row.endswith("(disabled)") and "…" in row and len(row) <= 60, screen
    t.keys(CTRL_C)
    assert t.finish() == 130
