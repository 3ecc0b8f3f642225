"""Attachments: local files checked and uploaded (POST /api/v1/files), URLs passed as they are.

A local file must be a regular file that can be read; its type comes from its content
(filetypes.sniff), not its name, and its size and type must fit the channel (rules/content.py).
"""

from __future__ import annotations

import mimetypes
import os
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import unquote, urlparse

from msgclient.api.errors import ApiError, Unsupported
from msgclient.api.redact import masked_url, url_credentials
from msgclient.outgoing.errors import invalid
from msgclient.outgoing.filetypes import sniff
from msgclient.rules.text import file_name_problem, one_line

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
        _bad(source, "is neither a local file nor an http(s) URL")
    path = Path(source).expanduser()
    try:
        info = path.stat()
    except FileNotFoundError:
        _bad(source, "does not exist")
    except OSError as exc:
        _bad(source, f"cannot be read: {exc.strerror}")
    return _local(source, str(path), info.st_ino, info.st_mtime_ns, info.st_size, info.st_mode)


def _remote(url: str) -> Attachment:
    parsed = urlparse(url)
    if url_credentials(url) or "@" in parsed.netloc:
        # It would be shown in the preview, kept in the run's journal and sent to the stand.
        _bad(masked_url(url), "holds a login or password; attach a URL without one (a "
             "signed link's query is fine)", what="Attachment URL")
    if not parsed.netloc:
        _bad(url, "has no host", what="Attachment URL")
    # Decode first, then keep the last part: '..%2F..%2Fetc%2Fcron.d%2Fevil.pdf' is evil.pdf.
    name = unquote(parsed.path).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    name = name if name not in ("", ".", "..") else parsed.hostname or "attachment"
    _check_name(url, name)
    return Attachment(url, name, mimetypes.guess_type(name)[0], None, None)


def _check_name(source: str, name: str) -> None:
    problem = file_name_problem(name, "its name")
    if problem:
        _bad(source, f"cannot be sent: {problem}")


@lru_cache(maxsize=1024)  # bulk runs attach the same few files to many rows
def _local(source: str, given: str, inode: int, mtime_ns: int, size: int,
           mode: int) -> Attachment:
    if stat.S_ISDIR(mode):
        _bad(source, "is a directory; attach regular files only", short="is a directory")
    if not stat.S_ISREG(mode):
        _bad(source, "is not a regular file (a device, pipe or socket); attach regular files "
             "only", short="is a device, pipe or socket, not a regular file")
    if not os.access(given, os.R_OK):
        _bad(source, "cannot be read: permission denied")
    if size == 0:
        _bad(source, "is empty")
    path = Path(given).resolve()
    _check_name(source, path.name)
    try:
        kind = sniff(path)
    except OSError as exc:
        _bad(source, f"cannot be read: {exc.strerror}")
    return Attachment(source, path.name, kind, size, path)


def _bad(source: str, why: str, *, short: str | None = None,
         what: str = "Attachment") -> NoReturn:
    """InvalidMessage naming the attachment; its short form names only the file's last part."""
    invalid(f"{what} {one_line(source)} {why}.",
            short=f"{one_line(short_name(source))} {short or why}.", attachment=source)


def short_name(source: str, width: int = 28) -> str:
    """The last part of a path or URL, cut in the middle when long (for one-line messages)."""
    name = unquote(urlparse(source).path.rstrip("/").rsplit("/", 1)[-1]) if is_url(source) \
        else Path(source).name
    name = name or source
    if len(name) <= width:
        return name
    half = (width - 1) // 2
    return f"{name[:half]}…{name[-(width - 1 - half):]}"


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
    try:
        return client.request("POST", "/api/v1/files", replay_safe=True,
                              files={"file": (item.name, data, item.type)}).data
    except ApiError as exc:
        if exc.lacks_endpoint:
            raise Unsupported(f"This stand does not accept file uploads, so {item.source} cannot "
                              "be attached.", status=exc.status, code="UNSUPPORTED",
                              request_id=exc.request_id,
                              hint="Put the file on a web server and attach its URL.") from None
        raise
