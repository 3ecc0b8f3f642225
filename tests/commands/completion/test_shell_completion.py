"""`msgclient completion SHELL` prints a script that completes commands, flags, channel and
profile names (item 20). Bash runs the script for real; the others are checked for shape."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import MSGCLIENT, run_main


def _bash_complete(*words: str) -> list[str]:
    script = run_main("completion", "bash").stdout
    line = " ".join(words)
    program = (f'{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}\n'
               f'_msgclient_completion {MSGCLIENT}\nprintf "%s\\n" "${{COMPREPLY[@]}}"')
    env = {**os.environ, "PATH": f"{os.path.dirname(MSGCLIENT)}:{os.environ['PATH']}"}
    proc = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_commands_channels_and_profiles():
    assert "completion" in _bash_complete("msgclient", "comp")
    assert _bash_complete("msgclient", "send", "--channel", "w") == [
        "whatsapp", "web-chat", "web-widget"]
    assert run_main("config", "init", "--profile", "prod", "--url",
                    "https://acme.example.com").returncode == 0
    assert _bash_complete("msgclient", "--profile", "") == ["sandbox", "prod"]


@pytest.mark.parametrize(("shell", "needle"), [("zsh", "compdef _msgclient_completion msgclient"),
                                               ("fish", "complete --command msgclient")])
def test_zsh_and_fish_scripts(shell, needle):
    proc = run_main("completion", shell)
    assert proc.returncode == 0 and needle in proc.stdout


def test_an_unknown_shell_is_a_usage_error():
    proc = run_main("completion", "tcsh")
    assert proc.returncode == 2 and "use one of bash, zsh, fish" in proc.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bulk_status_and_resume_complete_run_ids_not_file_names(stand, env_stand, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("thread\n1\n", encoding="utf-8")
    assert run_main("bulk", "run", str(rows), "--channel", "viber", "--text", "Hi", "--tag",
                    "Sales", "--run-id", "followups-b", "--yes").returncode == 0
    for verb in ("status", "resume"):
        assert _bash_complete("msgclient", "bulk", verb, "foll") == ["followups-b"]
    assert _bash_complete("msgclient", "bulk", "status", "zz") == []
