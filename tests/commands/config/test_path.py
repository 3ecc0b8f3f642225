"""msgclient config path: flags -> Options, and Options -> the config file's path."""

from __future__ import annotations

import json

from msgclient.commands.config import path
from msgclient.commands.config.path import Options, run
from msgclient.config.settings import config_path
from tests.commands.send.conftest import make_ctx, out


def test_flags(parsed):
    assert parsed(path, "config", "path") == Options()
    assert parsed(path, "config", "path", "--json") == Options()


def test_the_path_alone_on_stdout(isolated_home):
    ctx = make_ctx()
    assert run(Options(), ctx) == 0
    assert out(ctx) == f"{isolated_home / 'msgclient.yaml'}\n"


def test_json_says_whether_it_exists(isolated_home):
    config_path().unlink()
    ctx = make_ctx(json=True)
    assert run(Options(), ctx) == 0
    assert json.loads(out(ctx)) == {"path": str(isolated_home / "msgclient.yaml"),
                                    "exists": False}
