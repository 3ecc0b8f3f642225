"""What a message and a recipient are has one import path, outgoing.model: no module takes
Recipient, Message or PreparedSend from anywhere else, and no module re-exports them."""

from __future__ import annotations

import ast
from pathlib import Path

import msgclient.outgoing.prepare as prepare

ROOT = Path(__file__).resolve().parents[2]
MODEL_NAMES = {"Recipient", "Message", "PreparedSend"}


def test_the_model_is_imported_from_outgoing_model_only():
    strays = []
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("msgclient"):
                taken = MODEL_NAMES & {alias.name for alias in node.names}
                if taken and node.module != "msgclient.outgoing.model":
                    strays.append(f"{path.relative_to(ROOT)}: {sorted(taken)} from {node.module}")
    assert strays == []


def test_prepare_exports_only_its_own_functions():
    assert not MODEL_NAMES & set(prepare.__all__)
    assert all(getattr(prepare, name).__module__ == prepare.__name__ for name in prepare.__all__)
