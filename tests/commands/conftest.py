"""Command tests, two kinds per command (as gh tests its commands):

- parse tests: flags -> Options through the real CLI (msgclient.__main__.main), with the
  command module's `run` replaced by a recorder, so nothing runs and nothing is asked of a
  stand; `parsed` returns the one Options the adapter built, `refused` the exit code and
  stderr of flags the adapter turns away before run;
- run tests: Options -> output, `run(opts, ctx)` on a Context over string buffers
  (tests/commands/send/conftest.make_ctx) against the sandbox stand fixtures of tests/conftest.py.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from msgclient.__main__ import main
from msgclient.config.settings import config_path, write_profile
from tests.commands.send.conftest import wire  # noqa: F401  (a fixture: the requests put on the wire)


class Recorder:
    """Stands in for a command module's `run`: keeps every Options it is given."""

    def __init__(self) -> None:
        self.calls: list = []

    def __call__(self, opts, ctx) -> int:
        self.calls.append(opts)
        return 0


@pytest.fixture
def parsed(monkeypatch):
    def parse(module: ModuleType, *argv: str):
        recorder = Recorder()
        monkeypatch.setattr(module, "run", recorder)
        assert main(list(argv)) == 0
        assert len(recorder.calls) == 1, recorder.calls
        return recorder.calls[0]
    return parse


@pytest.fixture
def refused(monkeypatch, capsys):
    def refuse(module: ModuleType, *argv: str) -> tuple[int, str]:
        recorder = Recorder()
        monkeypatch.setattr(module, "run", recorder)
        capsys.readouterr()
        code = main(list(argv))
        assert recorder.calls == [], "the adapter ran the command it should have refused"
        return code, capsys.readouterr().err
    return refuse


@pytest.fixture
def lab(stand):
    """The test's stand as profile 'lab', the default, login 'supervisor', no token stored
    (as `config init` writes it)."""
    write_profile(config_path(), "lab", {"url": stand.url, "login": "supervisor"}, True)
    return stand
