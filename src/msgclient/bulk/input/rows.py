"""One input row -> the recipient and the message the send core understands.

Columns are matched by their normalized names (see formats.normalize_column).
A row names exactly one recipient; message fields in the row override the
command-line defaults; every other column is a variable for {{placeholders}}
and for the template's own variables. An empty cell counts as absent, in
every format, so "Hello {{name}}" with an empty name is an error, not "Hello ".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from msgclient.bulk.input.defaults import Defaults
from msgclient.bulk.input.formats import normalize_column
from msgclient.bulk.input.keys import recipient_key, row_hash
from msgclient.bulk.input.templating import Renderer
from msgclient.errors import UsageError
from msgclient.outgoing.addresses import normalize_phone
from msgclient.outgoing.attachments import is_url
from msgclient.outgoing.model import LISTS, Message, Recipient
from msgclient.rules.send_window import zone_problem
from msgclient.rules.text import shown

RECIPIENTS = {
    "thread": "thread", "thread_id": "thread",
    "client": "client", "internal_id": "client", "threads_client_id": "client",
    # An authorised external id (send --authorised-id); `client_id` is its old name, kept.
    "authorised_id": "client_id", "authorized_id": "client_id",
    "client_id": "client_id", "external_client_id": "client_id",
    "external_id": "external_id", "widget_id": "external_id",
    "phone": "phone", "phone_number": "phone", "email": "email", "e_mail": "email",
    "email_address": "email",
}
# A column named after a Message field sets it; so do these other names (and the app marker).
ALIASES = {"tag": "tags", "attachment": "attachments", "from": "sender", "vars": "variables",
           "app_marker": "app"}
FIELDS = {**{f.name: f.name for f in fields(Message)}, "app": "app", **ALIASES}
RENDERED = ("text", "title", "signature", "subject")  # fields that may hold {{placeholders}}
SEPARATORS = {"tags": ";|", "attachments": ";|", "bcc": ";,"}  # in one cell of a list field
VAR_PREFIXES = ("var.", "var:")
ZONE_COLUMN = "tz"  # the client's time zone, for --send-window (it also fills {{tz}})
RECIPIENT_NAMES = ", ".join(dict.fromkeys(RECIPIENTS.values()))


def header_problem(columns: list[str]) -> str | None:
    """A CSV header with no recipient column makes every row invalid: say it once."""
    if any(normalize_column(c) in RECIPIENTS for c in columns):
        return None
    return (f"no recipient column; the header needs one of {RECIPIENT_NAMES} "
            f"(it has {', '.join(columns)})")


class RowProblem(UsageError):
    """What is wrong with one row; reported with its line number."""

    def __init__(self, message: str, code: str = "VALIDATION") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class BulkRow:
    line: int
    recipient: Recipient
    message: Message
    content_hash: str  # part of the row's idempotency key
    label: str         # the recipient as people read it in reports
    tz: str | None = None  # the row's `tz` column: the client's time zone (send windows)

    def dedupe_key(self, region: str | None) -> str:
        kind, value = self.recipient.kind, self.recipient.value.strip()
        if kind == "phone":
            value = normalize_phone(value, region)
        elif kind == "email":
            value = value.lower()
        return recipient_key(kind, value, self.recipient.app)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value)
    return text if text.strip() else None


def _items(value: Any, separators: str) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(t for v in value if (t := _text(v)))
    text = _text(value) or ""
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return tuple(p.strip() for p in text.split(separators[0]) if p.strip())


@dataclass
class _Parts:
    recipients: dict[str, str]
    fields: dict[str, Any]
    variables: dict[str, Any]   # for {{placeholders}}: every column with a value
    explicit: dict[str, str]    # var.X columns and a variables mapping


def _split(fields: Mapping[str, Any]) -> _Parts:
    """Sort a row's columns; a row that could be read two ways is a RowProblem, never a guess.

    Two columns for one thing ('thread' and 'Thread', 'tag' and 'tags') or a value of the
    wrong type (a text that is an object) would otherwise be settled silently, by the last
    column or the --text default.
    """
    parts = _Parts({}, {}, {}, {})
    given: dict[str, str] = {}  # recipient or field -> the column that gave it
    for column, value in fields.items():
        name = normalize_column(column)
        target = RECIPIENTS.get(name) or FIELDS.get(name)
        _check_type(column, target, value)
        if target == "variables":
            if isinstance(value, dict):
                parts.explicit.update({str(k): str(v) for k, v in value.items() if _text(v)})
            continue
        if name.startswith(VAR_PREFIXES):
            if _text(value):
                parts.explicit[name[4:]] = str(value)
            continue
        if _text(value) is None and not isinstance(value, list):
            continue
        if target and target in given:
            raise RowProblem(f"'{given[target]}' and '{column}' both give the {target}; keep "
                             "one of them")
        parts.variables[str(column)] = parts.variables[name] = value
        if name in RECIPIENTS:
            given[target] = str(column)
            parts.recipients[target] = str(value).strip()
        elif name in FIELDS:
            given[target] = str(column)
            parts.fields[target] = value
    return parts


def _check_type(column: str, target: str | None, value: Any) -> None:
    if target is None or value is None:
        return
    if target == "variables":
        ok = isinstance(value, dict)
        want = "a mapping of names to values"
    elif target in LISTS and isinstance(value, list):
        ok = all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value)
        want = "text or a list of texts"
    else:
        ok = isinstance(value, str | int | float) and not isinstance(value, bool)
        want = "text"
    if not ok:
        raise RowProblem(f"'{column}' is {_kind(value)}, but it must be {want}")


def _zone(parts: _Parts) -> str | None:
    """The row's `tz` column, checked: a zone that cannot be read is the row's problem."""
    name = _text(parts.variables.get(ZONE_COLUMN))
    if name is None:
        return None
    problem = zone_problem(name)
    if problem:
        raise RowProblem(f"the {ZONE_COLUMN} column: {shown(name)} is not a time zone; give an "
                         "IANA name like Europe/Berlin", "INVALID_ZONE")
    return name.strip()


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false"}.get(type(value), "a value")


# A thread as `threads list --json` prints it: its `id` is the thread to follow up and
# its `channel` the one to use; `clientId` is the internal id, not the `client_id` column
# (an authorised external id), and its `tags` are the thread's, not the message's.
THREAD_KEYS = {"id", "clientId", "status", "stateChangeTime"}
THREAD_ONLY = ("id", "clientId", "clientExternalId", "tags", "threadUrl", "info")


def _from_thread(fields: Mapping[str, Any]) -> Mapping[str, Any]:
    if not THREAD_KEYS <= set(fields):
        return fields
    return {"thread": fields["id"],
            **{k: v for k, v in fields.items() if k not in THREAD_ONLY}}


class RowBuilder:
    def __init__(self, defaults: Defaults, *, base_dir: Path,
                 templates: Callable[[], list[dict]]) -> None:
        self.defaults = defaults
        self.base_dir = base_dir
        self.renderer = Renderer()
        self._templates = templates
        self._template_vars: dict[str, list[str]] | None = None
        self._root: Path | None = None

    def build(self, line: int, fields: Mapping[str, Any]) -> BulkRow:
        parts = _split(_from_thread(fields))
        recipient = self._recipient(parts)
        context = {**self._default_vars(parts.variables), **parts.variables, **parts.explicit}
        message = self._message(parts, context)
        label = f"{recipient.kind.replace('_', ' ')} {recipient.value}"
        return BulkRow(line, recipient, message, row_hash(fields), label, _zone(parts))

    def _recipient(self, parts: _Parts) -> Recipient:
        found = parts.recipients
        if not found:
            raise RowProblem(f"no recipient: give one of the columns {RECIPIENT_NAMES}")
        if len(found) > 1:
            raise RowProblem(f"more than one recipient ({', '.join(found)}); give one per row")
        (kind, value), = found.items()
        app = _text(parts.fields.get("app")) or self.defaults.app
        return Recipient(kind, value, app)

    def _default_vars(self, row_vars: dict[str, Any]) -> dict[str, str]:
        return {k: self.renderer.render(v, row_vars, f"--var {k}")
                for k, v in self.defaults.message.variables.items()}

    def _message(self, parts: _Parts, context: dict[str, Any]) -> Message:
        """Each field from the row's column if it has one, else the command line's default."""
        given, values = parts.fields, {}
        for name in (f.name for f in fields(Message) if f.name != "variables"):
            default = getattr(self.defaults.message, name)
            if name not in given:
                values[name] = default
            elif name == "attachments":
                values[name] = self._attachments(given)
            elif name in LISTS:
                values[name] = _items(given[name], SEPARATORS[name])
            else:
                values[name] = _text(given[name]) or default
        for name in RENDERED:
            if values[name]:
                values[name] = self.renderer.render(values[name], context, f"the {name}")
        values["variables"] = self._template_variables(values["template"], parts, context)
        return Message(**values)

    def _template_variables(self, template: str | None, parts: _Parts,
                            context: dict[str, Any]) -> dict[str, str]:
        """Explicit ones (var.X, --var X=...), then the template's own names from the columns."""
        if not template:
            return {}
        chosen = {k: context[k] for k in self.defaults.message.variables}
        chosen.update(parts.explicit)
        for name in self._declared(template):
            if name not in chosen and _text(parts.variables.get(name)):
                chosen[name] = str(parts.variables[name])
        return chosen

    def _declared(self, template: str) -> list[str]:
        """The variables the stand's template (by name or id) declares; fetched on first use."""
        if self._template_vars is None:
            self._template_vars = {}
            for found in self._templates():
                for key in (found.get("name"), found.get("id")):
                    names = self._template_vars.setdefault(str(key).lower(), [])
                    names.extend(n for n in found.get("variables") or () if n not in names)
        return self._template_vars.get(template.strip().lower(), [])

    def _attachments(self, fields: dict[str, Any]) -> tuple[str, ...]:
        """Relative paths in a file are relative to that file, wherever msgclient runs.

        Rows are not the user's own typing (an export, a colleague's sheet): a row may attach
        only files inside the file's folder or --attachments-dir, checked after links are
        followed, so '../../.ssh/id_rsa' or '~/.ssh/id_rsa' is never emailed to a client."""
        found = []
        for item in _items(fields["attachments"], ";|"):
            if is_url(item):
                found.append(item)
                continue
            path = self.base_dir / Path(item).expanduser()
            if not path.resolve().is_relative_to(self._attach_root()):
                raise RowProblem(f"attachment {shown(item)} is outside {self._attach_root()}; "
                                 "a row may attach files from that folder only (or pass "
                                 "--attachments-dir DIR)", "ATTACHMENT_OUTSIDE")
            found.append(str(path))
        return tuple(found)

    def _attach_root(self) -> Path:
        if self._root is None:
            folder = self.defaults.attachments_dir
            self._root = (Path(folder) if folder else self.base_dir).resolve()
        return self._root
