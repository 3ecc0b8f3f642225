"""The message's fields are declared once (outgoing.model.Message): the flags of `send` and
`bulk run`, the bulk defaults saved with a run and the row columns all follow from it."""

from __future__ import annotations

from dataclasses import fields

from msgclient.__main__ import main
from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.input.rows import FIELDS
from msgclient.commands.message_flags import FLAGS, flag_of
from msgclient.outgoing.model import Message

NAMES = [f.name for f in fields(Message)]
FULL = Message(channel="viber", text="Hi {{name}}", attachments=("/a.pdf", "https://x/b.png"),
               template="order_ready", variables={"b": "2", "a": "1"}, title="T",
               signature="S", tags=("Sales", "VIP"), sender="s@example.com", subject="Re",
               bcc=("x@example.com",))


def test_every_field_has_one_flag_and_one_column():
    assert list(FLAGS) == NAMES
    assert all(FIELDS[name] == name for name in NAMES)


def test_send_and_bulk_run_offer_every_field(capsys):
    for command in (["send", "--help"], ["bulk", "run", "--help"]):
        assert main(command) == 0
        shown = capsys.readouterr().out
        assert [flag_of(n) for n in NAMES if flag_of(n) not in shown] == []


def test_the_defaults_a_run_saves_read_back_as_the_same_message_in_order():
    saved = Defaults(FULL, app="shop", attachments_dir="/data")
    back = Defaults.from_json(saved.to_json())
    assert back == saved
    assert list(back.message.variables) == ["b", "a"]  # --var order is the run's order

