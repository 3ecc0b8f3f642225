"""The answer shapes the client checks are the contract's (scripts/gen_answer_shapes.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_answer_shapes_are_derived_from_the_contract():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_answer_shapes.py"),
                           "--check"], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
