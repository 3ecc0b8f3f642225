"""The API contract: one OpenAPI 3.1 document shared by the stand, the client and the docs."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def load_contract() -> dict[str, Any]:
    """The parsed openapi.yaml; cached because it never changes within a process.

    Callers must not mutate the result (it is shared); deep-copy it first if needed.
    """
    import yaml  # lazy: keeps `msgclient --help` from paying for PyYAML

    text = resources.files(__package__).joinpath("openapi.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
