"""bulk status and list on a 60-column terminal: ids and commands whole, paths under themselves."""

from __future__ import annotations

import re
from functools import partial

import pytest

from msgclient.bulk.input.defaults import Defaults
from msgclient.commands.bulk import list as bulk_list
from msgclient.commands.bulk.options import Options as BulkOptions
from msgclient.commands.bulk.run import run as bulk_run
from msgclient.commands.bulk.status import Options as StatusOptions
from msgclient.commands.bulk.status import run as status
from msgclient.commands.catalog import Options, _columns, run
from msgclient.outgoing.model import Message
from msgclient.terminal.wrap import wrap_text
from tests.bulk.conftest import BLOCKED_PHONE, phones, write_csv
from tests.commands.send.conftest import make_ctx

SEND = ("--channel", "viber", "--text", "Hello {{name}}", "--tag", "Sales")
RUN_ID = "20261130-135009-729594"
list_runs = partial(bulk_list.run, bulk_list.Options())  # `bulk list`, no flags


@pytest.fixture
def stopped_run(cli, tmp_path):
    """A finished run with a refusal and a report."""
    rows = write_csv(tmp_path / "a-rather-long-input-file-name.csv", ["phone", "name"],
                     [[phones(1, offset=61_000)[0], "a"], [BLOCKED_PHONE, "b"]])
    assert cli("bulk", "run", str(rows), *SEND, "--yes", "--run-id", RUN_ID).returncode == 0
    return RUN_ID


def shown(ctx) -> list[str]:
    """What the terminal shows: the rows without styles or trailing blanks."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", ctx.io.stdout.getvalue())
    return [line.rstrip() for line in text.splitlines()]


def _at_60(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    return make_ctx(tty=True)


def test_status_at_60_columns_keeps_paths_under_their_label(
        stopped_run, monkeypatch):
    ctx = _at_60(monkeypatch)
    assert status(StatusOptions(stopped_run), ctx) == 0
    lines = shown(ctx)
    said = "\n".join(lines)
    assert all(len(line) <= 60 for line in lines), said
    report = next(i for i, line in enumerate(lines) if line.startswith("report:"))
    assert lines[report].endswith("/") and lines[report + 1].startswith(" " * 10), said
    assert "refused by rule: 1 × the client is blocked" in lines, said


def test_a_resume_command_is_never_split():
    said = wrap_text(f"Continue it with 'msgclient bulk resume {RUN_ID}'.", 60)
    assert said == ["Continue it with", f"  'msgclient bulk resume {RUN_ID}'."]
    said = wrap_text(f"error: Then resume with 'msgclient bulk resume {RUN_ID}'.", 60, 7)
    assert said == ["error: Then resume with", f"         'msgclient bulk resume {RUN_ID}'."]


def test_list_at_60_columns_never_cuts_the_run_id(stopped_run, monkeypatch):
    ctx = _at_60(monkeypatch)
    assert list_runs(ctx) == 0
    lines = shown(ctx)
    assert all(len(line) <= 60 for line in lines), lines
    assert lines[1].startswith(RUN_ID + " ") and " finished " in lines[1], lines


@pytest.mark.parametrize(("what", "ident"), [
    ("templates", "appointment_reminder"), ("tags", "Question/Product/Availability"),
    ("channels", "whatsapp"), ("senders", "@")])
def test_catalog_lists_keep_ids_and_names_whole_at_60_columns(env_stand, monkeypatch, what,
                                                              ident):
    ctx = _at_60(monkeypatch)
    assert run(Options(what), ctx) == 0
    lines = shown(ctx)
    assert all(len(line) <= 60 for line in lines), lines
    rows = {"templates": ctx.catalog.templates, "tags": ctx.catalog.tags,
            "channels": ctx.catalog.channels, "senders": ctx.catalog.mailboxes}[what]
    typed = [c for c in _columns(what) if len(c) > 2 and c[2]]
    values = [str(c[1](row)) for row in rows for c in typed]
    assert any(ident in v for v in values)
    for value in values:  # each on one row, never cut
        assert any(f" {value} " in f" {line} " for line in lines[1:]), (value, lines)


def test_a_dry_run_at_60_columns_shows_each_message_under_its_row(env_stand, tmp_path,
                                                                  monkeypatch):
    rows = write_csv(tmp_path / "f.csv", ["thread", "name"], [[14, "Julia"], [6, "Dmitri"]])
    ctx = _at_60(monkeypatch)
    text = "Hello {{name}}, your parcel is on its way to the pickup point"
    defaults = Defaults(Message(channel="viber", text=text, tags=("Sales",)))
    assert bulk_run(BulkOptions(str(rows), defaults=defaults, dry_run=True), ctx) == 0
    lines = shown(ctx)
    assert lines[0].split() == ["2", "ok", "thread", "14", "viber"]
    assert lines[1].startswith(" " * 8 + "Hello Julia, your parcel is on its way")
    assert all(len(line) <= 60 for line in lines), lines
