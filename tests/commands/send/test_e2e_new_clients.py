"""New clients (issue 5) through the CLI (in-process): every channel and identifier kind, the
known-client rules, and the new client and thread visible afterwards."""

from __future__ import annotations

import json

import pytest

from msgclient.sandbox.store import db
from tests.commands.send.conftest import counts, thread_json

T = ["--tag", "Sales", "--yes"]
# A new WhatsApp number never wrote, so WhatsApp takes only a template there.
ORDER_READY = ["--template", "order_ready", "--var", "name=Lena", "--var", "order=A-17"]


def send_json(cli, *argv):
    proc = cli("send", "--new", *argv, *T, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), proc.stderr


@pytest.mark.parametrize(("argv", "profile"), [
    (["--channel", "whatsapp", "--phone", "+34 612 34 56 78"], {"phone": "34612345678"}),
    (["--channel", "viber", "--phone", "+380501234567"], {"phone": "380501234567"}),
    (["--channel", "email", "--email", "Lena.Berg@Example.net", "--sender", "sales@example.com",
      "--subject", "Welcome"], {"email": "Lena.Berg@example.net"}),
    (["--channel", "web-chat", "--client-id", "crm-5001"], {"externalClientId": "crm-5001"}),
    (["--channel", "mobile-app", "--client-id", "crm-5002"], {"externalClientId": "crm-5002"}),
    (["--channel", "web-widget", "--external-id", "visitor-77"], {}),
    (["--channel", "mobile-app", "--external-id", "device-88", "--app", "shopApp"], {}),
], ids=["whatsapp-phone", "viber-phone", "email", "web-chat-client-id", "mobile-client-id",
        "web-widget-external-id", "mobile-external-id-app"])
def test_every_channel_and_identifier(cli, stand, argv, profile):
    before = counts(stand.db)
    whatsapp = argv[1] == "whatsapp"
    result, stderr = send_json(cli, *argv, *(ORDER_READY if whatsapp else ["-m", "Welcome!"]))
    if "--external-id" in argv:  # cannot be looked up first: the answer names the client
        assert f"(client id {result['clientId']})" in stderr
    else:
        assert f"(new client id {result['clientId']})" in stderr
    after = counts(stand.db)
    assert after["clients"] == before["clients"] + 1 and after["threads"] == before["threads"] + 1
    shown = thread_json(cli, result["threadId"])
    assert shown["thread"]["clientId"] == result["clientId"]
    assert {k: shown["client"][k] for k in profile} == profile
    [message] = shown["messages"]
    assert (message["direction"], message["authorType"]) == ("OUTGOING", "SUPERVISOR")
    assert message["text"] == (
        "Hello Lena, your order A-17 is ready." if whatsapp else "Welcome!")
    channel = argv[1]
    assert result["channelName"] == channel


def test_whatsapp_template_with_variables_to_a_new_number(cli, stand):
    result, _ = send_json(cli, "--channel", "whatsapp", "--phone", "+4915123456789",
                          "--template", "appointment_reminder", "--var", "name=Lea",
                          "--var", "date=May 3", "--var", "time=10:00")
    [message] = thread_json(cli, result["threadId"])["messages"]
    assert message["template"]["variables"] == {"name": "Lea", "date": "May 3", "time": "10:00"}
    assert message["text"] == "Hi Lea, a reminder of your appointment on May 3 at 10:00."


def test_default_region_from_the_profile(cli, stand):
    proc = cli("send", "--new", "--channel", "viber", "--phone", "8 916 555-12-34", "-m", "hi",
               *T, "--dry-run", env={"MSGCLIENT_DEFAULT_REGION": "RU"})
    assert proc.returncode == 0, proc.stderr
    assert '"deviceAddress": "79165551234"' in proc.stdout


def test_disabled_channel_is_refused_with_the_enabled_ones(cli, stand):
    db.set_channel_enabled(stand.db, 2, False)
    before = counts(stand.db)
    proc = cli("send", "--new", "--channel", "viber", "--phone", "+380501234567", "-m", "x", *T)
    assert proc.returncode == 5
    assert "Channel viber is not enabled on this stand; enabled channels: whatsapp, email, " \
           "web-chat, mobile-app." in proc.stderr
    assert counts(stand.db) == before


@pytest.mark.parametrize(("argv", "needle"), [
    (["--channel", "whatsapp", "--phone", "+7 916"], "'+7 916' is not a valid phone number"),
    (["--channel", "viber", "--phone", "79161234567"], "it has no country code"),
    (["--channel", "email", "--email", "lena@@example.com", "--sender", "1", "--subject", "s"],
     "is not a valid email address"),
    (["--channel", "email", "--email", "lena@mail.co.uk.example", "--sender", "1",
      "--subject", "s"], "not an email address the stand accepts"),
])
def test_invalid_phone_and_email_exit_2_and_send_nothing(cli, stand, argv, needle):
    before = counts(stand.db)
    proc = cli("send", "--new", *argv, "-m", "x", *T)
    assert proc.returncode == 2 and needle in proc.stderr, proc.stderr
    assert counts(stand.db) == before


def test_address_of_a_blocked_client_is_refused_and_the_client_named(cli, stand):
    before = counts(stand.db)
    proc = cli("send", "--new", "--channel", "whatsapp", "--phone", "+7 903 123-45-02", "-m",
               "x", *T)
    assert proc.returncode == 5
    assert "+7 903 123-45-02 belongs to client Boris Ivanov (id 2)" in proc.stderr
    assert "Client Boris Ivanov (id 2) is blocked" in proc.stderr
    assert counts(stand.db) == before


def test_address_of_a_client_with_an_active_thread(cli, stand):
    proc = cli("send", "--new", "--channel", "whatsapp", "--phone", "+79161234509", "-m", "x",
               *T)
    assert proc.returncode == 5
    assert "Ivan Kuznetsov (id 9) has an active thread (#12, ANSWER_NEEDED)" in proc.stderr


def test_email_of_a_known_client_with_an_active_thread_is_allowed(cli, stand):
    result, stderr = send_json(cli, "--channel", "email", "--email", "clara.schmidt@example.org",
                               "--sender", "support@example.com", "--subject", "Hi", "-m", "x")
    assert "belongs to client Clara Schmidt (id 3)" in stderr
    assert result["clientId"] == 3


def test_external_id_of_a_known_client_reaches_that_client(cli, stand):
    result, stderr = send_json(cli, "--channel", "web-chat", "--client-id", "web-1006", "-m", "x")
    assert "web-1006 belongs to client Felix Wagner (id 6)" in stderr
    assert result["clientId"] == 6
    assert thread_json(cli, result["threadId"])["messages"][0]["direction"] == "OUTGOING"


def test_external_id_of_a_known_visitor_gets_that_clients_rules_from_the_stand(cli, stand):
    first, _ = send_json(cli, "--channel", "web-widget", "--external-id", "visitor-9", "-m", "x")
    db.set_client_blocked(stand.db, first["clientId"], True)
    before = counts(stand.db)
    proc = cli("send", "--new", "--channel", "web-widget", "--external-id", "visitor-9", "-m",
               "again", *T)
    assert proc.returncode == 5
    assert f"Client id {first['clientId']} is blocked" in proc.stderr
    assert counts(stand.db) == before
