"""The one object that carries the world into commands (gh's Factory).

Everything is built on first use, and each part imports its modules there (the config,
the HTTP client, the token store, the prompter): `msgclient --help` builds and imports
none of them, and tests swap the streams, the prompter or the stand by setting attributes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from msgclient.errors import AuthError
from msgclient.terminal.iostreams import IOStreams

if TYPE_CHECKING:
    from msgclient.api.catalog import Catalog, Sender
    from msgclient.api.client import ApiClient
    from msgclient.config.settings import Settings
    from msgclient.terminal.prompter import Prompter

SANDBOX_NOTICE = "sandbox stand: messages reach no real client"


@dataclass
class Context:
    io: IOStreams = field(default_factory=IOStreams)
    profile: str | None = None
    json: bool = False
    debug: bool = False

    @cached_property
    def settings(self) -> Settings:
        from msgclient.config.settings import load_settings

        return load_settings(self.profile)

    @cached_property
    def stand(self) -> tuple[str, Any]:
        """(base URL, token getter) of the configured stand, or of the sandbox."""
        if self.settings.uses_sandbox:
            from msgclient.sandbox.embedded import connect_sandbox

            url, token = connect_sandbox(self.settings.sandbox_db_path,
                                         api=self.settings.sandbox_api)
            self.io.info(f"{SANDBOX_NOTICE} ({url})", style="dim")
            return url, lambda: token
        return self.settings.url, self._stored_token

    def _stored_token(self) -> str:
        from msgclient.config import tokens as tokenstore

        found = tokenstore.load(self.settings.profile)
        if found is None:
            raise AuthError(f"Not logged in to {self.settings.url}.",
                            hint="Run 'msgclient auth login' or set MSGCLIENT_TOKEN; "
                                 "'msgclient config use sandbox' goes back to the sandbox.")
        return found.token

    @cached_property
    def client(self) -> ApiClient:
        from msgclient.api.client import ApiClient

        url, token = self.stand
        debug = (lambda line: self.io.info(line, style="dim")) \
            if self.debug else None
        return ApiClient(base_url=url, token=token, tenant=self.settings.tenant,
                         timeout=self.settings.timeout, budget=self.settings.budget,
                         verify=self.settings.ca_bundle or True, debug=debug,
                         notice=self._notice)

    def _notice(self, line: str) -> None:
        self.io.warn(line)  # a str is plain text to io: the URL in it is never markup

    @property
    def region(self) -> str | None:
        return self.settings.default_region

    @property
    def default_timezone(self) -> str | None:
        return self.settings.default_timezone

    @property
    def where(self) -> str:
        settings = self.settings
        return (f"sandbox:{settings.sandbox_db_path.resolve()}" if settings.uses_sandbox
                else str(settings.url).rstrip("/"))

    @cached_property
    def catalog(self) -> Catalog:
        from msgclient.api.capabilities import Cache, Prober
        from msgclient.api.catalog import Catalog
        from msgclient.files.stand import stand_file

        # The embedded sandbox moves to a new port each run: probing it is one loopback
        # request, and caching it would leave a file per port.
        cache = None if self.settings.uses_sandbox else Cache(
            stand_file("capabilities", self.stand[0], self.settings.tenant))
        return Catalog(self.client, self.settings.lists, Prober(self.client, cache),
                       sender=self._sender())

    def _sender(self) -> Sender:
        from msgclient.api.catalog import Sender

        settings = self.settings
        return Sender(self._login(), settings.agent_status, settings.sources["agent_status"],
                      settings.channel_types, settings.profile)

    def _login(self) -> str | None:
        """Your login as the stand's login answer named it (a send in your name needs it):
        the sandbox's own supervisor, or the account saved at 'auth login'. A token from
        MSGCLIENT_TOKEN comes with no answer, so it names nobody."""
        from msgclient.files.stand import stand_file

        if self.settings.uses_sandbox:
            from msgclient.sandbox.embedded import SANDBOX_LOGIN

            return SANDBOX_LOGIN
        if os.environ.get("MSGCLIENT_TOKEN"):
            return None
        saved = stand_file("account", self.settings.url, self.settings.tenant).read() or {}
        login = saved.get("login")
        return login if isinstance(login, str) and login else None

    @cached_property
    def prompter(self) -> Prompter:
        from msgclient.terminal.questionary_prompter import QuestionaryPrompter

        return QuestionaryPrompter()

    def asked(self) -> int:
        """How many questions this command has asked so far (none if it built no prompter)."""
        return self.prompter.answered() if "prompter" in self.__dict__ else 0

    def close(self) -> None:
        if "client" in self.__dict__:
            self.client.close()
