"""bulk in a real pseudo-terminal: the confirmation with a sample, the progress bar."""

from __future__ import annotations

import pytest

from tests.bulk.conftest import outgoing_by_phone, outgoing_total, phone_rows, phones
from tests.commands.send.pty.conftest import (
    CTRL_C,
    terminal,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.pty
SEND = ("--channel", "viber", "--text", "Hello {{name}}", "--tag", "Sales")


def test_a_terminal_shows_count_and_sample_and_asks_before_sending(terminal, stand,  # noqa: F811
                                                                   tmp_path):
    numbers = phones(40, offset=40_000)
    rows = phone_rows(tmp_path / "f.csv", numbers)
    t = terminal("bulk", "run", str(rows), *SEND, "--run-id", "tty")
    t.expect("Run tty is ready to send 40 messages. The first ones:")
    t.expect(f"line 2: phone {numbers[0]} via viber: Hello Client 0")
    t.answer("Send 40 messages?", "y", "\r")
    t.expect("sent 40")  # the progress bar's counters, on stderr
    t.expect("Run tty: 40 sent, 0 refused by rule, 0 failed, 0 unknown of 40 rows")
    assert t.finish() == 0
    assert set(outgoing_by_phone(stand, numbers).values()) == {1}


def test_saying_no_sends_nothing_and_keeps_no_run(terminal, cli, stand, tmp_path):  # noqa: F811
    rows = phone_rows(tmp_path / "f.csv", phones(3, offset=41_000))
    before = outgoing_total(stand)
    t = terminal("bulk", "run", str(rows), *SEND)
    t.answer("Send 3 messages?", "n", "\r")
    t.expect("Cancelled; nothing was sent.")
    assert t.finish() == 130
    assert outgoing_total(stand) == before
    assert cli("bulk", "list", "--json").stdout.strip() == "[]"


def test_yes_skips_the_question_on_a_terminal_too(terminal, stand, tmp_path):  # noqa: F811
    rows = phone_rows(tmp_path / "f.csv", phones(2, offset=42_000))
    t = terminal("bulk", "run", str(rows), *SEND, "--yes", "--run-id", "quiet")
    t.expect("Run quiet: 2 sent")
    assert t.finish() == 0


@pytest.mark.parametrize("columns", [80, 60])
def test_ctrl_c_leaves_one_progress_line_and_the_resume_command_whole(terminal, stand,  # noqa: F811
                                                                      tmp_path, columns):
    rows = phone_rows(tmp_path / "f.csv", phones(200, offset=43_000 + columns))
    t = terminal("bulk", "run", str(rows), *SEND, "--rate", "10/s", "--run-id", "narrow",
                 columns=columns, rows=30)
    t.answer("Send 200 messages?", "y", "\r")
    t.child.expect(r"sent [1-9]")
    t.keys(CTRL_C)  # the terminal echoes '^C' after the bar: on a full row that wrapped
    t.expect("Stopped once the rows in flight had finished")
    assert t.finish() == 130
    screen = t.screen()
    said = "\n".join(screen)
    bars = [row for row in screen if row.startswith("Sending ")]
    assert len(bars) == 1, said
    assert "/200 sent " in bars[0] and "…" not in bars[0] and "refused" not in bars[0], said
    assert said.count("msgclient bulk resume narrow") == 1, said  # once, in the last line
    assert "  'msgclient bulk resume narrow'." in screen, said  # on one line, indented
    report = next(i for i, row in enumerate(screen) if row.startswith("  report: "))
    assert screen[report].endswith("/"), said  # a path breaks after a '/' only
    assert screen[report + 1].startswith(" " * len("  report: ")), said
