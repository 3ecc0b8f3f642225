"""Every command imports only what it uses: `--help` and `--version` pay for no HTTP, prompts,
YAML or web framework, and the one-request commands for no prompts, YAML, web framework or
pydantic (Typer would import it to coerce parameters; msgclient.cli.coerce does that)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("requests", "questionary", "yaml", "starlette", "uvicorn", "jinja2", "phonenumbers",
         "email_validator", "keyring", "urllib3", "prompt_toolkit", "pydantic")
# What a one-request command needs beyond Typer: HTTP to the stand (and YAML to read the
# config file, which every test has). Rich is not in HEAVY: commands print with it.
NEEDED_TO_RUN = ("requests", "urllib3", "yaml")


def imported_by(argv: list[str]) -> set[str]:
    code = f"from msgclient.__main__ import main; raise SystemExit(main({argv!r}))"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                          check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "msgclient" in imported, "importtime printed nothing; the check would be vacuous"
    return imported


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["send", "--help"],
                                  ["bulk", "--help"], ["threads", "list", "--help"]])
def test_help_and_version_import_nothing_heavy(argv):
    imported = imported_by(argv)
    assert not imported & set(HEAVY), f"{argv} imported {sorted(imported & set(HEAVY))}"


def test_root_help_imports_no_command_module():
    code = ("import sys; from msgclient.__main__ import main; main(['--help']); "
            "print(sorted(m for m in sys.modules if m.startswith('msgclient.commands.')))")
    proc = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True, timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(("argv", "uses"), [
    (["threads", "list"], ()),
    # It shows the client's phone in international form, as send does (phonenumbers).
    (["threads", "show", "{thread}"], ("phonenumbers",)),
    (["send", "--thread", "{thread}", "--channel", "whatsapp", "--text", "Hello", "--tag",
      "Sales", "--dry-run", "--no-input"], ())])
def test_one_request_commands_import_only_what_they_use(argv, uses, stand, monkeypatch):
    monkeypatch.setenv("MSGCLIENT_URL", stand.url)
    monkeypatch.setenv("MSGCLIENT_TOKEN", stand.token)
    thread = next(t["id"] for t in stand.get("/api/v1/threads", statuses="CLOSED")
                  if t["channel"] == 1)
    imported = imported_by([a.format(thread=thread) for a in argv])
    assert {"requests", "urllib3"} <= imported  # it did reach the stand
    unused = set(HEAVY) - set(NEEDED_TO_RUN) - set(uses)
    assert not imported & unused, f"{argv} imported {sorted(imported & unused)}"
