"""msgclient send's run(opts, ctx): what was given, the flow, the preview and confirmation,
the send.

The steps live in given (flags -> checked facts), missing (every missing flag at once, without
a terminal), flow (who, channel, what, tags: each step returns what it decided), revise
(after "no"), prompts and compose (questions), output (what is shown); the core is
msgclient.outgoing. The Typer adapter that parses the flags is adapter.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgclient.api.errors import BadRequest
from msgclient.cli.settled import settle
from msgclient.commands.send import given as send_given
from msgclient.commands.send import output as send_output
from msgclient.commands.send.flow import deliver_explained, fill_and_prepare
from msgclient.commands.send.missing import check_all
from msgclient.commands.send.prompts import confirm_send
from msgclient.commands.send.revise import revise
from msgclient.errors import UsageError
from msgclient.ledger.access import open_ledger
from msgclient.ledger.guard import refuse_suppressed
from msgclient.ledger.recipients import client_of, keys_of, primary, text_hash
from msgclient.ledger.store import Ledger, LedgerError, Sent
from msgclient.outgoing.draft import refuse_uncarried
from msgclient.outgoing.prepare import new_key

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.commands.send.flow import Decided
    from msgclient.commands.send.options import Options


def run(opts: Options, ctx: Context) -> int:
    given = send_given.from_options(opts, ctx)
    # What this stand can never carry is said first, before any question, missing flag or
    # profile list: no answer and no setup would make it go.
    refuse_uncarried(ctx.catalog.capabilities, given.recipient, given.message)
    if given.recipient is not None:  # an address on the list is refused before any question
        with open_ledger(ctx) as ledger:
            refuse_suppressed(ledger.suppressed(), given.recipient, ctx.region)
    interactive = ctx.io.can_prompt
    uploads: dict = {}  # path -> uploaded file, kept across a revision
    try:
        looked_up = None if interactive else check_all(ctx, given, opts)
        decided = fill_and_prepare(ctx, given, looked_up=looked_up, interactive=interactive,
                                   compose=interactive and not given.has_content,
                                   upload=not opts.dry_run, uploads=uploads)
        return _finish(ctx, opts, decided, interactive=interactive, retry=given.retry,
                       uploads=uploads)
    except BadRequest as exc:
        if exc.code != "IDEMPOTENCY_CONFLICT" or not opts.idempotency_key:
            raise
        # The stand's sentence names the key and says "use a new key"; one sentence here,
        # with the flag to change, instead of the same thing twice.
        raise UsageError(f"Idempotency-Key {opts.idempotency_key} was already used for "
                         "another message.", hint="To send this one, drop --idempotency-key "
                         "or pass a new key.") from exc


def _finish(ctx: Context, opts: Options, decided: Decided, *, interactive: bool, retry: bool,
            uploads: dict) -> int:
    key = opts.idempotency_key or new_key()  # one key per message, before any attempt
    ledger = open_ledger(ctx, ctx.catalog.sender.login)
    try:
        return _checked_finish(ctx, opts, decided, ledger, key, interactive=interactive,
                               retry=retry, uploads=uploads)
    finally:
        ledger.close()


def _checked_finish(ctx: Context, opts: Options, decided: Decided, ledger: Ledger, key: str, *,
                    interactive: bool, retry: bool, uploads: dict) -> int:
    _refuse_do_not_contact(ctx, decided, ledger)
    if opts.dry_run:
        send_output.dry_run(ctx, decided.prepared, key)
        return 0
    # --yes confirms what the flags said. Once msgclient asked for anything more (another
    # way to reach the client, a sender, a subject), the user sees the message and says yes.
    asked = interactive and ctx.asked() > 0
    if asked and opts.yes:
        ctx.io.info("--yes confirms what the flags said; msgclient asked for more, so it "
                    "shows the message before sending.", style="dim")
    if interactive and (not opts.yes or asked):
        send_output.preview(ctx, decided.prepared)
        while not confirm_send(ctx):
            decided = revise(ctx, decided, retry=retry, uploads=uploads)
            _refuse_do_not_contact(ctx, decided, ledger)
            send_output.preview(ctx, decided.prepared)
    prepared = decided.prepared
    answer, replayed = deliver_explained(ctx, prepared, key)
    settle(0, f"The message was sent (message {answer.get('id')} in thread "
              f"{answer.get('threadId')}); do not send it again.")
    _record(ctx, decided, ledger, answer)
    # A replay answers a key this run did not make: the message went out on an earlier run.
    send_output.result(ctx, prepared, answer, replayed=replayed and bool(opts.idempotency_key))
    return 0


def _refuse_do_not_contact(ctx: Context, decided: Decided, ledger: Ledger) -> None:
    refuse_suppressed(ledger.suppressed(), decided.recipient, ctx.region,
                      client=decided.target.client)


def _record(ctx: Context, decided: Decided, ledger: Ledger, answer: dict) -> None:
    """The send in the ledger; a ledger that cannot take it is said, the send stands."""
    keys = keys_of(decided.recipient, ctx.region, client=decided.target.client)
    message = decided.message
    thread = answer.get("threadId")
    try:
        ledger.record([Sent(primary(keys, decided.recipient), "sent", client_of(keys),
                            message.channel, message.template, text_hash(message.text),
                            ",".join(message.tags) or None,
                            None if answer.get("id") is None else str(answer.get("id")),
                            thread if isinstance(thread, int) else None)])
    except LedgerError as exc:
        ctx.io.warn(f"{exc.message} The message was sent.")
