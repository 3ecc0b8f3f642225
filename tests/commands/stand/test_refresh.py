"""msgclient stand refresh: `stand show --refresh` by its own name."""

from __future__ import annotations

from msgclient.api.capabilities import SETTINGS_PATH
from msgclient.commands.stand import refresh
from msgclient.commands.stand.show import Options, run
from tests.commands.send.conftest import err, make_ctx, out


def test_it_always_probes_again(parsed):
    assert parsed(refresh, "stand", "refresh") == Options(refresh=True)
    assert parsed(refresh, "stand", "refresh", "--json") == Options(refresh=True)


def probes(wire) -> int:
    return sum(r["method"] == "GET" and r["path"] == SETTINGS_PATH for r in wire.requests)


def test_a_refresh_probes_now_and_shows_the_same_table(env_stand, wire):
    assert run(Options(), make_ctx()) == 0  # the first probe, kept for a day
    cached, fresh = make_ctx(), make_ctx()
    assert run(Options(), cached) == 0
    assert probes(wire) == 1
    assert run(Options(refresh=True), fresh) == 0
    assert probes(wire) == 2
    assert "probed now." in err(fresh) and "probed or cached." in err(cached)
    assert out(fresh) == out(cached)
