"""msgclient completion SHELL: flags -> Options, and Options -> the shell's script."""

from __future__ import annotations

import pytest

from msgclient.commands import completion
from msgclient.commands.completion import Options, run
from msgclient.errors import UsageError
from tests.commands.send.conftest import make_ctx, out


def test_the_shell_is_an_argument(parsed, refused):
    assert parsed(completion, "completion", "zsh") == Options("zsh")
    code, said = refused(completion, "completion")
    assert code == 2 and "Missing argument 'SHELL'" in said


@pytest.mark.parametrize(("shell", "calls_back"), [
    ("bash", "_MSGCLIENT_COMPLETE=complete_bash"), ("zsh", "_MSGCLIENT_COMPLETE=complete_zsh"),
    ("fish", "_MSGCLIENT_COMPLETE=complete_fish")])
def test_each_shell_gets_a_script_that_calls_msgclient_back(shell, calls_back):
    ctx = make_ctx()
    assert run(Options(shell), ctx) == 0
    script = out(ctx)
    assert calls_back in script and script.endswith("\n") and not script.endswith("\n\n")


def test_another_shell_is_refused():
    with pytest.raises(UsageError, match="Unknown shell 'tcsh'; use one of bash, zsh, fish"):
        run(Options("tcsh"), make_ctx())
