"""An option given twice with two values is refused, naming both: Click keeps the last one
silently, and `--channel viber ... --channel email` (a pasted command, an alias that already
says --channel) would send over a channel the user may not have meant.

The same value twice is one meaning, and options meant to repeat (--tag, --attach, --var)
repeat; `--yes` with `--no-yes` (a flag and its opposite) is two meanings too.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from msgclient.errors import UsageError
from msgclient.rules.text import shown

# Typer carries its own copy of Click (typer._click): the commands and options are told by
# what they have, not by Click's classes.


def guard(command: Any) -> Any:
    """`command` and every command below it check their own arguments before Click parses
    them (the command's parse_args, wrapped on the instance)."""
    for found in _tree(command):
        parse = found.parse_args
        if getattr(parse, "checks_repeats", False):
            continue

        @functools.wraps(parse)
        def checked(ctx: Any, args: list[str], _cmd: Any = found,
                    _parse: Any = parse) -> list[str]:
            if not ctx.resilient_parsing:  # the shell completing a word: never refuse
                refuse_repeats(_cmd, args)
            return _parse(ctx, args)

        checked.checks_repeats = True  # type: ignore[attr-defined]
        found.parse_args = checked  # type: ignore[method-assign]
    return command


def _tree(command: Any) -> Iterator[Any]:
    yield command
    # A lazy mapping of commands (the root's nouns) guards each one as it is built.
    if isinstance(getattr(command, "commands", None), dict):
        for sub in command.commands.values():
            yield from _tree(sub)


def refuse_repeats(command: Any, args: list[str]) -> None:
    """UsageError if one of `command`'s single-valued options is given two values in `args`
    (its own arguments: a group's stop at its sub-command's name)."""
    takes, flags = _options(command)
    interspersed = not hasattr(command, "commands")  # a group's own options come first
    seen: dict[str, tuple[str, str]] = {}  # parameter -> (the option as written, its value)
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            return
        if not token.startswith("-") or token == "-":
            if not interspersed:
                return
            continue
        name, eq, value = token.partition("=")
        if name in takes:
            param, value = takes[name], value if eq else next(tokens, None)
        elif not token.startswith("--") and token[:2] in takes and len(token) > 2:
            param, name, value = takes[token[:2]], token[:2], token[2:]
        elif name in flags:
            param, value = flags[name]
        else:
            continue
        if value is None:
            return
        first = seen.setdefault(param, (name, value))
        if first[1] != value:
            _refuse(first, (name, value), name in flags)


def _options(command: Any) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Option strings of single-valued options -> their parameter; of flags -> (their
    parameter, on or off)."""
    takes: dict[str, str] = {}
    flags: dict[str, tuple[str, str]] = {}
    for param in command.params:
        if getattr(param, "param_type_name", "") != "option" or param.multiple or \
                getattr(param, "count", False):
            continue
        key = param.name or param.opts[0]
        if param.is_flag:
            flags.update({o: (key, "on") for o in param.opts})
            flags.update({o: (key, "off") for o in param.secondary_opts})
        elif param.nargs == 1:
            takes.update({o: key for o in (*param.opts, *param.secondary_opts)})
    return takes, flags


def _refuse(first: tuple[str, str], again: tuple[str, str], flag: bool) -> None:
    if flag:
        raise UsageError(f"{first[0]} and {again[0]} are both given; which one is meant? "
                         "Give one of them.")
    name = first[0] if first[0] == again[0] else f"{first[0]} (or {again[0]})"
    raise UsageError(f"{name} is given twice, as {shown(first[1])} and {shown(again[1])}; "
                     "which one is meant? Give it once.")
