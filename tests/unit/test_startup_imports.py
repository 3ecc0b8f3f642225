"""`--help` and `--version` must not pay for HTTP, prompts, YAML or the web framework."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("requests", "questionary", "yaml", "starlette", "uvicorn", "jinja2", "phonenumbers",
         "email_validator", "keyring", "urllib3", "prompt_toolkit")


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["send", "--help"],
                                  ["bulk", "--help"], ["threads", "list", "--help"]])
def test_help_and_version_import_nothing_heavy(argv):
    code = f"from msgclient.__main__ import main; raise SystemExit(main({argv!r}))"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                          check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert imported, "importtime printed nothing; the check would be vacuous"
    assert "msgclient" in imported
    assert not imported & set(HEAVY), f"{argv} imported {sorted(imported & set(HEAVY))}"
