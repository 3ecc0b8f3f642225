"""msgclient send: message a client from a closed thread, by email, or a new client.

Options (options.py) + run(opts, ctx) + a Typer adapter that only parses. The steps live in
form (flags -> checked state), flow (who/channel/what), prompts and compose (questions),
output (what is shown); the core is msgclient.outgoing.
"""

from __future__ import annotations

from typing import Annotated

import typer

from msgclient.api.errors import BadRequest
from msgclient.cli.context import Context
from msgclient.cli.settled import settle
from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.message_flags import message_flags
from msgclient.commands.send import form as send_form
from msgclient.commands.send import output as send_output
from msgclient.commands.send.flow import deliver_explained, fill_and_prepare
from msgclient.commands.send.missing import check_all
from msgclient.commands.send.options import Options
from msgclient.commands.send.prompts import confirm_send
from msgclient.commands.send.revise import revise
from msgclient.errors import UsageError
from msgclient.outgoing.draft import refuse_uncarried
from msgclient.outgoing.model import Message
from msgclient.outgoing.prepare import new_key
from msgclient.rules import ID_MAX


def run(opts: Options, ctx: Context) -> int:
    form = send_form.from_options(opts, ctx)
    # What this stand can never carry is said first, before any question, missing flag or
    # profile list: no answer and no setup would make it go.
    refuse_uncarried(ctx.catalog.capabilities, form.recipient, form.message)
    interactive = ctx.io.can_prompt
    try:
        if not interactive:
            check_all(ctx, form, opts)
        prepared = fill_and_prepare(ctx, form, interactive=interactive,
                                    compose=interactive and not form.has_content,
                                    upload=not opts.dry_run)
        return _finish(ctx, opts, form, prepared, interactive)
    except BadRequest as exc:
        if exc.code != "IDEMPOTENCY_CONFLICT" or not opts.idempotency_key:
            raise
        # The stand's sentence names the key and says "use a new key"; one sentence here,
        # with the flag to change, instead of the same thing twice.
        raise UsageError(f"Idempotency-Key {opts.idempotency_key} was already used for "
                         "another message.", hint="To send this one, drop --idempotency-key "
                         "or pass a new key.") from exc


def _finish(ctx: Context, opts: Options, form, prepared, interactive: bool) -> int:
    key = opts.idempotency_key or new_key()  # one key per message, before any attempt
    if opts.dry_run:
        send_output.dry_run(ctx, prepared, key)
        return 0
    if interactive and not opts.yes:
        send_output.preview(ctx, prepared)
        while not confirm_send(ctx):
            prepared = revise(ctx, form)
            send_output.preview(ctx, prepared)
    answer, replayed = deliver_explained(ctx, prepared, key)
    settle(0, f"The message was sent (message {answer.get('id')} in thread "
              f"{answer.get('threadId')}); do not send it again.")
    # A replay answers a key this run did not make: the message went out on an earlier run.
    send_output.result(ctx, prepared, answer, replayed=replayed and bool(opts.idempotency_key))
    return 0


def _check_key(key: str | None) -> str | None:
    if key is not None and (not 0 < len(key) <= 255 or
                            any(not 0x21 <= ord(ch) <= 0x7E for ch in key)):
        raise UsageError("--idempotency-key must be 1 to 255 visible ASCII characters.")
    return key


Opt = typer.Option


@message_flags()
def command(
    ctx: typer.Context,
    thread: Annotated[int | None, Opt("--thread", metavar="ID", min=1, max=ID_MAX,
                                      help="Closed thread whose client to message.")] = None,
    new: Annotated[bool, Opt("--new", help="Message a new client; implied by --phone, --email, "
                             "--client-id and --external-id.")] = False,
    phone: Annotated[str | None, Opt("--phone", metavar="NUMBER",
                                     help="New client's phone, +country code "
                                     "(WhatsApp, Viber).")] = None,
    email: Annotated[str | None, Opt("--email", metavar="ADDRESS",
                                     help="New client's email address.")] = None,
    client_id: Annotated[str | None, Opt("--client-id", metavar="ID", help="New client's "
                                         "authorised external id (web-chat, mobile-app).")] = None,
    external_id: Annotated[str | None, Opt("--external-id", metavar="ID", help="External id in "
                                           "the web widget or mobile app.")] = None,
    app: Annotated[str | None, Opt("--app", metavar="MARKER",
                                   help="Mobile app marker (appMarker).")] = None,
    text_file: Annotated[str | None, Opt("--text-file", metavar="PATH|-",
                                         help="Read the text from a UTF-8 file or stdin.")] = None,
    message: Message = Message(),  # one flag per field: see message_flags
    yes: Annotated[bool, Opt("--yes", "-y", help="Send without asking to confirm.")] = False,
    dry_run: Annotated[bool, Opt("--dry-run", help="Check everything and print the request; "
                                 "send nothing.")] = False,
    no_input: Annotated[bool, Opt("--no-input", help="Never prompt.")] = False,
    idempotency_key: Annotated[str | None, Opt("--idempotency-key", metavar="KEY", help="Reuse "
                                               "the key of an attempt whose outcome is "
                                               "unknown.")] = None,
    json_out: bool = JSON_OPTION,
) -> None:
    """Send a message to a client: from a closed thread, by email, or to a new client.

    Asks for whatever the flags leave out when run in a terminal.

    On a stand that picks the channel itself (edna's documented API), a channel other
    than the thread's own goes out in your name (edna's outgoing-from-myself), which also
    sets your status in the workplace: the profile's agent_status, OUTGOING ("Out", no new
    chats) unless set to READY. The preview says so; --dry-run changes nothing.

    \b
      $ msgclient send
      $ msgclient send --thread 123 --channel viber --text "Your order is ready" --tag Sales --yes
      $ msgclient send --thread 7 --channel email --sender support@example.com \\
          --subject "Your refund" --bcc team@example.com --text-file body.txt --yes
      $ msgclient send --new --channel whatsapp --phone +79161234567 \\
          --template order_ready --var name=Anna --var order=A-17 --tag Sales --yes
      $ msgclient send --thread 123 --attach ./invoice.pdf --dry-run
    """
    context = context_of(ctx, json_out)
    if no_input:
        context.io.no_input = True
    opts = Options(
        thread_id=thread, new=new or any((phone, email, client_id, external_id)),
        phone=phone, email=email, client_id=client_id, external_id=external_id, app=app,
        message=message, text_file=text_file, yes=yes, dry_run=dry_run,
        idempotency_key=_check_key(idempotency_key))
    run(opts, context)
