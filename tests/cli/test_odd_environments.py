"""Odd environments give one clear line and the documented exit code, never "unexpected"
(issue 14, class 5). The C locale and closed streams are in test_exit_codes.py."""

from __future__ import annotations

import io

import pytest

from msgclient.__main__ import main
from msgclient.terminal.iostreams import IOStreams
from msgclient.terminal.render import emit_table


@pytest.mark.parametrize("columns", ["5", "0", "1"])
def test_a_tiny_or_zero_terminal_width_still_shows_every_row(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    streams = IOStreams(stdout=io.StringIO(), stderr=io.StringIO(), force_tty=True)
    rows = [{"id": 15, "client": "Julia Novak"}, {"id": 22, "client": "Yuki Weber"}]
    emit_table(streams, rows, [("ID", lambda r: r["id"]), ("CLIENT", lambda r: r["client"])])
    shown = streams.stdout.getvalue()
    assert [line.split() for line in shown.splitlines()[1:]] == [
        ["15", "Julia", "Novak"], ["22", "Yuki", "Weber"]], shown  # each row whole, on its own


def test_an_xdg_directory_that_is_a_file_is_one_clear_line(isolated_home, monkeypatch, capsys):
    blocker = isolated_home / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # where the sandbox's database lives
    code = main(["threads", "list"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith(f"error: Cannot use {blocker}/msgclient")
    assert "Not a directory" in err[-1] and "XDG_" in err[-1] and "unexpected" not in err[-1]


def test_a_bulk_run_with_an_unusable_state_dir_is_one_clear_line(stand, isolated_home,
                                                                 monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    blocker = isolated_home / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    rows = tmp_path / "in.csv"
    rows.write_text("phone\n+4915100000001\n")
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--text", "hi", "--tag",
                 "Sales", "--yes"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"error: Cannot use {blocker}/msgclient") and "unexpected" not in err


@pytest.mark.parametrize("since", ["9999999999d", "99999999999999999999s", "0001-01-01",
                                   "9999-12-31T23:59:59-05:00"])
def test_a_date_beyond_the_calendar_is_a_usage_error(capsys, since):
    assert main(["threads", "list", "--since", since]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == (f"error: --since '{since}' is beyond the dates msgclient can use; give a "
                   "date nearer today or a shorter span.")


@pytest.mark.parametrize("rate", ["0.000000000000000000001", "0.1/h"])
def test_a_rate_too_slow_to_wait_for_is_a_usage_error(tmp_path, capsys, rate):
    rows = tmp_path / "in.csv"
    rows.write_text("phone\n+4915100000001\n")
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--text", "hi",
                 "--rate", rate, "--yes"]) == 2
    assert "slower than 1 message an hour" in capsys.readouterr().err
