"""msgclient completion SHELL: the shell's completion script, installed the way gh does it.

The script calls msgclient back (with _MSGCLIENT_COMPLETE set) for each completion, so
commands and flags always match the installed version. Value completers stay offline:
channel names are the CLI's own, profile names come from the config file.
"""

from __future__ import annotations

from dataclasses import dataclass

import typer
from typer._completion_shared import get_completion_script

from msgclient import COMPLETE_VAR
from msgclient.cli.context import Context
from msgclient.commands.common import context_of
from msgclient.config.profiles import profile_names
from msgclient.errors import UsageError
from msgclient.rules import CLI_TO_TYPE

SHELLS = ("bash", "zsh", "fish")


def channels(incomplete: str) -> list[str]:
    return [name for name in CLI_TO_TYPE if name.startswith(incomplete.lower())]


def profiles(incomplete: str) -> list[str]:
    return [name for name in profile_names() if name.startswith(incomplete)]


@dataclass(frozen=True)
class Options:
    shell: str


def run(opts: Options, ctx: Context) -> int:
    if opts.shell not in SHELLS:
        raise UsageError(f"Unknown shell '{opts.shell}'; use one of {', '.join(SHELLS)}.")
    script = get_completion_script(prog_name="msgclient", complete_var=COMPLETE_VAR,
                                   shell=opts.shell)
    ctx.io.write(script.rstrip("\n") + "\n")
    return 0


def command(
    ctx: typer.Context,
    shell: str = typer.Argument(..., metavar="SHELL", help="bash, zsh or fish."),
) -> None:
    """Print the shell completion script (commands, flags, channel and profile names).

    \b
      bash, in ~/.bashrc:  eval "$(msgclient completion bash)"
      zsh, in ~/.zshrc:    eval "$(msgclient completion zsh)"
      fish:                msgclient completion fish > ~/.config/fish/completions/msgclient.fish

    \b
      $ msgclient completion bash
    """
    run(Options(shell), context_of(ctx))
