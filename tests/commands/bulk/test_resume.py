"""msgclient bulk resume: flags -> Options, and Options -> what is left of a run, sent."""

from __future__ import annotations

import pytest

from msgclient.commands.bulk import resume
from msgclient.commands.bulk.options import ResumeOptions
from msgclient.commands.bulk.resume import run
from msgclient.errors import UsageError
from tests.bulk.conftest import BLOCKED_PHONE, outgoing_by_phone
from tests.commands.send.conftest import err, make_ctx


def test_the_run_alone_keeps_its_own_pace(parsed):
    assert parsed(resume, "bulk", "resume", "R1") == ResumeOptions("R1")


def test_every_flag(parsed):
    opts = parsed(resume, "bulk", "resume", "R1", "--concurrency", "2", "--rate", "5",
                  "--resend-unknown", "--resend-refused", "-y", "--report", "r.json", "--json")
    assert opts == ResumeOptions("R1", 2, 5.0, True, True, True, "r.json")


def test_a_finished_run_has_nothing_left(finished_run):
    ctx = make_ctx()
    assert run(ResumeOptions(finished_run), ctx) == 0
    assert f"Run {finished_run} has nothing left to send: every row has its outcome." in err(ctx)
    assert f"✓ Run {finished_run}: 1 sent, 1 refused by rule" in err(ctx)


def test_resend_refused_without_a_terminal_needs_yes(finished_run):
    with pytest.raises(UsageError, match="sends up to 1 messages. Without a terminal to "
                                         "confirm on, sending needs --yes"):
        run(ResumeOptions(finished_run, resend_refused=True), make_ctx())


def test_resend_refused_tries_the_refused_row_again(env_stand, finished_run):
    before = outgoing_by_phone(env_stand, [BLOCKED_PHONE])
    ctx = make_ctx()
    assert run(ResumeOptions(finished_run, resend_refused=True, yes=True), ctx) == 0
    assert "Trying 1 refused row again (--resend-refused)." in err(ctx)
    assert f"✓ Run {finished_run}: 1 sent, 1 refused by rule" in err(ctx)  # refused again
    assert outgoing_by_phone(env_stand, [BLOCKED_PHONE]) == before
