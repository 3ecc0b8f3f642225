"""Checks on bulk's options before any row is read or anything is sent."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from msgclient.bulk.defaults import Defaults
from msgclient.context import Context
from msgclient.errors import UsageError


def size_pool(ctx: Context, concurrency: int) -> None:
    """One pooled connection per worker; set before the client's session exists."""
    if not 1 <= concurrency <= 256:
        raise UsageError(f"--concurrency {concurrency} is out of range; use 1 to 256.")
    ctx.client.pool_size = max(ctx.client.pool_size, concurrency + 2)


def check_readable(name: str) -> None:
    if name == "-":
        return
    path = Path(name).expanduser()
    if not path.is_file():
        why = "does not exist" if not path.exists() else "is not a regular file"
        raise UsageError(f"Input file {name} {why}.")


def checked_defaults(defaults: Defaults, text_file: str | None, ctx: Context) -> Defaults:
    """Read --text-file, pin --attach paths, fill the profile's default sender, and fail now
    on a --text that is not a valid template rather than once per row."""
    from msgclient.attachments import is_url
    from msgclient.bulk.templating import Renderer

    if text_file:
        if defaults.text:
            raise UsageError("Give --text or --text-file, not both.")
        defaults = replace(defaults, text=_read_text(text_file))
    renderer = Renderer()
    for flag, value in (("--text", defaults.text), ("--title", defaults.title),
                        ("--signature", defaults.signature), ("--subject", defaults.subject),
                        *((f"--var {k}", v) for k, v in defaults.variables)):
        if value:
            renderer.compile(value, flag)
    attachments = tuple(a if is_url(a) else str(Path(a).expanduser().resolve())
                        for a in defaults.attachments)
    folder = defaults.attachments_dir
    if folder:
        if not Path(folder).expanduser().is_dir():
            raise UsageError(f"--attachments-dir {folder} is not a folder.")
        folder = str(Path(folder).expanduser().resolve())
    return replace(defaults, attachments=attachments, attachments_dir=folder,
                   sender=defaults.sender or ctx.settings.default_sender)


def _read_text(name: str) -> str:
    from msgclient import userfiles

    return userfiles.read_text(name, "--text-file")
