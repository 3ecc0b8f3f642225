"""Every README example that needs no real stand runs as written, top to bottom, on a fresh
sandbox in a temporary home, from the checkout (item 17). Skipped: the interactive ones and
those that need a real stand; they are named here, so a new example runs unless it says why.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_HERE = {  # the command (comment stripped) -> why it is not run
    "msgclient send": "interactive",
    "msgclient auth login": "interactive, and needs a real stand",
    "msgclient --profile prod threads list": "needs a real stand",
    "msgclient sandbox serve": "runs in the foreground until Ctrl-C",
}


def examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    body = readme.split("## Quick start", 1)[1].split("\n## Exit codes", 1)[0]
    blocks = re.findall(r"```sh\n(.+?)\n```", body, flags=re.DOTALL)[2:]  # after install, tests
    commands = []
    for block in blocks:
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            if line and not line.startswith("#") and not _skipped(line):
                commands.append(re.sub(r"\s+", " ", line))
    return commands


def _skipped(line: str) -> bool:
    return line in NOT_HERE or line.startswith("msgclient sandbox serve")


@pytest.mark.slow
def test_the_readme_runs_top_to_bottom(isolated_home):
    commands = examples()
    assert len(commands) >= 25, commands
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in commands:
        proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, f"$ {command}\n{proc.stderr}"
