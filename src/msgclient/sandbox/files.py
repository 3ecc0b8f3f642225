"""Uploaded attachments: type sniffing, upload and download routes, and attachments on sends."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from msgclient.sandbox.store import writes
from msgclient.sandbox.store.queries import FILES_PATH
from msgclient.sandbox.store.seed_data import DOCX, XLSX
from msgclient.sandbox.web import STAFF_ROLES, Refused, endpoint, json_response, stand_of

Json = dict[str, Any]
_MAGIC = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"),
          (b"OggS", "audio/ogg"), (b"ID3", "audio/mpeg")]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office: the extension tells doc from xls
_BY_EXTENSION = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
    ".pdf": "application/pdf", ".doc": "application/msword", ".docx": DOCX,
    ".xls": "application/vnd.ms-excel", ".xlsx": XLSX, ".txt": "text/plain", ".csv": "text/csv",
    ".zip": "application/zip", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".mp4": "video/mp4",
}


def guess_type(name: str) -> str:
    """MIME type from a file name's extension, for external attachments given without one."""
    return _BY_EXTENSION.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def sniff(data: bytes, name: str = "") -> str:
    """The type the content really has; the uploader's claim is not trusted."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_OLE):
        guessed = guess_type(name)
        return guessed if guessed in ("application/msword", "application/vnd.ms-excel") else (
            "application/octet-stream")
    if data[4:8] == b"ftyp":
        return "video/mp4"
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
        return "text/csv" if name.lower().endswith(".csv") else "text/plain"
    return "application/octet-stream"


def _zip_kind(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "application/zip"
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return "application/zip"


@endpoint(*STAFF_ROLES)
async def upload(request: Request, user: Json | None) -> Response:
    stand = stand_of(request)
    limit = stand.config.settings["uploadMaxSize"]
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise Refused.validation("Send the file as multipart/form-data in the field 'file'.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 65536:  # refuse before reading it all
        raise _too_large(limit)
    async with request.form(max_files=1, max_fields=10) as form:
        part = form.get("file")
        if not isinstance(part, UploadFile):
            raise Refused.validation("Send the file in the multipart field 'file'.",
                                      field="file")
        data = await part.read()
        name = PurePosixPath((part.filename or "file").replace("\\", "/")).name[:1000] or "file"
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise Refused.validation("The file is empty.", field="file")
    mime = sniff(data, name)
    allowed = sorted({t for c in stand.config.channels for t in c["limits"]["attachmentTypes"]})
    if mime not in allowed:
        raise Refused(415, "ATTACHMENT_TYPE", f"File {name} is {mime}, which no channel of this "
                       f"stand accepts; accepted types: {', '.join(allowed)}.",
                       {"type": mime, "allowedTypes": allowed})
    file_id = writes.store_file(stand.conn, name, mime, data)
    return json_response({"url": _base(request) + FILES_PATH + file_id, "name": name,
                          "type": mime, "size": len(data)}, 201)


def _too_large(limit: int) -> Refused:
    return Refused(413, "ATTACHMENT_TOO_LARGE", f"The file is larger than {limit} bytes, the "
                    "largest attachment any enabled channel accepts.", {"maxSize": limit})


@endpoint()
async def download(request: Request, user: Json | None) -> Response:
    row = writes.file_data(stand_of(request).conn, request.path_params["fileId"])
    if row is None:
        raise Refused.not_found("No such file on this stand.")
    name, mime, data = row
    return Response(data, media_type=mime, headers={
        "Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"})


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def resolve_attachments(request: Request, items: list[Json]) -> list[Json]:
    """Attachments as the stand records them: its own files by their stored name/type/size."""
    return [_resolve(request, item) for item in items]


def _resolve(request: Request, item: Json) -> Json:
    parts = urlsplit(item["url"])
    if parts.path.startswith(FILES_PATH):
        file_id = parts.path[len(FILES_PATH):]
        meta = writes.file_meta(stand_of(request).conn, file_id)
        if meta is not None:  # stored by path: the link must survive a port change
            return {"url": FILES_PATH + file_id, "name": item["name"] or meta[0],
                    "type": meta[1], "size": meta[2]}
        if not parts.netloc or parts.netloc == request.url.netloc:
            raise Refused.not_found(f"Attachment {item['url']} names no file on this stand; "
                                     "upload it with POST /api/v1/files first.",
                                     field="attachments")
    name = item["name"] or PurePosixPath(parts.path).name or "file"
    return {"url": item["url"], "name": name, "type": item["type"] or guess_type(name),
            "size": item["size"]}
