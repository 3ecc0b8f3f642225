"""Enter means the same at every "send?" question, and resuming a finished run says that
nothing is left before its summary (issue 12, item 13)."""

from __future__ import annotations

import pytest

from msgclient.__main__ import main
from tests.bulk.conftest import outgoing_by_phone, phone_rows, phones
from tests.commands.send.pty.conftest import terminal  # noqa: F401 - the fixture

SEND = ("--channel", "viber", "--text", "Hello", "--tag", "Sales")


@pytest.mark.pty
def test_bulk_run_confirms_with_the_same_default_as_send(terminal, stand,  # noqa: F811
                                                         tmp_path):
    numbers = phones(2, offset=43_000)
    rows = phone_rows(tmp_path / "f.csv", numbers)
    t = terminal("bulk", "run", str(rows), *SEND)
    t.expect("Send 2 messages? ")
    t.answer("(y/N)", "\r")  # Enter alone: no, as in send and resume (a stray Enter sends nothing)
    t.expect("Cancelled; nothing was sent.")
    assert t.finish() == 130
    assert set(outgoing_by_phone(stand, numbers).values()) == {0}


def test_resuming_a_finished_run_says_nothing_is_left(stand, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    rows = phone_rows(tmp_path / "f.csv", phones(2, offset=44_000))
    assert main(["bulk", "run", str(rows), *SEND, "--yes", "--run-id", "done"]) == 0
    capsys.readouterr()
    assert main(["bulk", "resume", "done"]) == 0  # no --yes needed: nothing would be sent
    err = capsys.readouterr().err
    assert "Run done has nothing left to send: every row has its outcome." in err
    assert "2 sent" in err
