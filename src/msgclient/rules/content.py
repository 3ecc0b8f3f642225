"""Is the message itself acceptable? (empty, length, template, attachments, tags)"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from msgclient.rules.base import (
    TEMPLATE_CHANNEL_TYPES,
    TYPE_TO_CLI,
    Json,
    Refusal,
    channel_name,
    first_refusal,
)
from msgclient.rules.text import body_problem

_VARIABLE_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def check_tags(tag_ids: Sequence[int], known_tags: Iterable[Json],
               mandatory: bool) -> Refusal | None:
    if mandatory and not tag_ids:
        return Refusal("TAGS_REQUIRED", "This stand requires at least one tag on an outgoing "
                       "message; add one of the stand's tags.", {"mandatoryTags": True})
    known = {t["id"] for t in known_tags}
    unknown = [t for t in tag_ids if t not in known]
    if unknown:
        return Refusal("UNKNOWN_TAG", f"Tag {', '.join(map(str, unknown))} does not exist on this "
                       "stand; use ids from the stand's tag list.", {"unknown": unknown})
    return None


def check_text_safety(text: str | None, template_use: Json | None) -> Refusal | None:
    """No control characters and no invisible-only values in what the client reads
    (text.py's body_problem); the client checks it first, the stand enforces it."""
    use = template_use or {}
    values = [("text", "The text", text), ("title", "The template title", use.get("title")),
              ("signature", "The template signature", use.get("signature")),
              *((f"variables.{k}", f"Template variable {k}", v)
                for k, v in (use.get("variables") or {}).items())]
    for fieldname, what, value in values:
        problem = body_problem(value, what) if isinstance(value, str) else None
        if problem:
            return Refusal("VALIDATION", f"{problem}.", {"field": fieldname})
    return None


def check_message_shape(text: str | None, attachments: Sequence[Json],
                        template_use: Json | None) -> Refusal | None:
    safety = check_text_safety(text, template_use)
    if safety is not None:
        return safety
    if template_use is not None and text:
        return Refusal("VALIDATION", "A template message carries no free text; send either the "
                       "template or a text.", {"field": "text"})
    if template_use is None and not (text or "").strip() and not attachments:
        return Refusal("EMPTY_MESSAGE", "The message is empty; give a text, an attachment or a "
                       "template.")
    return None


def _check_length(value: str | None, limit: int | None, what: str,
                  fieldname: str) -> Refusal | None:
    if value is None or limit is None or len(value) <= limit:
        return None
    return Refusal("TEXT_TOO_LONG", f"The {what} has {len(value)} characters; at most {limit} are "
                   "allowed.", {"field": fieldname, "maxLength": limit, "length": len(value)})


def check_text_length(text: str | None, channel: Json) -> Refusal | None:
    return _check_length(text, channel["limits"].get("textMaxLength"),
                         f"text for {channel_name(channel)}", "text")


def template_variables(text: str) -> list[str]:
    """Placeholder names in order of first use, each once."""
    return list(dict.fromkeys(_VARIABLE_RE.findall(text)))


def render_template(text: str, variables: Mapping[str, str]) -> str:
    return _VARIABLE_RE.sub(lambda m: variables.get(m[1], m[0]), text)


def check_template_channel(channel: Json) -> Refusal | None:
    """Templates go over WhatsApp and Viber only."""
    if channel["type"] in TEMPLATE_CHANNEL_TYPES:
        return None
    name = channel_name(channel)
    return Refusal("TEMPLATE_NOT_FOR_CHANNEL", f"Templates can be sent only over WhatsApp or "
                   f"Viber, not over {name}; send a text instead.", {"channel": name})


def check_template(template: Json, use: Json, channel: Json, settings: Json) -> Refusal | None:
    """Template fits the channel, its variables are exactly the declared ones, header/footer fit."""
    name, ctype = channel_name(channel), channel["type"]
    if ctype not in TEMPLATE_CHANNEL_TYPES:
        return check_template_channel(channel)
    if template["channelType"] != ctype:
        owner = TYPE_TO_CLI.get(template["channelType"], template["channelType"])
        return Refusal("TEMPLATE_NOT_FOR_CHANNEL", f"Template {template['name']} is a {owner} "
                       f"template and cannot be sent over {name}; pick a {name} template.",
                       {"channel": name, "templateChannelType": template["channelType"]})
    return first_refusal(
        _check_variables(template, use.get("variables") or {}),
        _check_length(use.get("title"), settings["titleMaxLength"], "template title", "title"),
        _check_length(use.get("signature"), settings["signatureMaxLength"],
                      "template signature", "signature"))


def _check_variables(template: Json, given: Mapping[str, str]) -> Refusal | None:
    declared = list(template["variables"])
    missing = [v for v in declared if not given.get(v)]
    unknown = sorted(set(given) - set(declared))
    if not missing and not unknown:
        return None
    parts = [f"missing: {', '.join(missing)}"] * bool(missing)
    parts += [f"unknown: {', '.join(unknown)}"] * bool(unknown)
    return Refusal("TEMPLATE_VARIABLES", f"Template {template['name']} takes variables "
                   f"{', '.join(declared) or '(none)'}; {'; '.join(parts)}.",
                   {"missing": missing, "unknown": unknown, "variables": declared})


def megabytes(size: int) -> str:
    """A size as people read it: 16 MB, 2.5 MB (one formatter for every message and list)."""
    return f"{size / 1048576:.1f}".removesuffix(".0") + " MB"


def check_attachments(attachments: Sequence[Json], channel: Json) -> Refusal | None:
    """Count, size and MIME type against the channel's limits (a limit of None is not known
    here: the stand applies its own)."""
    limits, name = channel["limits"], channel_name(channel)
    most, largest, types = (limits.get("maxAttachments"), limits.get("maxAttachmentSize"),
                            limits.get("attachmentTypes"))
    if most is not None and len(attachments) > most:
        return Refusal("ATTACHMENT_TOO_LARGE", f"{len(attachments)} attachments given; channel "
                       f"{name} accepts at most {most} per message.",
                       {"maxAttachments": most, "count": len(attachments)})
    for att in attachments:
        label = att.get("name") or att["url"]
        size = att.get("size")
        if size is not None and largest is not None and size > largest:
            return Refusal("ATTACHMENT_TOO_LARGE", f"Attachment {label} is {megabytes(size)}; "
                           f"channel {name} accepts files up to {megabytes(largest)}.",
                           {"name": label, "size": size, "maxSize": largest})
        mime = (att.get("type") or "").split(";")[0].strip().lower()
        if types is not None and mime not in types:
            return Refusal("ATTACHMENT_TYPE", f"Attachment {label} has type {mime or 'unknown'}; "
                           f"channel {name} accepts {', '.join(types)}.",
                           {"name": label, "type": mime, "allowedTypes": types})
    return None


def check_content(*, text: str | None, attachments: Sequence[Json], template_use: Json | None,
                  template: Json | None, channel: Json, settings: Json) -> Refusal | None:
    """Everything about the message itself, in the order a user would fix it."""
    return first_refusal(
        check_message_shape(text, attachments, template_use),
        check_text_length(text, channel),
        check_template(template, template_use, channel, settings) if template and template_use
        else None,
        check_attachments(attachments, channel))
