"""The questionary prompter: the one module where questionary and prompt_toolkit enter
(Context.prompter builds it when a command first asks something).

It uses `unsafe_ask()` so Ctrl-C raises and becomes a clean cancellation (exit 130) instead
of a silent None.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit.completion import PathCompleter
from prompt_toolkit.filters import to_filter
from prompt_toolkit.input.typeahead import clear_typeahead

from msgclient.errors import Cancelled

try:  # where there is no termios (Windows), nothing is left in a buffer to drop
    import termios
except ImportError:  # pragma: no cover
    termios = None  # type: ignore[assignment]
from msgclient.terminal.prompter import CHECKBOX_HINT, MULTILINE_HINT
from msgclient.terminal.wrap import fit_choice, one_row


def _ask(question: Any) -> Any:
    try:
        answer = question.unsafe_ask()
    except KeyboardInterrupt:
        raise Cancelled() from None
    if answer is None:
        raise Cancelled()
    return answer


# After a one-key answer, keys typed within this long (an Enter out of habit) are dropped.
KEYS_AFTER = 0.3  # seconds


def _drop_keys_typed_after(question: Any) -> None:
    """A confirmation answers with one key; an Enter typed after it out of habit would answer
    the next question (pick its first choice). Drop what was typed just after: the keys
    prompt_toolkit read ahead and those still in the terminal's buffer."""
    time.sleep(KEYS_AFTER)
    clear_typeahead(question.application.input)
    if termios is not None:
        with contextlib.suppress(OSError, ValueError, termios.error):
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)


def _near(question: Any) -> Any:
    """The question with its validation message on the row under the answer.

    prompt_toolkit lets the answer's window grow to the bottom of the terminal, so its
    message showed on the last row, far from the answer it is about."""
    question.application.layout.current_window.dont_extend_height = to_filter(True)
    return question


def _one_row(validate: Callable[[Any], bool | str] | None) -> Any:
    """A validator whose message fits the row it is shown on (cut with '…')."""
    if validate is None:
        return None

    def check(value: Any) -> bool | str:
        verdict = validate(value)
        width = shutil.get_terminal_size().columns - 1
        return verdict if verdict is True else one_row(str(verdict), width)
    return check


class QuestionaryPrompter:
    def __init__(self) -> None:
        self._answered = 0

    def answered(self) -> int:
        return self._answered

    def _ask(self, question: Any) -> Any:
        answer = _ask(question)
        self._answered += 1
        return answer

    def text(self, message, *, default="", validate=None, multiline=False):
        # questionary itself says how to finish a multi-line answer (Alt+Enter or Esc, Enter).
        # A shorter finishing hint than questionary's, so it fits a 60-column row.
        hint = {"instruction": MULTILINE_HINT} if multiline else {}
        return self._ask(_near(questionary.text(message, default=default,
                                                validate=_one_row(validate),
                                                multiline=multiline, **hint)))

    def password(self, message):
        return self._ask(questionary.password(message))

    def select(self, message, choices, *, filter=False, default=None):
        # One row each, cut with '…': a disabled choice's reason follows it in parentheses.
        items = [questionary.Choice(fit_choice(c.label, margin=6 + (len(c.disabled) + 3
                                                                    if c.disabled else 0)),
                                    value=c.value, disabled=c.disabled) for c in choices]
        start = next((i for i in items if default is not None and i.value == default
                      and not i.disabled), None)  # the pointer starts on it; Enter takes it
        return self._ask(questionary.select(message, choices=items, use_search_filter=filter,
                                            use_jk_keys=not filter, default=start))

    def checkbox(self, message, choices, *, validate=None):
        items = [questionary.Choice(c.label, value=c.value, disabled=c.disabled,
                                    checked=c.checked) for c in choices]
        kwargs = {"validate": _one_row(validate)} if validate else {}
        # Typing filters, as in the pickers before it: without the search filter, typing
        # 'sales' would fire the 'a' (select all) and 'i' (invert) shortcuts.
        return self._ask(questionary.checkbox(message, choices=items, use_search_filter=True,
                                              use_jk_keys=False,
                                              instruction=CHECKBOX_HINT, **kwargs))

    def confirm(self, message, *, default=False):
        # One key answers ('y' or 'n'; Enter alone: the default). The Enter typed after it out
        # of habit is dropped, so it never picks the next question's first choice.
        question = questionary.confirm(message, default=default, auto_enter=True)
        answer = self._ask(question)
        _drop_keys_typed_after(question)
        return answer

    def path(self, message, *, validate=None):
        # A text prompt with path completion, not questionary.path: that one drops a '/'
        # typed after another, so "https://" cannot be typed, only pasted.
        # No rows kept free for the completion menu: they pushed the validation message
        # eight rows down; the menu draws in the rows below the prompt when it opens.
        return self._ask(_near(questionary.text(message, validate=_one_row(validate),
                                                completer=PathCompleter(expanduser=True),
                                                reserve_space_for_menu=0)))

