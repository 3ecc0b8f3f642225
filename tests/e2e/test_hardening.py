"""The security findings of issue 11 that the bad-input corpus cannot show by an exit code:
token paths, private files, stand text on the terminal, the debug log, a disconnecting client."""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import stat
from importlib import import_module

import pytest

from msgclient.__main__ import main
from msgclient.config import tokens as tokenstore
from msgclient.errors import AuthError, ConfigError
from msgclient.outgoing.attachments import inspect
from msgclient.outgoing.names import find_tags
from msgclient.sandbox.store.db import ensure_seeded
from tests.commands.send.conftest import counts, make_ctx, out

EVIL_NAME = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\[/]Anna\u202eevil"


# ---- token files -------------------------------------------------------------------------
def test_a_profile_name_never_becomes_a_token_path(stand, isolated_home, capsys):
    victim = isolated_home / "victim"
    victim.write_text("someone-elses-secret\n")
    os.chmod(victim, 0o600)
    config = isolated_home / "msgclient.yaml"
    config.write_text(json.dumps({"profiles": {"../../../victim": {"url": stand.url}}}))
    with pytest.raises(ConfigError, match="is not usable"):
        tokenstore.token_file("../../../victim")
    for argv in (["threads", "list"], ["auth", "logout"], ["auth", "status"]):
        assert main(["--profile", "../../../victim", *argv]) == 2
        assert "is not usable" in capsys.readouterr().err
    assert victim.read_text() == "someone-elses-secret\n"


def test_saving_a_token_replaces_a_link_at_its_path_and_never_writes_through_it(isolated_home):
    target = isolated_home / "elsewhere"
    target.write_text("untouched")
    path = tokenstore.token_file("prod")
    path.parent.mkdir(parents=True, mode=0o700)
    path.symlink_to(target)
    tokenstore.save("prod", "new-token")
    assert target.read_text() == "untouched"
    assert not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tokenstore.load("prod").token == "new-token"


def test_a_token_file_that_is_a_link_is_not_read(isolated_home):
    target = isolated_home / "planted"
    target.write_text("planted-token")
    os.chmod(target, 0o600)
    path = tokenstore.token_file("prod")
    path.parent.mkdir(parents=True, mode=0o700)
    path.symlink_to(target)
    with pytest.raises(AuthError, match="refusing to use it"):
        tokenstore.load("prod")


def test_a_tokens_folder_other_users_can_write_to_is_refused(isolated_home):
    folder = tokenstore.token_file("prod").parent
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    with pytest.raises(ConfigError, match="can be written by other users"):
        tokenstore.save("prod", "tok")
    assert list(folder.iterdir()) == []


# ---- private files -----------------------------------------------------------------------
def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_report_journal_and_sandbox_db_are_private(env_stand, tmp_path, isolated_home, capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,text\n14,Hello\n")
    report = tmp_path / "shared" / "report.csv"
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--tag", "Sales", "--yes",
                 "--report", str(report), "--run-id", "r1"]) == 0, capsys.readouterr().err
    assert _mode(report) == 0o600
    run = isolated_home / ".local/state/msgclient/runs/r1"
    assert _mode(run) == 0o700
    journals = [p for p in run.iterdir() if p.name.startswith("journal")]
    assert journals and all(_mode(p) == 0o600 for p in journals)

    db = tmp_path / "new" / "sandbox.db"
    ensure_seeded(db)
    assert _mode(db.parent) == 0o700
    assert all(_mode(p) == 0o600 for p in db.parent.iterdir())


def test_a_report_path_is_written_without_following_a_link(env_stand, tmp_path, capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,text\n14,Hello\n")
    target = tmp_path / "target.txt"
    target.write_text("keep")
    report = tmp_path / "report.csv"
    (tmp_path / ".report.csv.partial").symlink_to(target)
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--tag", "Sales", "--yes",
                 "--report", str(report)]) == 0
    assert target.read_text() == "keep"
    assert "Hello" not in target.read_text() and _mode(report) == 0o600


# ---- names that are not markup -----------------------------------------------------------
def test_a_markup_like_profile_name_writes_nothing(capsys, isolated_home):
    config = isolated_home / "msgclient.yaml"
    before = config.read_text()
    assert main(["config", "init", "--profile", "[/]", "--url", "https://acme.example"]) == 2
    assert "is not usable" in capsys.readouterr().err
    assert config.read_text() == before


def test_a_markup_like_report_path_is_shown_as_it_is_after_a_real_run(env_stand, tmp_path,
                                                                      capsys):
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,text\n14,Hello\n")
    report = tmp_path / "[" / "]report.csv"
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--tag", "Sales", "--yes",
                 "--report", str(report)]) == 0
    err = capsys.readouterr().err
    assert f"report: {report}" in err and "Traceback" not in err and report.exists()


# ---- stand text on the terminal ----------------------------------------------------------
@pytest.fixture
def evil_stand(env_stand):
    conn = sqlite3.connect(env_stand.db)
    with conn:
        conn.execute("UPDATE clients SET full_name = ? WHERE id = 1", (EVIL_NAME,))
        conn.execute("UPDATE messages SET text = ? WHERE thread_id = 1", (EVIL_NAME,))
    conn.close()
    return env_stand


def _assert_inert(out: str) -> None:
    for raw in ("\x1b]0;", "\x1b[2J", "\x1b]8;", "\x07", "\u202e"):
        assert raw not in out, repr(out[:400])
    assert "\\x1b]0;pwned" in out and "[/]Anna" in out


@pytest.mark.parametrize("argv", [["threads", "list", "--status", "all", "--client", "1"],
                                  ["threads", "show", "1"], ["clients", "show", "1"],
                                  ["threads", "show", "1", "--json"]])
def test_stand_text_reaches_a_pipe_inert(evil_stand, capsys, argv):
    assert main(argv) == 0
    out = capsys.readouterr().out
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out, repr(out[:400])


@pytest.mark.parametrize("command", ["threads.list", "threads.show", "clients"])
def test_stand_text_reaches_a_terminal_inert(evil_stand, command):
    module = import_module(f"msgclient.commands.{command}")
    ctx = make_ctx(tty=True)
    opts = module.Options(client_id=1, statuses=["CLOSED"]) if command == "threads.list" else \
        module.Options(1)
    module.run(opts, ctx)
    _assert_inert(out(ctx))


def test_debug_log_names_no_client(env_stand, capsys):
    assert main(["--debug", "threads", "show", "1"]) == 0
    err = capsys.readouterr().err
    assert "< [" in err  # the log is there
    assert "Anna" not in err and "Petrova" not in err


# ---- names that become paths or match ---------------------------------------------------
def test_a_url_attachments_decoded_name_is_only_its_last_part():
    item = inspect("https://files.example/x/..%2F..%2F..%2Fetc%2Fcron.d%2Fevil.pdf")
    assert item.name == "evil.pdf"


def test_tags_match_whatever_the_unicode_normal_form():
    tags = [{"id": 7, "path": "Caf\u00e9/Billing", "name": "Billing"},
            {"id": 8, "path": "Cafe\u0301s/Returns", "name": "Returns"}]
    assert find_tags(tags, ["Cafe\u0301/Billing"]) == (7,)
    assert find_tags(tags, ["caf\u00e9s/returns"]) == (8,)


def test_config_path_has_a_json_form(capsys, isolated_home):
    assert main(["config", "path", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"path": str(isolated_home / "msgclient.yaml"), "exists": True}


def test_a_dry_run_names_each_rows_attachments(env_stand, tmp_path, capsys):
    (tmp_path / "invoice-17.pdf").write_bytes(b"%PDF-1.4 x")
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,text,attachments\n14,Hello,invoice-17.pdf\n")
    before = counts(env_stand.db)
    main(["bulk", "run", str(rows), "--channel", "viber", "--tag", "Sales", "--dry-run"])
    assert "invoice-17.pdf" in capsys.readouterr().out
    assert counts(env_stand.db)["messages"] == before["messages"]


# ---- the sandbox -------------------------------------------------------------------------
def test_a_client_that_leaves_before_its_body_is_not_a_stand_failure(stand, caplog):
    host, port = stand.url.removeprefix("http://").split(":")
    caplog.set_level(logging.ERROR, logger="msgclient.sandbox")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"POST /api/v1/messages/outgoing HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: Bearer " + stand.token.encode() +
                     b"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\"")
    stand.get("/api/v1/channels")  # the stand still answers, and has had time to notice
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]


@pytest.mark.parametrize("where", ["/dev/null", "{tmp}"])
def test_a_report_is_never_renamed_over_a_device_or_a_folder(env_stand, tmp_path, capsys,
                                                              where):
    rows = tmp_path / "rows.csv"
    rows.write_text("thread,text\n14,Hello\n")
    before = os.lstat("/dev/null").st_mode
    before_sent = counts(env_stand.db)
    assert main(["bulk", "run", str(rows), "--channel", "viber", "--tag", "Sales", "--yes",
                 "--report", where.format(tmp=tmp_path)]) == 2
    assert "is not a regular file" in capsys.readouterr().err
    assert counts(env_stand.db) == before_sent  # refused before the first send
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode) and os.lstat("/dev/null").st_mode == before
