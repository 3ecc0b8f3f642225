"""Sending without a terminal to confirm on needs --yes: one sentence (terminal/prompter's
needs_yes), said by bulk run, its refusal of bad rows and bulk resume; send lists the same
confirmation among what it misses."""

from __future__ import annotations

from msgclient.terminal.prompter import CONFIRMATION, needs_yes
from tests.bulk.conftest import phone_rows, phones

SEND = ("--channel", "viber", "--text", "Hello {{name}}", "--tag", "Sales")


def test_the_sentence():
    assert needs_yes() == "Without a terminal to confirm on, sending needs --yes."
    assert needs_yes("sending 2 messages") == \
        "Without a terminal to confirm on, sending 2 messages needs --yes."


def test_bulk_run_says_it_with_the_count(cli, stand, tmp_path):
    proc = cli("bulk", "run", str(phone_rows(tmp_path / "f.csv", phones(2, offset=900))), *SEND)
    assert proc.returncode == 2
    assert f"error: {needs_yes('sending 2 messages')}" in proc.stderr
    one = cli("bulk", "run", str(phone_rows(tmp_path / "g.csv", phones(1, offset=910))), *SEND)
    assert needs_yes("sending 1 message") in one.stderr


def test_bad_rows_say_it_too(cli, stand, tmp_path):
    rows = tmp_path / "f.csv"
    rows.write_text("thread,name\n14,Anna\n", encoding="utf-8")
    proc = cli("bulk", "run", str(rows))  # no text, no tag, no --yes
    assert proc.returncode == 2 and needs_yes("sending also") in proc.stderr


def test_send_names_the_same_confirmation(cli, stand):
    proc = cli("send", "--thread", "14", "--channel", "viber", "--text", "hi", "--tag", "Sales")
    assert proc.returncode == 2
    assert f"Missing {CONFIRMATION}; there is no terminal to ask on." in proc.stderr
