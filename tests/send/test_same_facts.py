"""The same facts read the same in every command: a disabled channel is "not enabled" in
`threads show` as in `clients show`, and phones are in the '+7 916 ...' form `send` uses
(item 10)."""

from __future__ import annotations

from msgclient.__main__ import main


def test_threads_show_and_clients_show_agree(env_stand, capsys):
    assert main(["threads", "show", "12"]) == 0  # Ivan's open thread
    thread = capsys.readouterr().out
    assert main(["clients", "show", "9"]) == 0
    client = capsys.readouterr().out
    for shown in (thread, client):
        assert "telegram: not enabled on this stand" in shown, shown
        assert "+7 916 123-45-09" in shown and "79161234509" not in shown
