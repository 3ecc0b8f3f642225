"""bulk in a real pseudo-terminal: the confirmation with a sample, the progress bar."""

from __future__ import annotations

import pytest

from tests.bulk.conftest import outgoing_by_phone, outgoing_total, phone_rows, phones
from tests.send.pty.conftest import terminal  # noqa: F401 - the fixture

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


def test_at_60_columns_the_progress_and_the_summary_keep_whole_words(terminal, stand,  # noqa: F811
                                                                     tmp_path):
    from tests.send.pty.conftest import CTRL_C

    rows = phone_rows(tmp_path / "f.csv", phones(200, offset=43_000))
    t = terminal("bulk", "run", str(rows), *SEND, "--rate", "10/s", "--run-id", "narrow",
                 columns=60, rows=30)
    t.answer("Send 200 messages?", "y", "\r")
    t.child.expect(r"sent [1-9]")
    t.keys(CTRL_C)
    t.expect("Stopped once the rows in flight had finished")
    assert t.finish() == 130
    screen = t.screen()
    bar = next(row for row in screen if row.startswith("Sending "))
    assert "/200 sent " in bar and "…" not in bar and "refused" not in bar, bar
    said = "\n".join(screen)
    assert said.count("msgclient bulk resume narrow") == 1, said  # once, in the last line
    report = next(i for i, row in enumerate(screen) if row.startswith("  report: "))
    assert screen[report + 1].startswith(" " * len("  report: ")), said
