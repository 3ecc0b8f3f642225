"""msgclient send's Typer adapter: it only parses the flags into Options (options.py) and
calls run(opts, ctx) (run.py).
"""

from __future__ import annotations

from typing import Annotated

import typer

from msgclient.commands.common import JSON_OPTION, context_of
from msgclient.commands.message_flags import message_flags
from msgclient.commands.send.options import Options
from msgclient.commands.send.run import run
from msgclient.errors import UsageError
from msgclient.outgoing.model import Message
from msgclient.rules import ID_MAX


def _check_key(key: str | None) -> str | None:
    if key is not None and (not 0 < len(key) <= 255 or
                            any(not 0x21 <= ord(ch) <= 0x7E for ch in key)):
        raise UsageError("--idempotency-key must be 1 to 255 visible ASCII characters.")
    return key


Opt = typer.Option
DEPRECATED_CLIENT_ID = ("--client-id is now --authorised-id (a new client's authorised "
                        "external id); --client ID messages an existing client by internal id.")


@message_flags()
def command(
    ctx: typer.Context,
    thread: Annotated[int | None, Opt("--thread", metavar="ID", min=1, max=ID_MAX,
                                      help="Closed thread whose client to message.")] = None,
    client: Annotated[int | None, Opt("--client", metavar="ID", min=1, max=ID_MAX,
                                      help="Existing client to message, by internal id (as "
                                      "in clients show).")] = None,
    new: Annotated[bool, Opt("--new", help="Message a new client; implied by --phone, --email, "
                             "--authorised-id and --external-id.")] = False,
    phone: Annotated[str | None, Opt("--phone", metavar="NUMBER",
                                     help="New client's phone, +country code "
                                     "(WhatsApp, Viber).")] = None,
    email: Annotated[str | None, Opt("--email", metavar="ADDRESS",
                                     help="New client's email address.")] = None,
    authorised_id: Annotated[str | None, Opt("--authorised-id", metavar="ID", help="New "
                                             "client's authorised external id (web-chat, "
                                             "mobile-app).")] = None,
    client_id: Annotated[str | None, Opt("--client-id", metavar="ID", hidden=True,
                                         help="Old spelling of --authorised-id.")] = None,
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
      $ msgclient send --client 17 --channel email --sender support@example.com \\
          --subject "Your order" --text "It shipped" --tag Sales --yes
    """
    context = context_of(ctx, json_out)
    if no_input:
        context.io.no_input = True
    if client_id is not None:
        context.io.warn(DEPRECATED_CLIENT_ID)
        if authorised_id is not None:
            raise UsageError("--client-id is the old spelling of --authorised-id; give one.")
        authorised_id = client_id
    client_id = authorised_id
    opts = Options(
        thread_id=thread, client=client,
        new=new or any((phone, email, client_id, external_id)),
        phone=phone, email=email, client_id=client_id, external_id=external_id, app=app,
        message=message, text_file=text_file, yes=yes, dry_run=dry_run,
        idempotency_key=_check_key(idempotency_key))
    run(opts, context)
