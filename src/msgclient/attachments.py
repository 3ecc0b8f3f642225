"""Attachments: local files checked and uploaded (POST /api/v1/files), URLs passed as they are.

A local file must be a regular file that can be read; its type comes from its content
(filetypes.sniff), not its name, and its size and type must fit the channel (rules.py).
"""

from __future__ import annotations

import mimetypes
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from msgclient.send_errors import invalid

if TYPE_CHECKING:
    from msgclient.api.client import ApiClient


@dataclass(frozen=True)
class Attachment:
    source: str            # what the user gave: a path or an http(s) URL
    name: str
    type: str | None
    size: int | None
    path: Path | None      # a local file still to upload; None for a URL

    def dto(self, url: str | None = None) -> dict:
        """edna's attachmentDTO; a local file's url is known only after the upload."""
        dto = {"url": url or self.source, "name": self.name, "type": self.type,
               "size": self.size}
        return {k: v for k, v in dto.items() if v is not None}


def is_url(value: str) -> bool:
    return urlparse(value).scheme.lower() in ("http", "https")


def inspect(source: str) -> Attachment:
    """Check one attachment without sending anything; InvalidMessage says what is wrong."""
    source = source.strip()
    if not source:
        invalid("An attachment path is empty.")
    if is_url(source):
        return _remote(source)
    if "://" in source:
        invalid(f"Attachment {source} is neither a local file nor an http(s) URL.",
                attachment=source)
    path = Path(source).expanduser()
    try:
        info = path.stat()
    except FileNotFoundError:
        invalid(f"Attachment {source} does not exist.", attachment=source)
    except OSError as exc:
        invalid(f"Attachment {source} cannot be read: {exc.strerror}.", attachment=source)
    return _local(source, str(path), info.st_ino, info.st_mtime_ns, info.st_size, info.st_mode)


def _remote(url: str) -> Attachment:
    parsed = urlparse(url)
    if not parsed.netloc:
        invalid(f"Attachment URL {url} has no host.", attachment=url)
    name = unquote(Path(parsed.path).name) or parsed.netloc
    return Attachment(url, name, mimetypes.guess_type(name)[0], None, None)


@lru_cache(maxsize=1024)  # bulk runs attach the same few files to many rows
def _local(source: str, given: str, inode: int, mtime_ns: int, size: int,
           mode: int) -> Attachment:
    from msgclient.filetypes import sniff

    if stat.S_ISDIR(mode):
        invalid(f"Attachment {source} is a directory; attach regular files only.",
                attachment=source)
    if not stat.S_ISREG(mode):
        invalid(f"Attachment {source} is not a regular file (a device, pipe or socket); "
                "attach regular files only.", attachment=source)
    if not os.access(given, os.R_OK):
        invalid(f"Attachment {source} cannot be read: permission denied.", attachment=source)
    if size == 0:
        invalid(f"Attachment {source} is empty.", attachment=source)
    path = Path(given).resolve()
    try:
        kind = sniff(path)
    except OSError as exc:
        invalid(f"Attachment {source} cannot be read: {exc.strerror}.", attachment=source)
    return Attachment(source, path.name, kind, size, path)


def upload(client: ApiClient, item: Attachment, cache: dict | None = None) -> dict:
    """The stand's attachmentDTO for a local file (uploaded once per cache); URLs as they are."""
    if item.path is None:
        return item.dto()
    key = (str(item.path), item.size)
    if cache is not None and key in cache:
        return cache[key]
    data = item.path.read_bytes()
    # Re-uploading after a broken connection leaves at most an unused file, never a message,
    # so the upload may be retried like a GET.
    stored = _post_file(client, item, data)
    dto = {k: stored[k] for k in ("url", "name", "type", "size") if k in stored}
    if cache is not None:
        cache[key] = dto
    return dto


def _post_file(client: ApiClient, item: Attachment, data: bytes) -> dict:
    from msgclient.api.errors import ApiError, Unsupported

    try:
        return client.request("POST", "/api/v1/files", replay_safe=True,
                              files={"file": (item.name, data, item.type)}).data
    except ApiError as exc:
        if exc.status in (404, 405) and exc.code in ("NOT_FOUND", "METHOD_NOT_ALLOWED", "ERROR"):
            raise Unsupported(f"This stand does not accept file uploads, so {item.source} cannot "
                              "be attached.", status=exc.status, code="UNSUPPORTED",
                              request_id=exc.request_id,
                              hint="Put the file on a web server and attach its URL.") from None
        raise
