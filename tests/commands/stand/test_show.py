"""msgclient stand show: flags -> Options, and Options -> what the stand offers."""

from __future__ import annotations

import json

import pytest

from msgclient.api import capabilities as caps
from msgclient.commands.stand import show
from msgclient.commands.stand.show import Options, run
from tests.commands.send.conftest import err, make_ctx, out
from tests.conftest import start_stand, stop_later


def test_flags(parsed):
    assert parsed(show, "stand", "show") == Options()
    assert parsed(show, "stand", "show", "--refresh", "--json") == Options(refresh=True)


def test_the_full_sandbox_offers_every_extension(env_stand):
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    assert f"{env_stand.url} speaks msgclient's extensions; probed or cached." in err(ctx)
    rows = [line.split("\t") for line in out(ctx).splitlines()]
    assert [r[0] for r in rows] == sorted(caps.ALL)
    assert all(r[1] == "yes" and r[3] == caps.DOES[r[0]] for r in rows)


@pytest.fixture
def edna_stand(tmp_path, seeded_db, monkeypatch):
    stand = start_stand(tmp_path, seeded_db, api="edna")
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    yield stand
    stop_later(stand.running)


def test_a_docs_only_stand_offers_none_and_the_profile_stands_in(edna_stand):
    ctx = make_ctx(json=True)
    assert run(Options(), ctx) == 0
    shown = json.loads(out(ctx))
    assert shown["stand"] == edna_stand.url and shown["documentedOnly"] is True
    offered = {r["capability"]: r["offered"] for r in shown["capabilities"]}
    assert set(offered) == set(caps.ALL) and not any(offered.values())
    lists = {r["capability"]: r["profileList"] for r in shown["capabilities"]}
    assert lists["tags"] is False and lists["history"] is None  # no profile list for history
