"""Questions to a person: the Prompter protocol and what a question is made of.

The real prompter (questionary_prompter.py) is built only when a command asks something.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

Validator = Callable[[str], "bool | str"]
# The answer Enter gives to "send?" in every command (send, bulk run, bulk resume): No, so a
# stray Enter sends nothing; 'y' sends. One default so Enter means the same everywhere.
SEND_DEFAULT = False
# Without a terminal there is no one to ask "send?": --yes answers it (docs/design.md §5 rule 3).
# The item send's list of what is missing names it by:
CONFIRMATION = "the confirmation (--yes)"


def needs_yes(sending: str = "sending") -> str:
    """The one sentence every command that sends says without a terminal and without --yes:
    'Without a terminal to confirm on, sending 5 messages needs --yes.'"""
    return f"Without a terminal to confirm on, {sending} needs --yes."

CHECKBOX_HINT = "(type to filter, Space picks, Enter ends)"
# The answer starts on the next row, after '>' (as questionary's own, longer, hint does).
MULTILINE_HINT = "(Esc then Enter, or Alt+Enter, ends)\n>"


@dataclass(frozen=True)
class Choice:
    label: str
    value: Any
    disabled: str | None = None  # why it cannot be picked, shown next to it
    checked: bool = False


class Prompter(Protocol):
    def text(self, message: str, *, default: str = "", validate: Validator | None = None,
             multiline: bool = False) -> str: ...
    def password(self, message: str) -> str: ...
    def select(self, message: str, choices: Sequence[Choice], *, filter: bool = False,
               default: Any = None) -> Any: ...
    def checkbox(self, message: str, choices: Sequence[Choice], *,
                 validate: Callable[[list], bool | str] | None = None) -> list: ...
    def confirm(self, message: str, *, default: bool = False) -> bool: ...
    def answered(self) -> int:
        """How many questions were answered so far (send: anything asked means a preview)."""
        ...
    def path(self, message: str, *, validate: Validator | None = None) -> str: ...
