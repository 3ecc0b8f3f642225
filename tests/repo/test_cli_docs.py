"""docs/cli.md is generated from --help; fail when someone changes one without the other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_matches_help():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
                          check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_every_command_has_a_summary_and_an_example():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    sections = text.split("\n## ")[1:]
    assert len(sections) > 15
    for section in sections:
        name = section.splitlines()[0]
        if name.count(" ") >= 2 or name in ("msgclient send",):  # leaf commands
            assert "$ msgclient" in section, f"{name} has no example in its --help"
