"""WhatsApp's 24-hour window in bulk: the dry run counts the rows it would stop, with the flags
that fix them; the real run refuses them before sending (refused by a rule, never failed, and
never at the stand). On a stand that cannot say when clients wrote, the stand's refusal is the
row's final word: tests/e2e/test_two_stands.py."""

from __future__ import annotations

import json

from msgclient.__main__ import main
from tests.bulk.conftest import phones, write_csv

NEW_PHONE = phones(1, offset=4200)[0]
# Julia (thread 13) last wrote on WhatsApp a month ago; Anna (thread 1) a few hours ago; a new
# number never did; Dmitri (thread 6) is on Viber, which has no window.
ROWS = [["13", "", "whatsapp"], ["1", "", "whatsapp"], ["", NEW_PHONE, "whatsapp"],
        ["6", "", "viber"]]
SEND = ["--text", "Your order is ready", "--tag", "Sales"]
COUNTED = ("2 outside WhatsApp's 24-hour window, which takes only a template there "
           "(--template NAME with --var NAME=VALUE, or another --channel)")


def _rows(tmp_path):
    return write_csv(tmp_path / "rows.csv", ["thread", "phone", "channel"], ROWS)


def _sends(stand) -> list[dict]:
    return [e for e in stand.running.request_log if e["path"].startswith("/api/v1/messages/")]


def test_the_dry_run_counts_the_rows_outside_the_window(env_stand, tmp_path, capsys):
    assert main(["bulk", "run", str(_rows(tmp_path)), *SEND, "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert COUNTED in captured.err and "Nothing was sent." in captured.err
    refused = [line.split("\t") for line in captured.out.splitlines() if "\trefused\t" in line]
    assert [r[0] for r in refused] == ["2", "4"]
    assert refused[0][-1].startswith("Client Julia Novak (id 10) last wrote on WhatsApp 30 days")
    assert refused[1][-1].startswith("This number has never written on WhatsApp")
    assert main(["--json", "bulk", "run", str(_rows(tmp_path)), *SEND, "--dry-run",
                 "--check-eligibility"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["outsideWhatsAppWindow"] == 2
    assert summary["eligibility"] == {"sendable": 2, "refused": 2, "failed": 0}
    assert not _sends(env_stand)


def test_the_run_refuses_them_before_sending(env_stand, tmp_path, capsys):
    assert main(["--json", "bulk", "run", str(_rows(tmp_path)), *SEND, "--yes"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["sent"], summary["refused"], summary["failed"]) == (2, 2, 0)
    assert summary["refusedByCode"] == {"WHATSAPP_WINDOW_CLOSED": 2}
    assert [e["status"] for e in _sends(env_stand)] == [200, 200]  # Anna and Dmitri only


def test_a_row_without_a_channel_is_counted_when_the_clients_one_is_whatsapp(env_stand, tmp_path,
                                                                             capsys):
    # Thread 61's client can be reached on WhatsApp alone and last wrote there long ago: the
    # run would pick WhatsApp and refuse the row, so the dry run says so too.
    rows = write_csv(tmp_path / "rows.csv", ["thread"], [["61"]])
    assert main(["bulk", "run", str(rows), *SEND, "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out.split("\t")[1] == "refused", captured.out
    assert "1 outside WhatsApp's 24-hour window" in captured.err
    assert not _sends(env_stand)
