"""What the command line gives every row (--channel, --text, --var ...), stored with the run.

A resumed run must build exactly the bodies the first run built, so these are
saved in the journal and read back instead of being taken from the new command line.
The message part is a Message, so a new message field needs no change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from msgclient.outgoing.model import LISTS, Message


@dataclass(frozen=True)
class Defaults:
    message: Message = field(default_factory=Message)  # --var pairs keep their order
    app: str | None = None
    attachments_dir: str | None = None  # where rows may attach from (absolute); None: the file's

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {f.name: getattr(self.message, f.name) for f in fields(Message)}
        data["variables"] = [[k, v] for k, v in self.message.variables.items()]
        data.update(app=self.app, attachments_dir=self.attachments_dir)
        return {k: v for k, v in data.items() if v not in (None, (), [])}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Defaults:
        parts: dict[str, Any] = {}
        for f in fields(Message):
            value = data.get(f.name)
            if f.name == "variables":
                parts[f.name] = {str(k): str(v) for k, v in value or ()}
            elif f.name in LISTS:
                parts[f.name] = tuple(value or ())
            else:
                parts[f.name] = value
        return cls(Message(**parts), app=data.get("app"),
                   attachments_dir=data.get("attachments_dir"))
