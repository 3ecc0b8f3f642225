"""Find what the user named (channel, template, mailbox, tags) in the stand's catalogue.

Names are forgiving (CLI name, the stand's own name, or an id); an unknown one is a usage
error that lists what the stand does have.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgclient import rules
from msgclient.outgoing.errors import invalid, refuse
from msgclient.rules.text import match_key as key_of
from msgclient.rules.text import shown

# What a name found in one catalogue list, remembered: a bulk file names the same channel and
# tags on every row, and a catalogue list is read once per command and never changed (the
# Catalog's cached_property), so the answer for (that list, that name) cannot change either.
# Keyed by the list's id and checked by identity, so a new list (another command in tests, a
# re-read catalogue) is looked up afresh. Only answers are kept: a name that is refused is
# looked up (and refused) again, with its error. Bounded: a file may name many tags.
_FOUND: dict[tuple[str, int, object], tuple[Sequence[dict], object]] = {}
_FOUND_MAX = 1024


def _remembered(what: str, items: Sequence[dict], name: object, find):
    key = (what, id(items), name)
    hit = _FOUND.get(key)
    if hit is not None and hit[0] is items:
        return hit[1]
    found = find()
    if len(_FOUND) >= _FOUND_MAX:
        _FOUND.clear()
    _FOUND[key] = (items, found)
    return found


def find_channel(channels: Sequence[dict], name: str) -> dict:
    """The stand channel for 'viber', 'web-widget', 'Viber', '2' ...; enabled ones first."""
    return _remembered("channel", channels, name, lambda: _find_channel(channels, name))


def _find_channel(channels: Sequence[dict], name: str) -> dict:
    wanted = key_of(name)
    ctype = rules.CLI_TO_TYPE.get(wanted)
    found = [c for c in channels if (ctype and c.get("type") == ctype) or wanted in
             (str(c.get("id")), key_of(c.get("name", "")), key_of(c.get("type", "")))]
    if not found:
        known = ", ".join(dict.fromkeys(rules.channel_name(c) for c in channels)) or "none"
        invalid(f"Unknown channel {shown(name)}; channels on this stand: {known}.", "NOT_FOUND",
                channel=name, channels=known.split(", "))
    enabled = [c for c in found if c.get("enabled")]
    if len(enabled) > 1:  # two enabled channels of one kind: the name alone cannot choose
        both = " and ".join(f"{shown(c.get('name'))} (id {c.get('id')})" for c in enabled[:2])
        invalid(f"Channel {shown(name)} could be {both}; which one is meant? Give its id.",
                "AMBIGUOUS", channel=name)
    return min(found, key=lambda c: not c.get("enabled"))


def find_template(templates: Sequence[dict], wanted: str, channel: dict | None) -> dict:
    """A template by id or name; with a name on both WhatsApp and Viber, the channel's one."""
    key = key_of(wanted)
    found = [t for t in templates if key in (str(t.get("id")), key_of(t.get("name", "")))]
    if channel is not None:
        found.sort(key=lambda t: t.get("channelType") != channel.get("type"))
    if len(found) > 1 and found[0].get("channelType") == found[1].get("channelType"):
        both = " and ".join(f"id {t.get('id')}" for t in found[:2])
        invalid(f"Template {shown(wanted)} could be {both}, both for "
                f"{found[0].get('channelType')}; which one is meant? Give its id.",
                "AMBIGUOUS", template=wanted)
    if not found:
        fitting = [t["name"] for t in templates
                   if channel is None or t.get("channelType") == channel.get("type")]
        where = f" for {rules.channel_name(channel)}" if channel else ""
        invalid(f"Unknown template {shown(wanted)}; templates{where} on this stand: "
                f"{', '.join(fitting) or 'none'}.", "NOT_FOUND", template=wanted)
    return found[0]


def find_mailbox(mailboxes: Sequence[dict], wanted: str) -> dict:
    """A sender mailbox by id or address; unknown or disabled ones are refused as the stand
    would."""
    key = key_of(wanted)
    matching = [m for m in mailboxes if key in (str(m.get("id")), key_of(m.get("address", "")))]
    if len(matching) > 1:
        both = " and ".join(f"id {m.get('id')}" for m in matching[:2])
        invalid(f"Mailbox {shown(wanted)} could be {both}; which one is meant? Give its id.",
                "AMBIGUOUS", sender=wanted)
    account = matching[0] if matching else None
    if account is None:
        senders = [m["address"] for m in mailboxes if m.get("enabled")]
        invalid(f"Mailbox {shown(wanted)[1:-1]} does not exist on this stand; send from one of: "
                f"{', '.join(senders) or 'none'}.", "UNKNOWN_SENDER", senders=senders)
    refuse(rules.check_sender(account["id"], mailboxes))
    return account


def find_tags(tags: Sequence[dict], names: Iterable[str]) -> tuple[int, ...]:
    """Tag ids for full paths ('Complaint/Services'), unique bare names, or ids."""
    names = tuple(names)
    return _remembered("tags", tags, names, lambda: _find_tags(tags, names))


def _find_tags(tags: Sequence[dict], names: Iterable[str]) -> tuple[int, ...]:
    ids: list[int] = []
    for name in names:
        key = key_of(name).strip("/")
        found = [t for t in tags if key in (str(t.get("id")), key_of(t.get("path", "")))]
        found = found or [t for t in tags if key_of(t.get("name", "")) == key]
        if len(found) != 1:
            why = (f"is ambiguous ({', '.join(t['path'] for t in found)})" if found
                   else "is not a tag on this stand")
            invalid(f"Tag {shown(name)} {why}; give a full path from 'msgclient tags list'.",
                    "UNKNOWN_TAG", unknown=[name])
        if found[0]["id"] not in ids:
            ids.append(found[0]["id"])
    return tuple(ids)


def tag_path(tags: Sequence[dict], tag_id: int) -> str:
    return next((t.get("path") or t.get("name") for t in tags if t.get("id") == tag_id),
                str(tag_id))
