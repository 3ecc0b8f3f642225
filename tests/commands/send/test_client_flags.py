"""The names say what they are: --client ID is an existing client's internal id (as in
clients show and threads list --client), --authorised-id a new client's authorised external
id; the old --client-id still works, with a one-line note."""

from __future__ import annotations

import json

from msgclient.__main__ import main
from msgclient.commands.send import adapter as send


def test_client_messages_an_existing_client_by_internal_id_with_their_rules(cli):
    proc = cli("send", "--client", "4", "--channel", "viber", "--text", "Hi", "--tag", "Sales",
               "--dry-run", "--no-input")
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout[proc.stdout.index("{"):])
    assert body["threadsClientId"] == 4 and "new client" not in proc.stderr
    refused = cli("send", "--client", "3", "--channel", "viber", "--text", "Hi", "--tag",
                  "Sales", "--dry-run", "--no-input")
    assert refused.returncode == 5
    assert "has an active thread (#5, WAITING)" in refused.stderr


def test_the_old_client_id_spelling_works_with_a_note(monkeypatch, capsys):
    captured = []
    monkeypatch.setattr(send, "run", lambda opts, ctx: captured.append(opts))
    assert main(["send", "--client-id", "crm-1"]) == 0
    assert captured[0].client_id == "crm-1" and captured[0].new is True
    err = capsys.readouterr().err
    assert "--client-id is now --authorised-id" in err and len(err.strip().splitlines()) == 1
    assert main(["send", "--authorised-id", "crm-2"]) == 0
    assert captured[1].client_id == "crm-2" and "--client-id" not in capsys.readouterr().err


def test_client_and_a_new_address_or_thread_are_refused(monkeypatch, capsys):
    for argv in (["--client", "4", "--thread", "4"], ["--client", "4", "--phone", "+4915123"]):
        assert main(["send", "--text", "x", *argv]) == 2
        assert "--client" in capsys.readouterr().err
