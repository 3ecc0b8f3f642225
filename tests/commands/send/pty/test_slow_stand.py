"""With a slow stand the screen says what it waits for, and Ctrl-C during the send says the
message may have gone out, with how to check, instead of a bare ^C (item 6)."""

from __future__ import annotations

import pytest

from msgclient.sandbox.faults import FaultConfig
from tests.commands.send.pty.conftest import CTRL_C
from tests.conftest import start_stand, stop_later

pytestmark = pytest.mark.pty


@pytest.fixture
def stand(tmp_path, seeded_db):  # the `cli` and `terminal` fixtures use this slow one
    s = start_stand(tmp_path, seeded_db, faults=FaultConfig(latency_ms=400))
    yield s
    stop_later(s.running)


def test_waiting_is_shown_and_ctrl_c_while_sending_says_it_may_have_gone(terminal):
    t = terminal("send", "--thread", "14", "--channel", "viber", "--text", "hi", "--tag", "Sales")
    t.expect("Looking up the client…")
    t.expect("Checking the message with the stand…")
    t.answer("Send this message?", "y")
    t.expect("Sending…")
    t.keys(CTRL_C)
    t.expect("Interrupted while sending: the message may have gone out.")
    t.expect("--idempotency-key")  # how to retry without sending it twice
    assert t.finish() == 130
