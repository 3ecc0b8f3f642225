"""What the domain (outgoing/, bulk/) needs of a stand, and nothing of the CLI.

The CLI's Context is one such object; tests and other front ends may pass their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from msgclient.api.catalog import Catalog
    from msgclient.api.client import ApiClient


class Stand(Protocol):
    @property
    def client(self) -> ApiClient:
        """The HTTP client, logged in."""

    @property
    def catalog(self) -> Catalog:
        """What the stand offers: capabilities, settings, channels, mailboxes, tags, templates."""

    @property
    def region(self) -> str | None:
        """The default region of phone numbers written without '+'."""

    @property
    def default_timezone(self) -> str | None:
        """The zone of a client whose own is not known (send windows)."""

    @property
    def where(self) -> str:
        """Which stand this is, for keys that must not cross stands: its URL, or the
        sandbox's database."""
