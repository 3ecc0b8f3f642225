"""The largest id the stand takes (rules.ID_MAX): one constant, the bound of every id flag, of
draft's recipient check and of the sandbox's reading of numbers."""

from __future__ import annotations

import pytest

from msgclient.__main__ import main
from msgclient.outgoing.draft import recipient_address
from msgclient.outgoing.errors import InvalidMessage
from msgclient.outgoing.model import Recipient
from msgclient.rules import ID_MAX, fits_long
from msgclient.sandbox.validate import is_int


def test_the_stand_takes_java_longs():
    assert ID_MAX == 2**63 - 1
    assert fits_long(ID_MAX) and fits_long(-ID_MAX - 1)
    assert not fits_long(ID_MAX + 1) and not fits_long(-ID_MAX - 2)
    assert is_int(ID_MAX) and not is_int(ID_MAX + 1) and not is_int(True)


@pytest.mark.parametrize("argv", [["threads", "show", "{id}"], ["clients", "show", "{id}"],
                                  ["threads", "list", "--client", "{id}"],
                                  ["send", "--thread", "{id}", "--channel", "viber", "-m", "x",
                                   "--yes"]])
def test_every_id_flag_stops_past_it_before_any_request(argv, capsys, monkeypatch):
    monkeypatch.setenv("MSGCLIENT_URL", "http://127.0.0.1:9")  # nothing listens there
    assert main([a.format(id=ID_MAX + 1) for a in argv]) == 2
    assert f"less than or equal to {ID_MAX}." in capsys.readouterr().err


def test_draft_names_the_same_bound():
    assert recipient_address(Recipient("thread", str(ID_MAX)), None) is None
    with pytest.raises(InvalidMessage, match=f"a number from 1 to {ID_MAX}, not"):
        recipient_address(Recipient("client", str(ID_MAX + 1)), None)
