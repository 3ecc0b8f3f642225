"""The bulk report replaces only a regular file it may replace, never the input, a link or a
device (issue 14, class 1), and its cells are never spreadsheet formulas (class 6)."""

from __future__ import annotations

import csv
import os

import pytest

from msgclient.__main__ import main
from msgclient.bulk.journal import Journal
from msgclient.bulk.report import write_report
from msgclient.commands.bulk import options as bulk_options
from tests.bulk.conftest import outgoing_total, phone_rows, phones

SEND = ["--channel", "viber", "--text", "Hi", "--tag", "Sales", "--yes"]



def test_the_report_may_not_replace_the_input(env_stand, tmp_path, capsys):
    rows = phone_rows(tmp_path / "in.csv", phones(2, offset=700))
    before, sent = rows.read_bytes(), outgoing_total(env_stand)
    assert main(["bulk", "run", str(rows), *SEND, "--report", str(rows)]) == 2
    assert "is the run's input file" in capsys.readouterr().err
    assert rows.read_bytes() == before and outgoing_total(env_stand) == sent


def test_a_hard_link_to_the_input_is_the_input(env_stand, tmp_path, capsys):
    rows = phone_rows(tmp_path / "in.csv", phones(2, offset=710))
    os.link(rows, tmp_path / "same.csv")
    assert main(["bulk", "run", str(rows), *SEND, "--report", str(tmp_path / "same.csv")]) == 2
    assert "is the run's input file" in capsys.readouterr().err


def test_a_symlink_is_neither_replaced_nor_followed(env_stand, tmp_path, capsys):
    rows = phone_rows(tmp_path / "in.csv", phones(2, offset=720))
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "report.csv"
    link.symlink_to(precious)
    sent = outgoing_total(env_stand)
    assert main(["bulk", "run", str(rows), *SEND, "--report", str(link)]) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and precious.read_text() == "keep me"
    assert outgoing_total(env_stand) == sent, "refused before the first send"


@pytest.mark.parametrize("target", ["fifo", "dir"])
def test_a_special_file_or_a_directory_is_refused(env_stand, tmp_path, capsys, target):
    """A FIFO stands in for a device node: a test must never aim at the machine's /dev."""
    rows = phone_rows(tmp_path / "in.csv", phones(1, offset=730))
    path = tmp_path / "special"
    if target == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    assert main(["bulk", "run", str(rows), *SEND, "--report", str(path)]) == 2
    assert "is not a regular file" in capsys.readouterr().err
    assert path.is_fifo() if target == "fifo" else path.is_dir()


def test_resume_refuses_the_input_as_report_too(env_stand, tmp_path, capsys):
    rows = phone_rows(tmp_path / "in.csv", phones(1, offset=740))
    assert main(["bulk", "run", str(rows), *SEND, "--run-id", "r1"]) == 0
    before = rows.read_bytes()
    assert main(["bulk", "resume", "r1", "--yes", "--report", str(rows)]) == 2
    assert "is the run's input file" in capsys.readouterr().err
    assert rows.read_bytes() == before


def test_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    journal = Journal(tmp_path / "journal.db")
    formulas = ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tx"]
    for line, reason in enumerate(formulas, start=2):
        journal.add_row(line, "refused", label=f"phone +4915{line}", code="X", reason=reason)
    journal.add_row(20, "refused", label="=cmd|' /C calc'!A0", code="X", reason="plain")
    journal.commit()
    report = write_report(journal, tmp_path / "report.csv")
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [r["reason"] for r in rows] == ["'" + f for f in formulas] + ["plain"]
    assert rows[-1]["recipient"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["recipient"] == "phone +49152"  # ordinary text untouched


def test_a_report_that_cannot_be_written_after_the_sends_keeps_the_exit_code(
        env_stand, tmp_path, capsys, monkeypatch):
    """The path turns into a link between the check and the write: the sends stand, the
    journal has them, the exit code is the run's."""
    rows = phone_rows(tmp_path / "in.csv", phones(2, offset=760))
    target = tmp_path / "report.csv"
    checked = bulk_options.check_target

    def swapped(path, protected=()):
        if target.exists() or target.is_symlink():
            return checked(path, protected)
        result = checked(path, protected)  # the early check passes...
        target.symlink_to(tmp_path / "elsewhere")  # ...then the path becomes a link
        return result

    monkeypatch.setattr(bulk_options, "check_target", swapped)  # the early check
    sent = outgoing_total(env_stand)
    assert main(["bulk", "run", str(rows), *SEND, "--report", str(target)]) == 0
    err = capsys.readouterr().err
    assert "The report was not written" in err and "is a symbolic link" in err
    assert outgoing_total(env_stand) == sent + 2 and target.is_symlink()
