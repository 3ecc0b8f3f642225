"""A finished bulk run to look at: one row sent, one refused by a rule (a blocked client)."""

from __future__ import annotations

import pytest

from msgclient.bulk.input.defaults import Defaults
from msgclient.commands.bulk.options import Options
from msgclient.commands.bulk.run import run
from msgclient.outgoing.model import Message
from tests.bulk.conftest import BLOCKED_PHONE, phones, write_csv
from tests.commands.send.conftest import make_ctx

RUN_ID = "run-one-sent-one-refused"
VIBER = Defaults(Message(channel="viber", text="Hello {{name}}", tags=("Sales",)))


@pytest.fixture
def finished_run(env_stand, tmp_path) -> str:
    rows = write_csv(tmp_path / "rows.csv", ["phone", "name"],
                     [[phones(1, offset=90_000)[0], "Anna"], [BLOCKED_PHONE, "Boris"]])
    assert run(Options(str(rows), defaults=VIBER, yes=True, run_id=RUN_ID), make_ctx()) == 0
    return RUN_ID
