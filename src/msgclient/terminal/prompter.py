"""Questions to a person: the Prompter protocol and the questionary one.

The real prompter uses `unsafe_ask()` so Ctrl-C raises and becomes a clean
cancellation (exit 130) instead of a silent None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from msgclient.errors import Cancelled

Validator = Callable[[str], "bool | str"]
# The answer Enter gives to "send?" in every command (send, bulk run, bulk resume): the user
# has just seen what will go out and asked for it; one default so Enter means the same everywhere.
SEND_DEFAULT = True
CHECKBOX_HINT = "(type to filter, Space picks, Enter ends)"


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
    def path(self, message: str, *, validate: Validator | None = None) -> str: ...


def _ask(question: Any) -> Any:
    try:
        answer = question.unsafe_ask()
    except KeyboardInterrupt:
        raise Cancelled() from None
    if answer is None:
        raise Cancelled()
    return answer


class QuestionaryPrompter:
    def text(self, message, *, default="", validate=None, multiline=False):
        import questionary

        # questionary itself says how to finish a multi-line answer (Alt+Enter or Esc, Enter).
        return _ask(questionary.text(message, default=default, validate=validate,
                                     multiline=multiline))

    def password(self, message):
        import questionary

        return _ask(questionary.password(message))

    def select(self, message, choices, *, filter=False, default=None):
        import questionary

        items = [questionary.Choice(c.label, value=c.value, disabled=c.disabled) for c in choices]
        start = next((i for i in items if default is not None and i.value == default
                      and not i.disabled), None)  # the pointer starts on it; Enter takes it
        return _ask(questionary.select(message, choices=items, use_search_filter=filter,
                                       use_jk_keys=not filter, default=start))

    def checkbox(self, message, choices, *, validate=None):
        import questionary

        items = [questionary.Choice(c.label, value=c.value, disabled=c.disabled,
                                    checked=c.checked) for c in choices]
        kwargs = {"validate": validate} if validate else {}
        # Typing filters, as in the pickers before it: without the search filter, typing
        # 'sales' would fire the 'a' (select all) and 'i' (invert) shortcuts.
        return _ask(questionary.checkbox(message, choices=items, use_search_filter=True,
                                         use_jk_keys=False, instruction=CHECKBOX_HINT,
                                         **kwargs))

    def confirm(self, message, *, default=False):
        import questionary

        return _ask(questionary.confirm(message, default=default))

    def path(self, message, *, validate=None):
        import questionary
        from prompt_toolkit.completion import PathCompleter

        # A text prompt with path completion, not questionary.path: that one drops a '/'
        # typed after another, so "https://" cannot be typed, only pasted.
        return _ask(questionary.text(message, validate=validate,
                                     completer=PathCompleter(expanduser=True)))
