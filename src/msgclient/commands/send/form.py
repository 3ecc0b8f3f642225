"""The send command's working state: what the flags gave, checked before any network call.

Everything that can be judged without the stand is judged here (flag combinations, the
text file, addresses, attachments on disk), so bad input costs no request at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from msgclient.errors import UsageError

if TYPE_CHECKING:
    from msgclient.commands.send.options import Options
    from msgclient.context import Context
    from msgclient.outgoing.prepare import Message, Recipient
    from msgclient.outgoing.target import Target

IDENTIFIERS = (("phone", "--phone"), ("email", "--email"), ("client_id", "--client-id"),
               ("external_id", "--external-id"))


@dataclass
class Form:
    recipient: Recipient | None = None
    channel: str | None = None
    text: str | None = None
    attachments: list[str] = field(default_factory=list)
    template: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    signature: str | None = None
    tags: list[str] = field(default_factory=list)
    sender: str | None = None
    subject: str | None = None
    bcc: list[str] = field(default_factory=list)
    new: bool = False
    retry: bool = False  # --idempotency-key: maybe a message already sent; the stand decides
    sender_given: bool = False  # --sender itself, not a profile default: the user means email
    target: Target | None = None
    uploads: dict = field(default_factory=dict)  # path -> uploaded file, across a revision

    @property
    def has_content(self) -> bool:
        return bool(self.text or self.attachments or self.template)

    @property
    def wants_email(self) -> bool:
        return (self.channel or "").lower() == "email" or (
            self.recipient is not None and self.recipient.kind == "email")

    @property
    def wants_email_fields(self) -> bool:
        """The flags describe an email even though no channel was named."""
        return bool(self.subject or self.bcc or self.sender_given)

    def message_head(self) -> Message:
        """Just the channel: enough to find it before the content is written."""
        from msgclient.outgoing.prepare import Message

        return Message(channel=self.channel)

    def message(self) -> Message:
        from msgclient.outgoing.prepare import Message

        return Message(channel=self.channel, text=self.text, attachments=tuple(self.attachments),
                       template=self.template, variables=dict(self.variables), title=self.title,
                       signature=self.signature, tags=tuple(self.tags), sender=self.sender,
                       subject=self.subject, bcc=tuple(self.bcc))


def from_options(opts: Options, ctx: Context) -> Form:
    """A Form from the flags, env and profile defaults; UsageError on contradictions."""
    _check_combinations(opts)
    text = read_text_file(opts.text_file, ctx) if opts.text_file else opts.text
    if text is not None and not text.strip() and not opts.attachments:
        raise UsageError(f"{_text_source(opts)} is empty; give the message text (or attach a "
                         "file with --attach).")
    recipient = _recipient(opts)
    form = Form(recipient=recipient, channel=opts.channel,
                text=text if text and text.strip() else None,
                attachments=list(opts.attachments), template=opts.template,
                variables=dict(opts.variables), title=opts.title, signature=opts.signature,
                tags=list(opts.tags), sender=opts.sender or ctx.settings.default_sender,
                subject=opts.subject, bcc=list(opts.bcc),
                new=opts.new or (recipient is not None and recipient.kind != "thread"),
                retry=opts.idempotency_key is not None, sender_given=bool(opts.sender))
    precheck(form, ctx)
    return form


def _check_combinations(opts: Options) -> None:
    given = [flag for name, flag in IDENTIFIERS if getattr(opts, name)]
    if opts.thread_id is not None and (opts.new or given):
        named = " and ".join(given) or "--new"
        verb = "address" if len(given) > 1 else "addresses"
        raise UsageError(f"--thread messages an existing client; {named} {verb} a new one. "
                         "Pass one or the other.")
    if len(given) > 1:
        raise UsageError(f"Give one address for the new client, not {' and '.join(given)}.")
    if given and opts.channel:
        _check_channel_fits(opts.channel, next(n for n, f in IDENTIFIERS if f == given[0]))
    if opts.app and not opts.external_id and not opts.client_id:
        raise UsageError("--app marks the mobile app of a --client-id or --external-id.")
    if opts.text is not None and opts.text_file:
        raise UsageError("Pass the text with --text or --text-file, not both.")
    if opts.template and (opts.text is not None or opts.text_file):
        raise UsageError("A template message carries no free text; drop --text or --template.")


def _check_channel_fits(channel: str, kind: str) -> None:
    """The new client's address flag must be one the channel reaches (before any other check:
    a --email on whatsapp is not an email missing its subject)."""
    from msgclient import rules
    from msgclient.commands.send.options import NEW_CLIENT_CHANNELS

    name = channel.strip().lower()
    if name not in rules.CLI_TO_TYPE or kind in NEW_CLIENT_CHANNELS.get(name, ()):
        return  # an id or a stand name: the catalogue decides
    flag = dict(IDENTIFIERS)
    fitting = " or ".join(n for n, kinds in NEW_CLIENT_CHANNELS.items() if kind in kinds)
    needs = " or ".join(flag[k] for k in NEW_CLIENT_CHANNELS.get(name, ()))
    raise UsageError(f"A new client's {kind.replace('_', ' ')} is reached over {fitting}, not "
                     f"{name}; " + (f"{name} needs {needs}, not {flag[kind]}." if needs else
                                    f"{name} does not reach new clients."))


def _text_source(opts: Options) -> str:
    if opts.text_file is None:
        return "The text (--text)"
    return "The text from stdin" if opts.text_file == "-" else f"--text-file {opts.text_file}"


def _recipient(opts: Options) -> Recipient | None:
    from msgclient.outgoing.prepare import Recipient

    if opts.thread_id is not None:
        return Recipient("thread", str(opts.thread_id))
    for name, _ in IDENTIFIERS:
        value = getattr(opts, name)
        if value:
            return Recipient(name, value, app=opts.app)
    return None


def read_text_file(source: str, ctx: Context) -> str:
    """The message text from a UTF-8 file, or stdin for '-' (userfiles.py's rules)."""
    from msgclient.files import user as userfiles
    if source != "-":
        return userfiles.read_text(source, "--text-file")
    stream = getattr(ctx.io.stdin, "buffer", None)
    if stream is None:  # a text-only stdin (tests)
        return ctx.io.stdin.read()
    return userfiles.decode(userfiles.read_stream(stream, "The text on stdin"),
                            "--text-file stdin")


def precheck(form: Form, ctx: Context) -> None:
    """Addresses and files, judged locally; raises InvalidMessage (exit 2)."""
    from msgclient.outgoing.addresses import normalize_email, normalize_phone
    from msgclient.outgoing.attachments import inspect
    from msgclient.outgoing.draft import check_bcc

    recipient = form.recipient
    if recipient is not None and recipient.kind == "phone":
        normalize_phone(recipient.value, ctx.settings.default_region)
    if recipient is not None and recipient.kind == "email":
        normalize_email(recipient.value)
    check_bcc(form.bcc, recipient.value if recipient and recipient.kind == "email" else None)
    for item in form.attachments:
        inspect(item)


def missing_flags(form: Form, opts: Options) -> list[str]:
    """What a run without a terminal lacks, each with the flags that would give it."""
    missing = []
    if form.recipient is None:
        missing.append("the new client's address (--phone, --email, --client-id or "
                       "--external-id)" if form.new else "the recipient (--thread ID, or --new "
                       "with an address)")
    if not form.has_content:
        missing.append("the message (--text, --text-file, --attach or --template)")
    if form.wants_email:
        missing += [what for what, value in (("the sender (--sender)", form.sender),
                                             ("the subject (--subject)", form.subject))
                    if not value]
    if not opts.yes and not opts.dry_run:
        missing.append("the confirmation (--yes)")
    return missing


def missing_message(missing: list[str]) -> str:
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return (f"Missing {listed}; there is no terminal to ask for "
            f"{'it' if len(missing) == 1 else 'them'}.")
