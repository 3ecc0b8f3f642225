"""What the flags, env and profile gave send, checked before any network call.

Everything that can be judged without the stand is judged here (flag combinations, the
text file, addresses, attachments on disk), so bad input costs no request at all. Given is
frozen: the flow's steps (flow.py) start from it and return what they decide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from msgclient import rules
from msgclient.errors import UsageError
from msgclient.files import user as userfiles
from msgclient.outgoing.addresses import normalize_email, normalize_phone
from msgclient.outgoing.attachments import inspect
from msgclient.outgoing.draft import check_bcc
from msgclient.outgoing.model import EXISTING_KINDS, Message, Recipient, new_client_misfit
from msgclient.rules.text import listed, plural
from msgclient.terminal.prompter import CONFIRMATION

if TYPE_CHECKING:
    from msgclient.cli.context import Context
    from msgclient.commands.send.options import Options

IDENTIFIERS = (("phone", "--phone"), ("email", "--email"), ("client_id", "--authorised-id"),
               ("external_id", "--external-id"))


@dataclass(frozen=True)
class Given:
    recipient: Recipient | None
    message: Message
    new: bool = False
    retry: bool = False  # --idempotency-key: maybe a message already sent; the stand decides
    sender_given: bool = False  # --sender itself, not a profile default: the user means email

    @property
    def has_content(self) -> bool:
        m = self.message
        return bool(m.text or m.attachments or m.template)

    @property
    def wants_email(self) -> bool:
        return (self.message.channel or "").lower() == "email" or (
            self.recipient is not None and self.recipient.kind == "email")

    @property
    def wants_email_fields(self) -> bool:
        """The flags describe an email even though no channel was named."""
        m = self.message
        return bool(m.subject or m.bcc or self.sender_given)


def from_options(opts: Options, ctx: Context) -> Given:
    """What was given: from the flags, env and profile defaults; UsageError on contradictions."""
    _check_combinations(opts)
    text = read_text_file(opts.text_file, ctx) if opts.text_file else opts.message.text
    if text is not None and not text.strip() and not opts.message.attachments:
        raise UsageError(f"{_text_source(opts)} is empty; give the message text (or attach a "
                         "file with --attach).")
    recipient = _recipient(opts)
    message = replace(opts.message, text=text if text and text.strip() else None,
                      sender=opts.message.sender or ctx.settings.default_sender)
    given = Given(recipient=recipient, message=message,
                  new=opts.new or (recipient is not None and
                                   recipient.kind not in EXISTING_KINDS),
                  retry=opts.idempotency_key is not None, sender_given=bool(opts.message.sender))
    precheck(given, ctx)
    return given


def _check_combinations(opts: Options) -> None:
    given = [flag for name, flag in IDENTIFIERS if getattr(opts, name)]
    if opts.client is not None and opts.thread_id is not None:
        raise UsageError("--thread and --client both name an existing client; pass one.")
    if opts.client is not None and (opts.new or given):
        named = " and ".join(given) or "--new"
        raise UsageError(f"--client messages an existing client by internal id; {named} "
                         "addresses a new one. Pass one or the other.")
    if opts.thread_id is not None and (opts.new or given):
        named = " and ".join(given) or "--new"
        verb = plural(max(len(given), 1), "addresses", "address")  # --new alone: one
        raise UsageError(f"--thread messages an existing client; {named} {verb} a new one. "
                         "Pass one or the other.")
    if len(given) > 1:
        raise UsageError(f"Give one address for the new client, not {' and '.join(given)}.")
    if given and opts.message.channel:
        _check_channel_fits(opts.message.channel, next(n for n, f in IDENTIFIERS if f == given[0]))
    if opts.app and not opts.external_id and not opts.client_id:
        raise UsageError("--app marks the mobile app of an --authorised-id or --external-id.")
    if opts.message.text is not None and opts.text_file:
        raise UsageError("Pass the text with --text or --text-file, not both.")
    if opts.message.template and (opts.message.text is not None or opts.text_file):
        raise UsageError("A template message carries no free text; drop --text or --template.")


def _check_channel_fits(channel: str, kind: str) -> None:
    """The new client's address flag must be one the channel reaches (before any other check:
    a --email on whatsapp is not an email missing its subject)."""
    name = channel.strip().lower()
    if name not in rules.CLI_TO_TYPE:
        return  # an id or a stand name: the catalogue decides
    misfit = new_client_misfit(kind, name, named=dict(IDENTIFIERS))
    if misfit:
        raise UsageError(misfit)


def _text_source(opts: Options) -> str:
    if opts.text_file is None:
        return "The text (--text)"
    return "The text from stdin" if opts.text_file == "-" else f"--text-file {opts.text_file}"


def _recipient(opts: Options) -> Recipient | None:
    if opts.thread_id is not None:
        return Recipient("thread", str(opts.thread_id))
    if opts.client is not None:
        return Recipient("client", str(opts.client))
    for name, _ in IDENTIFIERS:
        value = getattr(opts, name)
        if value:
            return Recipient(name, value, app=opts.app)
    return None


def read_text_file(source: str, ctx: Context) -> str:
    """The message text from a UTF-8 file, or stdin for '-' (files/user.py's rules)."""
    if source != "-":
        return userfiles.read_text(source, "--text-file")
    stream = getattr(ctx.io.stdin, "buffer", None)
    if stream is None:  # a text-only stdin (tests)
        return ctx.io.stdin.read()
    return userfiles.decode(userfiles.read_stream(stream, "The text on stdin"),
                            "--text-file stdin")


def precheck(given: Given, ctx: Context) -> None:
    """Addresses and files, judged locally; raises InvalidMessage (exit 2)."""
    recipient = given.recipient
    if recipient is not None and recipient.kind == "phone":
        normalize_phone(recipient.value, ctx.settings.default_region)
    if recipient is not None and recipient.kind == "email":
        normalize_email(recipient.value)
    client_email = recipient.value if recipient and recipient.kind == "email" else None
    check_bcc(given.message.bcc, client_email)
    for item in given.message.attachments:
        inspect(item)


def missing_flags(given: Given, opts: Options) -> list[str]:
    """What a run without a terminal lacks, each with the flags that would give it."""
    missing = []
    if given.recipient is None:
        missing.append("the new client's address (--phone, --email, --authorised-id or "
                       "--external-id)" if given.new else "the recipient (--thread ID, or --new "
                       "with an address)")
    if not given.has_content:
        missing.append("the message (--text, --text-file, --attach or --template)")
    if given.wants_email:
        missing += missing_email_fields(given.message)
    if not opts.yes and not opts.dry_run:
        missing.append(CONFIRMATION)
    return missing


def missing_email_fields(message: Message) -> list[str]:
    """What an email lacks of the fields only an email has, each with its flag."""
    return [what for what, value in (("the sender (--sender)", message.sender),
                                     ("the subject (--subject)", message.subject)) if not value]


def missing_message(missing: list[str], prompts_off: bool = False) -> str:
    """'Missing X and Y; ...' naming why nobody is asked: no terminal, or --no-input."""
    # No pronoun: one item may name several values (a template's variables).
    why = "prompts are off (--no-input)" if prompts_off else "there is no terminal to ask on"
    return f"Missing {listed(missing)}; {why}."
