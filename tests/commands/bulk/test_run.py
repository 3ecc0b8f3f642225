"""msgclient bulk run: flags -> Options, and Options -> rows checked, sent, journaled."""

from __future__ import annotations

import json
import re

import pytest

from msgclient.bulk import runs
from msgclient.bulk.input.defaults import Defaults
from msgclient.commands.bulk import run as bulk_run
from msgclient.commands.bulk.options import Options
from msgclient.commands.bulk.run import run
from msgclient.errors import UsageError
from msgclient.outgoing.model import Message
from tests.bulk.conftest import outgoing_by_phone, outgoing_total, phone_rows, phones
from tests.commands.bulk.conftest import VIBER
from tests.commands.send.conftest import err, make_ctx, out


def test_a_file_alone(parsed):
    assert parsed(bulk_run, "bulk", "run", "rows.csv") == Options("rows.csv")


def test_every_flag(parsed):
    opts = parsed(bulk_run, "bulk", "run", "-", "-f", "jsonl", "--text-file", "t.txt", "-c",
                  "viber", "-a", "a.pdf", "--template", "order_ready", "--var", "name={{n}}",
                  "--title", "T", "--signature", "S", "-t", "Sales", "-t", "7", "--sender",
                  "s@example.com", "--subject", "Hi {{n}}", "--bcc", "b@example.com",
                  "--attachments-dir", "files", "--app", "shop", "--concurrency", "3",
                  "--rate", "600/min", "--dry-run", "--summary", "--check-eligibility",
                  "--skip-invalid", "--allow-duplicates", "-y", "--report", "r.json",
                  "--run-id", "R1", "--new-run", "--no-input", "--json")
    message = Message(channel="viber", attachments=("a.pdf",), template="order_ready",
                      variables={"name": "{{n}}"}, title="T", signature="S",
                      tags=("Sales", "7"), sender="s@example.com", subject="Hi {{n}}",
                      bcc=("b@example.com",))
    assert opts == Options("-", "jsonl", Defaults(message, app="shop", attachments_dir="files"),
                           "t.txt", 3, 10.0, True, True, True, True, True, True, "r.json", "R1",
                           True, True)


def test_flag_mistakes_end_before_a_row_is_read(refused):
    code, said = refused(bulk_run, "bulk", "run", "rows.csv", "--rate", "fast")
    assert code == 2 and "--rate 'fast' is not a rate" in said
    assert refused(bulk_run, "bulk", "run", "rows.csv", "--concurrency", "0")[0] == 2
    assert refused(bulk_run, "bulk", "run")[0] == 2


def test_sends_one_message_per_row_and_keeps_the_run(env_stand, tmp_path):
    numbers = phones(2, offset=91_000)
    ctx = make_ctx()
    opts = Options(str(phone_rows(tmp_path / "rows.csv", numbers)), defaults=VIBER, yes=True,
                   run_id="two")
    assert run(opts, ctx) == 0
    assert outgoing_by_phone(env_stand, numbers) == {n.lstrip("+"): 1 for n in numbers}
    assert f"Run two: checking every row of {opts.input}" in err(ctx)
    assert re.search(r"^✓ Run two: 2 sent, 0 refused by rule, 0 failed, 0 unknown of 2 rows"
                     r"( at .+)?\.$", err(ctx), re.M)
    assert [r.id for r in runs.all_runs()] == ["two"]


def test_a_dry_run_shows_every_row_and_sends_nothing(env_stand, tmp_path):
    numbers = phones(2, offset=92_000)
    before = outgoing_total(env_stand)
    ctx = make_ctx(json=True)
    opts = Options(str(phone_rows(tmp_path / "rows.csv", numbers)), defaults=VIBER,
                   dry_run=True)
    assert run(opts, ctx) == 0
    shown = json.loads(out(ctx))
    assert [r["recipient"] for r in shown["rows"]] == [f"phone {n}" for n in numbers]
    assert shown["summary"]["valid"] == 2
    assert outgoing_total(env_stand) == before and list(runs.all_runs()) == []


def test_no_input_on_a_terminal_still_needs_yes(env_stand, tmp_path):
    rows = phone_rows(tmp_path / "rows.csv", phones(1, offset=93_000))
    ctx = make_ctx(tty=True)  # a FakePrompter with no answers: any question fails the test
    with pytest.raises(UsageError, match="Without a terminal to confirm on, sending 1 message "
                                         "needs --yes"):
        run(Options(str(rows), defaults=VIBER, no_input=True), ctx)
    assert ctx.io.no_input and list(runs.all_runs()) == []
