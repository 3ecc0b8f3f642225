"""A channel you choose on a stand that speaks edna's API alone: outgoing-from-myself's exact
body (checked against the contract), in the supervisor's name and with the profile's status;
a new client's channelType from the profile's mapping."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from msgclient.api.errors import BadRequest
from msgclient.commands.send.run import run
from tests.commands.send.conftest import err, make_ctx, validate_request
from tests.commands.send.flags import Options

EXAMPLE = Path(__file__).resolve().parents[3] / "config.example.yaml"


@pytest.fixture
def edna_sandbox(tmp_path, seeded_db, monkeypatch):
    """config.example.yaml's edna-demo profile (the embedded sandbox speaking edna, whose own
    supervisor's login msgclient knows) over a copy of the seeded stand."""
    db = tmp_path / "edna.db"
    shutil.copy(seeded_db, db)
    monkeypatch.setenv("MSGCLIENT_CONFIG", str(EXAMPLE))
    monkeypatch.setenv("MSGCLIENT_PROFILE", "edna-demo")
    monkeypatch.setenv("MSGCLIENT_SANDBOX_DB", str(db))
    return db


def only_send(wire) -> dict:
    [request] = wire.sends
    validate_request(request["path"], request["body"])
    assert "Idempotency-Key" not in request["headers"]  # edna honours none
    return request


def test_the_exact_body_of_a_send_over_a_chosen_channel(edna_sandbox, wire, monkeypatch):
    monkeypatch.setenv("MSGCLIENT_AGENT_STATUS", "READY")
    ctx = make_ctx()
    run(Options(thread_id=13, channel="viber", text="Your refund", yes=True), ctx)
    request = only_send(wire)
    assert request["path"] == "/api/v1/messages/outgoing-from-myself"
    assert request["body"] == {"threadsClientId": 10, "login": "supervisor",
                               "channelType": "VIBER", "status": "READY", "text": "Your refund"}
    assert "Sent as supervisor; your status in the workplace is now READY." in err(ctx)


def test_the_threads_own_channel_still_goes_by_outgoing(edna_sandbox, wire):
    run(Options(thread_id=14, channel="viber", text="Hi", yes=True), make_ctx())
    request = only_send(wire)
    assert request["path"] == "/api/v1/messages/outgoing"
    assert request["body"] == {"threadId": 14, "text": "Hi"}  # no status: nobody's changed


def test_a_new_clients_channel_type_comes_from_the_profile(edna_sandbox, wire, tmp_path,
                                                          monkeypatch):
    config = tmp_path / "c.yaml"
    config.write_text(f"profiles:\n  demo:\n    sandbox_api: edna\n"
                      f"    sandbox_db: {edna_sandbox}\n    channel_types: {{MOBILE: APP}}\n"
                      "    channels: [{id: 5, type: MOBILE, name: Mobile app}]\n")
    monkeypatch.setenv("MSGCLIENT_CONFIG", str(config))
    monkeypatch.setenv("MSGCLIENT_PROFILE", "demo")
    with pytest.raises(BadRequest) as refused:  # this stand knows MOBILE, not APP
        run(Options(new=True, client_id="crm-9", channel="mobile-app", text="Hi", yes=True),
            make_ctx())
    assert only_send(wire)["body"]["clientApplicationDescriptor"] == {
        "channelType": "APP", "clientId": "crm-9"}
    assert refused.value.message.startswith(
        "The stand does not know channelType APP for mobile-app (profile 'demo'); set "
        "channel_types: {MOBILE: VALUE} in profile 'demo'")


def test_at_a_terminal_the_channels_the_client_used_are_known_from_the_local_index(
        edna_sandbox, wire):
    # edna cannot list one client's threads; the local index holds them all on this small
    # stand, so viber (a channel they used) is offered as such, not as "the stand decides".
    viber = "viber"
    ctx = make_ctx(tty=True, answers=[("select", viber), ("confirm", True)])
    run(Options(thread_id=13, text="Your refund"), ctx)
    offered = {c.label: c.disabled for c in ctx.prompter.offered}
    assert offered["whatsapp"] is None and offered[viber] is None  # the thread's own; perhaps
    assert offered["telegram"] == "not enabled on this stand"
    assert "As" in err(ctx) and "supervisor (your status in the workplace afterwards: " \
        "OUTGOING)" in err(ctx)  # the preview says in whose name, and the status after
    assert only_send(wire)["body"]["channelType"] == "VIBER"
