"""What send and threads show put on the screen is the message (issue 21, items 4 to 8), at 60
and 100 columns: every line of the text, blank ones included; addresses and links whole (wrapped,
never cut); a URL attachment's URL; a preview whenever msgclient asked for something, --yes or
not; and "send?" answered by one key, No by default."""

from __future__ import annotations

import json

import pytest

from tests.commands.send.conftest import counts
from tests.commands.send.pty.conftest import CTRL_C, ENTER, downs

pytestmark = pytest.mark.pty

WIDTHS = pytest.mark.parametrize("columns", [60, 100])
BODY = "Hello,\n\nyour order has shipped.\n\nKind regards,\nAcme support\n"
LONG_EMAIL = "maximilian.schneider-oberhausen@corporate-communications.example.com"
LONG_URL = ("https://files.example.com/reports/2026/november/"
            "invoice-A-17-for-maximilian-schneider-oberhausen.pdf")


def _rows_from(screen: list[str], first: str, last: str) -> list[str]:
    start = next(i for i, row in enumerate(screen) if first in row)
    end = next(i for i, row in enumerate(screen) if i > start and last in row)
    return screen[start:end + 1]


def _joined(rows: list[str]) -> str:
    """The rows as one string, each stripped: a value wrapped over rows reads whole again."""
    return "".join(row.strip() for row in rows)


def _paragraphs_kept(rows: list[str]) -> None:
    hello = next(i for i, row in enumerate(rows) if row.strip() == "Hello,")
    assert rows[hello + 1] == "", rows  # the blank line between the paragraphs is there
    assert rows[hello + 2].strip() == "your order has shipped.", rows
    assert rows[hello + 3] == "" and rows[hello + 4].strip() == "Kind regards,", rows


@WIDTHS
def test_the_preview_keeps_the_texts_blank_lines(terminal, stand, tmp_path, columns):
    body = tmp_path / "body.txt"
    body.write_text(BODY, encoding="utf-8")
    t = terminal("send", "--thread", "5", "--channel", "email", "--sender",
                 "support@example.com", "--subject", "Your order", "--text-file", str(body),
                 "--tag", "Question", columns=columns)
    t.expect("Send this message?")
    _paragraphs_kept(_rows_from(t.screen(), "Preview", "Send this message?"))
    t.keys(CTRL_C)
    assert t.finish() == 130


@WIDTHS
def test_threads_show_keeps_blank_lines_and_shows_a_url_attachments_url(terminal, cli, tmp_path,
                                                                        columns):
    body = tmp_path / "body.txt"
    body.write_text(BODY, encoding="utf-8")
    sent = cli("--json", "send", "--thread", "5", "--channel", "email", "--sender",
               "support@example.com", "--subject", "Your order", "--text-file", str(body),
               "--attach", LONG_URL, "--tag", "Question", "--yes")
    assert sent.returncode == 0, sent.stderr
    thread = json.loads(sent.stdout)["threadId"]
    t = terminal("threads", "show", str(thread), columns=columns, rows=60)
    assert t.finish() == 0
    rows = _rows_from(t.screen(), "History", "Acme support")
    _paragraphs_kept(rows)
    attachment = _rows_from(rows, "Attachment:", "Hello,")[:-1]
    assert LONG_URL in _joined(attachment), attachment  # the link, whole
    assert "bytes" not in _joined(attachment), attachment  # never "0 bytes" for a link
    assert all(len(row) <= columns for row in rows)


@WIDTHS
def test_an_address_and_a_link_wrap_whole_in_the_preview_and_the_sent_line(terminal, stand,
                                                                           columns):
    t = terminal("send", "--new", "--channel", "email", "--email", LONG_EMAIL, "--sender",
                 "support@example.com", "--subject", "Hello", "--text", "Hi", "--attach",
                 LONG_URL, "--tag", "Sales", columns=columns)
    t.expect("Send this message?")
    preview = _rows_from(t.screen(), "Preview", "Send this message?")
    assert LONG_EMAIL in _joined(preview) and LONG_URL in _joined(preview), preview
    assert not any(row.endswith("…") for row in preview), preview
    t.keys("y")
    t.expect("as Outgoing.")
    assert t.finish() == 0
    done = _rows_from(t.screen(), "✓ Sent to", "as Outgoing.")
    assert LONG_EMAIL in _joined(done), done
    assert all(len(row) <= columns for row in done)


@WIDTHS
def test_yes_after_a_question_still_shows_the_preview_and_asks(terminal, stand, columns):
    # The trial: viber is refused (an active thread), so msgclient asks for another
    # way, a sender and a subject; what the user answered is shown before it goes.
    before = counts(stand.db)
    t = terminal("send", "--thread", "4", "--channel", "viber", "--text", "Hello again",
                 "--tag", "Sales", "--yes", columns=columns)
    t.answer("another way?", ENTER)  # [email], Cancel
    t.answer("Send from", ENTER)
    t.answer("Subject", "Hello again", ENTER)
    t.expect("Send this message?")
    t.expect("(y/N)")
    preview = _rows_from(t.screen(), "Preview", "Send this message?")
    assert "Hello again" in _joined(preview) and "via email" in _joined(preview), preview
    assert "--yes confirms what the flags said" in _joined(t.screen())
    t.keys(ENTER)  # No
    t.answer("Not sent. What now?", *downs(2), ENTER)  # Edit, Change the tags, [Cancel]
    assert t.finish() == 130
    assert counts(stand.db) == before


def test_without_a_terminal_yes_takes_a_refusal_as_a_refusal(cli):
    done = cli("send", "--thread", "4", "--channel", "viber", "--text", "Hello again", "--tag",
               "Sales", "--yes")
    assert done.returncode == 5, done.stderr
    assert "--channel email" in done.stderr


@WIDTHS
def test_a_stray_enter_sends_nothing(terminal, stand, columns):
    before = counts(stand.db)
    t = terminal("send", "--thread", "14", "--channel", "viber", "--text", "hi", "--tag",
                 "Sales", columns=columns)
    t.expect("Send this message?")
    t.expect("(y/N)")
    t.keys(ENTER)
    t.answer("Not sent. What now?", CTRL_C)
    assert t.finish() == 130
    assert "? Send this message? No" in t.screen()
    assert counts(stand.db) == before


@WIDTHS
def test_one_key_sends(terminal, stand, columns):
    t = terminal("send", "--thread", "14", "--channel", "viber", "--text", "hi", "--tag",
                 "Sales", columns=columns)
    t.expect("Send this message?")
    t.answer("(y/N)", "y")  # no Enter
    t.expect("Sent to Julia Novak (id 10) via viber")
    assert t.finish() == 0
    assert "? Send this message? Yes" in t.screen()
