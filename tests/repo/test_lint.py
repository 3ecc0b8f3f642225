"""The tree stays lint-clean with pyproject's rules, imports at the top included (PLC0415:
only the edge files listed in pyproject.toml import late, each with its reason)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")


@pytest.mark.skipif(RUFF is None, reason="ruff is a test dependency; not installed here")
def test_ruff_finds_nothing():
    proc = subprocess.run([RUFF, "check", "--no-cache", "--output-format", "concise",
                           "src", "tests", "benchmarks", "scripts"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


@pytest.mark.skipif(RUFF is None, reason="ruff is a test dependency; not installed here")
def test_a_late_import_outside_the_edges_is_found(tmp_path):
    late = tmp_path / "src" / "msgclient" / "late.py"
    late.parent.mkdir(parents=True)
    late.write_text("def f():\n    import json\n\n    return json\n", encoding="utf-8")
    proc = subprocess.run([RUFF, "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                           str(late)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "PLC0415" in proc.stdout
