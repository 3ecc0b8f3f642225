"""How a run reads its rows against this stand: paths, the row builder, the local check.

Shared by a real run (bulk/session.py) and a dry run (commands/bulk/dryrun.py), so both
judge every row exactly alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgclient.api.errors import Unsupported
from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.input.rows import RowBuilder
from msgclient.bulk.input.zones import Zones
from msgclient.bulk.plan import Inputs
from msgclient.bulk.row_check import checker as row_checker
from msgclient.ledger.access import open_ledger
from msgclient.ledger.guard import Unsuppressed

if TYPE_CHECKING:
    from msgclient.api.stand import Stand


def stand_identity(ctx: Stand) -> str:
    """Which stand and which user: keys are scoped per user, so both must match on resume."""
    try:
        login = ctx.catalog.me().get("login")
    except Unsupported:  # a stand without /me: where it is alone identifies it
        login = None
    return f"{ctx.where} as {login}" if login else ctx.where


def _templates(ctx: Stand):
    def load() -> list[dict]:
        try:
            return ctx.catalog.templates
        except Unsupported:
            return []  # a row naming a template then fails check_message with the reason
    return load


def base_dir(path: Path, name: str) -> Path:
    """Where a row's relative attachment paths start: the file's folder (stdin: here)."""
    return Path.cwd() if name == "-" else path.resolve().parent


def inputs_for(ctx: Stand, path: Path, fmt: str, name: str, defaults: Defaults,
               base: Path) -> Inputs:
    builder = RowBuilder(defaults, base_dir=base, templates=_templates(ctx))
    return Inputs(path, fmt, "stdin" if name == "-" else name, builder,
                  ctx.region, Zones(ctx.default_timezone, ctx.region))


def checker(ctx: Stand, region: str | None):
    """The row check, refusing do-not-contact recipients first (the list is read once)."""
    with open_ledger(ctx) as ledger:
        suppressed = ledger.suppressed()
    return Unsuppressed(row_checker(ctx, region), suppressed, region)
