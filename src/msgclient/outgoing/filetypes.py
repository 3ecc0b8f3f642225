"""What a file really is, from its first bytes: a name can lie, the content cannot.

No library for this is in the dependency list (python-magic needs libmagic), so this is a
small table of well-known signatures (https://en.wikipedia.org/wiki/List_of_file_signatures)
plus a look inside ZIP and OLE2 containers for the Office formats.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HEAD_SIZE = 4096
OCTET = "application/octet-stream"

# (offset, signature, MIME type); first match wins, so longer/more specific ones come first.
SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (0, b"{\\rtf", "application/rtf"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"fLaC", "audio/flac"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (0, b"MZ", "application/x-msdownload"),
    (0, b"\x7fELF", "application/x-executable"),
    (0, b"\xca\xfe\xba\xbe", "application/x-mach-binary"),
    (0, b"\xcf\xfa\xed\xfe", "application/x-mach-binary"),
)
RIFF_KINDS = {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}
FTYP_KINDS = {b"qt  ": "video/quicktime", b"M4A ": "audio/mp4", b"heic": "image/heic",
              b"heix": "image/heic", b"3gp4": "video/3gpp", b"3gp5": "video/3gpp"}
OOXML = {"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
# An OLE2 compound file is the container of .doc/.xls/.ppt; the extension tells which.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE2_BY_SUFFIX = {".doc": "application/msword", ".xls": "application/vnd.ms-excel",
                  ".ppt": "application/vnd.ms-powerpoint"}
TEXT_BY_SUFFIX = {".csv": "text/csv", ".html": "text/html", ".htm": "text/html",
                  ".xml": "application/xml", ".json": "application/json", ".md": "text/markdown"}


def sniff(path: Path) -> str:
    """The MIME type of the file's content (never taken from the name alone)."""
    with open(path, "rb") as fh:
        head = fh.read(HEAD_SIZE)
    return sniff_bytes(head, path.name, path)


def sniff_bytes(head: bytes, name: str = "", path: Path | None = None) -> str:
    for offset, signature, mime in SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            return mime
    if head[:4] == b"RIFF" and head[8:12] in RIFF_KINDS:
        return RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return FTYP_KINDS.get(head[8:12], "video/mp4")
    if head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if head[:4] == b"PK\x03\x04":
        return _zip_kind(path) if path else "application/zip"
    if head[:8] == OLE2:
        return OLE2_BY_SUFFIX.get(Path(name).suffix.lower(), "application/x-ole-storage")
    return _text_kind(head, name)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return "application/zip"
    for prefix, mime in OOXML.items():
        if any(n.startswith(prefix) for n in names):
            return mime
    return "application/zip"


def _text_kind(head: bytes, name: str) -> str:
    if not head or b"\x00" in head:
        return OCTET
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the HEAD_SIZE boundary
            return OCTET
        text = head[:exc.start].decode("utf-8")
    lowered = text.lstrip().lower()
    if lowered.startswith("<svg") or (lowered.startswith("<?xml") and "<svg" in lowered):
        return "image/svg+xml"
    if lowered.startswith(("<!doctype html", "<html")):
        return "text/html"
    return TEXT_BY_SUFFIX.get(Path(name).suffix.lower(), "text/plain")
