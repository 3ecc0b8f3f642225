"""What the command line gives every row (--channel, --text, --var ...), stored with the run.

A resumed run must build exactly the bodies the first run built, so these are
saved in the journal and read back instead of being taken from the new command line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Defaults:
    channel: str | None = None
    text: str | None = None
    template: str | None = None
    variables: tuple[tuple[str, str], ...] = ()  # --var NAME=VALUE, in order
    title: str | None = None
    signature: str | None = None
    tags: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # absolute paths or URLs
    sender: str | None = None
    subject: str | None = None
    bcc: tuple[str, ...] = ()
    app: str | None = None
    attachments_dir: str | None = None  # where rows may attach from (absolute); None: the file's

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, ())}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Defaults:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("tags", "attachments", "bcc"):
            values[name] = tuple(values.get(name) or ())
        values["variables"] = tuple((str(k), str(v)) for k, v in values.get("variables") or ())
        return cls(**values)
