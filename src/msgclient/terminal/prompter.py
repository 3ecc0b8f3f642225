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
# Without a terminal there is no one to ask "send?": --yes answers it (design.md §5 rule 3).
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
    def path(self, message: str, *, validate: Validator | None = None) -> str: ...


def _ask(question: Any) -> Any:
    try:
        answer = question.unsafe_ask()
    except KeyboardInterrupt:
        raise Cancelled() from None
    if answer is None:
        raise Cancelled()
    return answer


def _near(question: Any) -> Any:
    """The question with its validation message on the row under the answer.

    prompt_toolkit lets the answer's window grow to the bottom of the terminal, so its
    message showed on the last row, far from the answer it is about."""
    from prompt_toolkit.filters import to_filter

    question.application.layout.current_window.dont_extend_height = to_filter(True)
    return question


def _one_row(validate: Callable[[Any], bool | str] | None) -> Any:
    """A validator whose message fits the row it is shown on (cut with '…')."""
    if validate is None:
        return None

    def check(value: Any) -> bool | str:
        import shutil

        from msgclient.terminal.layout import one_row

        verdict = validate(value)
        width = shutil.get_terminal_size().columns - 1
        return verdict if verdict is True else one_row(str(verdict), width)
    return check


class QuestionaryPrompter:
    def text(self, message, *, default="", validate=None, multiline=False):
        import questionary

        # questionary itself says how to finish a multi-line answer (Alt+Enter or Esc, Enter).
        # A shorter finishing hint than questionary's, so it fits a 60-column row.
        hint = {"instruction": MULTILINE_HINT} if multiline else {}
        return _ask(_near(questionary.text(message, default=default, validate=_one_row(validate),
                                           multiline=multiline, **hint)))

    def password(self, message):
        import questionary

        return _ask(questionary.password(message))

    def select(self, message, choices, *, filter=False, default=None):
        import questionary

        from msgclient.terminal.layout import fit_choice

        # One row each, cut with '…': a disabled choice's reason follows it in parentheses.
        items = [questionary.Choice(fit_choice(c.label, margin=6 + (len(c.disabled) + 3
                                                                    if c.disabled else 0)),
                                    value=c.value, disabled=c.disabled) for c in choices]
        start = next((i for i in items if default is not None and i.value == default
                      and not i.disabled), None)  # the pointer starts on it; Enter takes it
        return _ask(questionary.select(message, choices=items, use_search_filter=filter,
                                       use_jk_keys=not filter, default=start))

    def checkbox(self, message, choices, *, validate=None):
        import questionary

        items = [questionary.Choice(c.label, value=c.value, disabled=c.disabled,
                                    checked=c.checked) for c in choices]
        kwargs = {"validate": _one_row(validate)} if validate else {}
        # Typing filters, as in the pickers before it: without the search filter, typing
        # 'sales' would fire the 'a' (select all) and 'i' (invert) shortcuts.
        return _ask(questionary.checkbox(message, choices=items, use_search_filter=True,
                                         use_jk_keys=False, instruction=CHECKBOX_HINT,
                                         **kwargs))

    def confirm(self, message, *, default=False):
        import questionary

        # Enter submits, as in gh: with questionary's auto_enter, 'n' answered at once and
        # the Enter typed after it went on to pick the next question's first choice.
        return _ask(questionary.confirm(message, default=default, auto_enter=False))

    def path(self, message, *, validate=None):
        import questionary
        from prompt_toolkit.completion import PathCompleter

        # A text prompt with path completion, not questionary.path: that one drops a '/'
        # typed after another, so "https://" cannot be typed, only pasted.
        # No rows kept free for the completion menu: they pushed the validation message
        # eight rows down; the menu draws in the rows below the prompt when it opens.
        return _ask(_near(questionary.text(message, validate=_one_row(validate),
                                           completer=PathCompleter(expanduser=True),
                                           reserve_space_for_menu=0)))

