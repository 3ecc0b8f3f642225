"""What can be known before a bulk run's first send is checked before it, every problem of a row
at once, each named with the column or flag that fixes it (issue 12, item 12)."""

from __future__ import annotations

import json

from msgclient.__main__ import main
from msgclient.bulk.outcome import from_error
from msgclient.outgoing.errors import InvalidMessage
from tests.bulk.conftest import write_csv
from tests.commands.send.conftest import counts


def test_every_problem_of_a_row_is_named_with_its_fix(env_stand, tmp_path, capsys):
    rows = write_csv(tmp_path / "rows.csv", ["thread", "text"], [[14, ""]])
    assert main(["bulk", "run", str(rows), "--dry-run"]) == 2
    shown = capsys.readouterr()
    for needle in ("No tag, and this stand requires one (add a tags column, or --tag PATH)",
                   "The message is empty (add a text column, or --text, --template or --attach)",
                   "choose one (add a channel column, or --channel NAME)"):
        assert needle in shown.err, shown.err
    assert "; The message" not in shown.err and "). The message is empty" in shown.err


def test_email_only_client_without_a_sender_is_invalid_before_any_send(env_stand, tmp_path,
                                                                      capsys):
    # Thread 10's client can be reached by email only; the row gives no sender or subject.
    before = counts(env_stand.db)
    rows = write_csv(tmp_path / "rows.csv", ["thread", "text"], [[10, "Hello"]])
    assert main(["bulk", "run", str(rows), "--tag", "Sales", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "An email needs a sender mailbox (add a sender column, or --sender ADDRESS)" in err
    assert "An email needs a subject (add a subject column, or --subject TEXT)" in err
    assert counts(env_stand.db) == before


def test_a_thread_that_does_not_exist_is_an_invalid_row(env_stand, tmp_path, capsys):
    # Rows without a channel are looked up to find it; that is also where a thread is missed.
    rows = write_csv(tmp_path / "rows.csv", ["thread"], [[99999], [95]])
    assert main(["bulk", "run", str(rows), "--text", "Hi", "--tag", "Sales", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "line 2: Thread 99999 does not exist" in err
    assert "line 3: Noah Smith (id 34) can be messaged on whatsapp, email" in err
    assert "no row would be sent even with --skip-invalid" in err


def test_a_missing_thread_with_a_channel_is_invalid_not_failed(env_stand, tmp_path, capsys):
    # A row that names its channel needs no look-up to build its body; the thread is still
    # looked up before the first send, so a run never tries it.
    rows = write_csv(tmp_path / "rows.csv", ["thread", "channel"], [[14, "viber"],
                                                                    [99999, "viber"]])
    args = ["bulk", "run", str(rows), "--text", "Hi", "--tag", "Sales"]
    assert main([*args, "--dry-run"]) == 2
    assert "line 3: Thread 99999 does not exist on this stand" in capsys.readouterr().err
    before = counts(env_stand.db)["messages"]
    assert main([*args, "--yes", "--skip-invalid", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["sent"], summary["invalid"], summary["failed"]) == (1, 1, 0)
    assert counts(env_stand.db)["messages"] == before + 1


def test_a_malformed_row_found_at_send_time_is_invalid_not_failed():
    outcome = from_error(InvalidMessage("X can be messaged on a, b; choose one.",
                                        code="CHANNEL_CHOICE"))
    assert (outcome.state, outcome.code) == ("invalid", "CHANNEL_CHOICE")


def test_rows_checked_with_the_stand_at_once_are_reported_in_line_order(env_stand, tmp_path,
                                                                       capsys):
    # Thread rows are looked up on a pool; what the dry run prints and counts still follows
    # the file, line by line, with each missing thread on its own line.
    table = [[99000 + i, "", "viber"] if i % 3 == 0 else [14, "", "viber"] if i % 3 == 1
             else ["", f"+4915170{i:06d}", "viber"] for i in range(60)]
    rows = write_csv(tmp_path / "rows.csv", ["thread", "phone", "channel"], table)
    code = main(["bulk", "run", str(rows), "--text", "Hi", "--tag", "Sales", "--dry-run",
                 "--allow-duplicates", "--skip-invalid"])
    shown = capsys.readouterr()
    assert code == 0, shown.err
    lines = [line.split("\t") for line in shown.out.splitlines()]
    assert [int(fields[0]) for fields in lines] == list(range(2, 62))
    invalid = [int(fields[0]) for fields in lines if fields[1] != "ok"]
    assert invalid == list(range(2, 62, 3))
    assert all(f"line {n}: Thread {99000 + n - 2} does not exist" in shown.err for n in invalid)


def test_two_threads_of_one_client_are_one_recipient(env_stand, tmp_path, capsys):
    # Threads 14 and 13 are both Julia Novak's: the second message would meet the thread the
    # first one opened (an active thread), so it is a duplicate, not a refusal to come.
    rows = write_csv(tmp_path / "rows.csv", ["thread", "client"], [[14, ""], [13, ""], ["", 10],
                                                                   [6, ""]])
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--text", "Hi", "--tag",
                 "Sales", "--dry-run"]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(f[0], f[1]) for f in lines] == [("2", "ok"), ("3", "duplicate"),
                                             ("4", "duplicate"), ("5", "ok")]
    assert lines[1][5] == "same recipient as line 2"
