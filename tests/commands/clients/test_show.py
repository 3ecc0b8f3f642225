"""msgclient clients show: flags -> Options, and Options -> the profile, channels, threads."""

from __future__ import annotations

import json

from msgclient.commands import clients
from msgclient.commands.clients import Options, run
from tests.commands.send.conftest import make_ctx, out


def test_the_id_and_json(parsed):
    assert parsed(clients, "clients", "show", "17", "--json") == Options(17)


def test_an_id_that_is_no_client_id_ends_before_the_stand_is_asked(refused):
    for bad in ("0", "anna", "99999999999999999999"):
        assert refused(clients, "clients", "show", bad)[0] == 2, bad


def test_profile_channels_and_threads(env_stand):
    ctx = make_ctx()
    assert run(Options(1), ctx) == 0
    lines = out(ctx).splitlines()
    assert lines[:6] == ["Name: Anna Petrova", "External id: -", "Phone: +7 916 123-45-01",
                         "Email: anna.petrova@example.org", "Segment: Regular", "Blocked: no"]
    assert lines[6] == "Can be messaged on" and lines[7].startswith("  ✓ whatsapp  (last wrote ")
    threads = [line.split("\t")[:3] for line in lines if "\t" in line]
    assert threads == [["1", "CLOSED", "whatsapp"], ["2", "CLOSED", "email"]]


def test_json_holds_client_threads_and_channels(env_stand):
    ctx = make_ctx(json=True)
    assert run(Options(1), ctx) == 0
    shown = json.loads(out(ctx))
    assert shown["client"]["fullName"] == "Anna Petrova"
    assert [t["id"] for t in shown["threads"]] == [1, 2]
    reachable = {c["name"] for c in shown["channels"] if c["available"]}
    assert reachable == {"whatsapp", "email"}
