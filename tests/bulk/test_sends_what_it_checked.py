"""A run sends exactly the rows it checked and showed (issue: hostile inputs round three,
class 5): the input file rewritten, replaced, emptied or grown at the confirmation prompt or
during the checks changes nothing that is sent. The run reads its own copy of the input."""

from __future__ import annotations

import os
import stat

import pytest

from msgclient.__main__ import main
from msgclient.bulk import session as bulk_session
from msgclient.commands.bulk import sending as bulk_sending
from msgclient.terminal.iostreams import IOStreams
from tests.bulk.conftest import outgoing_by_phone, phone_rows, phones
from tests.commands.send.pty.conftest import terminal  # noqa: F401 - the fixture

SEND = ("--channel", "viber", "--text", "Hello", "--tag", "Sales")


def _rewrite_in_place(path, rows: bytes) -> None:
    with path.open("r+b") as out:  # the same file (inode), new content
        out.truncate(0)
        out.write(rows)


def _replace(path, rows: bytes) -> None:
    fresh = path.with_suffix(".new")
    fresh.write_bytes(rows)
    os.replace(fresh, path)  # an editor's save: a new file under the same name


def _append(path, rows: bytes) -> None:
    with path.open("ab") as out:
        out.write(rows.split(b"\n", 1)[1])


def _empty(path, rows: bytes) -> None:
    path.write_bytes(b"")


@pytest.mark.pty
def test_the_file_rewritten_at_the_prompt_sends_what_was_shown(terminal, stand,  # noqa: F811
                                                             tmp_path):
    checked, others = phones(2, offset=46_000), phones(3, offset=46_100)
    rows = phone_rows(tmp_path / "f.csv", checked)
    t = terminal("bulk", "run", str(rows), *SEND)
    t.expect("Send 2 messages? ")
    phone_rows(tmp_path / "f.csv", others)  # someone rewrites the file meanwhile
    t.answer("(y/N)", "y")  # one key answers
    t.expect("2 sent")
    assert t.finish() == 0
    assert set(outgoing_by_phone(stand, checked).values()) == {1}
    assert set(outgoing_by_phone(stand, others).values()) == {0}


@pytest.mark.parametrize("change", [_rewrite_in_place, _replace, _append, _empty],
                         ids=["rewritten", "replaced", "grown", "emptied"])
@pytest.mark.parametrize("when", ["prompt", "checks"])
def test_a_changed_input_changes_nothing_that_is_sent(env_stand, tmp_path, monkeypatch, capsys,
                                                      change, when):
    checked, others = phones(2, offset=46_200), phones(3, offset=46_300)
    rows = phone_rows(tmp_path / "f.csv", checked)
    new_rows = phone_rows(tmp_path / "other.csv", others).read_bytes()
    if when == "prompt":  # the person at the confirmation prompt says yes after the change
        def confirm(ctx, valid, samples, run_id):
            change(rows, new_rows)
            return True
        monkeypatch.setattr(bulk_sending, "confirm_send", confirm)
        monkeypatch.setattr(IOStreams, "can_prompt", property(lambda self: True))
        argv = ["bulk", "run", str(rows), *SEND, "--run-id", "r"]
    else:  # while the rows are being checked
        checks = bulk_session.validate

        def validate(*args, **kwargs):
            change(rows, new_rows)
            return checks(*args, **kwargs)
        monkeypatch.setattr(bulk_session, "validate", validate)
        argv = ["bulk", "run", str(rows), *SEND, "--run-id", "r", "--yes"]
    assert main(argv) == 0, capsys.readouterr().err
    assert set(outgoing_by_phone(env_stand, checked).values()) == {1}
    assert set(outgoing_by_phone(env_stand, others).values()) == {0}


def test_the_runs_copy_is_private_and_resume_refuses_a_changed_file(env_stand, tmp_path,
                                                                     isolated_home, capsys):
    rows = phone_rows(tmp_path / "f.csv", phones(2, offset=46_400))
    assert main(["bulk", "run", str(rows), *SEND, "--run-id", "c", "--yes"]) == 0
    copy = isolated_home / ".local/state/msgclient/runs/c/input.csv"
    assert copy.read_bytes() == rows.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    capsys.readouterr()
    copy.write_bytes(b"phone\n+4915199999999\n")  # the copy damaged behind the run's back
    assert main(["bulk", "resume", "c", "--yes"]) == 2
    assert "own copy of its input" in capsys.readouterr().err
    rows.write_bytes(b"phone\n+4915199999998\n")
    assert main(["bulk", "resume", "c", "--yes"]) == 2
    assert "changed since run c started" in capsys.readouterr().err
