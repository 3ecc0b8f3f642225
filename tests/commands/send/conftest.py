"""The send tests' fixtures (tests/send/conftest.py) for the tests of send's shape here."""

from __future__ import annotations

from tests.send.conftest import wire  # noqa: F401 - a fixture, found by name
