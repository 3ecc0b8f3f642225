"""The send core on its own: addresses, content sniffing, attachments, and the interface the
bulk runner codes against (check_message / prepare / deliver)."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest
import requests

from msgclient.api.client import ApiClient
from msgclient.api.errors import Unsupported
from msgclient.errors import ExitCode, RuleRefusal
from msgclient.outgoing.addresses import normalize_email, normalize_phone
from msgclient.outgoing.attachments import inspect, upload
from msgclient.outgoing.errors import InvalidMessage, error_for
from msgclient.outgoing.filetypes import sniff, sniff_bytes
from msgclient.outgoing.model import Message, Recipient
from msgclient.outgoing.prepare import check_message, deliver, new_key, prepare
from msgclient.rules import Refusal
from tests.commands.send.conftest import make_ctx

# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "region", "digits"), [
    ("+7 916 123-45-67", None, "79161234567"),
    ("+79161234567", "DE", "79161234567"),
    ("8 (916) 123-45-67", "RU", "79161234567"),
    ("0151 23456789", "de", "4915123456789"),
    ("+1 (202) 555-0143", None, "12025550143"),
])
def test_phones_become_stand_digits(raw, region, digits):
    assert normalize_phone(raw, region) == digits


@pytest.mark.parametrize(("raw", "region", "why"), [
    ("89161234567", None, "no country code"),
    ("", None, "it is empty"),
    ("+7 916", None, "too short"),
    ("+999 1234567", None, "country code is unknown"),
    ("call me", "RU", "not a phone number"),
    ("+7 000 123-45-67", None, "numbering plan"),
])
def test_bad_phones_say_why(raw, region, why):
    with pytest.raises(InvalidMessage) as caught:
        normalize_phone(raw, region)
    assert why in caught.value.message and repr(raw) in caught.value.message
    assert caught.value.code == "INVALID_ADDRESS" and caught.value.exit_code == ExitCode.USAGE


def test_emails_are_validated_twice():
    assert normalize_email(" Anna.P@Example.COM ") == "Anna.P@example.com"
    assert normalize_email("anna@mail.example.org")  # three labels is the most
    for bad, why in [("anna@", "not a valid email"), ("anna@@x.com", "not a valid email"),
                     ("anna+tag@example.com", "the stand accepts"),
                     ("anna@a.b.c.example", "the stand accepts"),
                     ("анна@пример.рф", "the stand accepts")]:
        with pytest.raises(InvalidMessage) as caught:
            normalize_email(bad)
        assert why in caught.value.message and repr(bad) in caught.value.message, bad


# --- content sniffing ---------------------------------------------------------------------


def _zip(path, names):
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return path


def test_office_files_are_recognised_inside_their_zip(tmp_path):
    docx = _zip(tmp_path / "letter.bin", ["[Content_Types].xml", "word/document.xml"])
    xlsx = _zip(tmp_path / "sheet.bin", ["[Content_Types].xml", "xl/workbook.xml"])
    plain = _zip(tmp_path / "bundle.docx", ["readme.txt"])  # the name lies
    assert sniff(docx).endswith("wordprocessingml.document")
    assert sniff(xlsx).endswith("spreadsheetml.sheet")
    assert sniff(plain) == "application/zip"


@pytest.mark.parametrize(("head", "name", "mime"), [
    (b"%PDF-1.7\n", "x.txt", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n....", "photo.jpg", "image/png"),
    (b"\xff\xd8\xff\xe0JFIF", "a", "image/jpeg"),
    (b"GIF89a..", "a.png", "image/gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "a", "image/webp"),
    (b"\x00\x00\x00\x18ftypmp42", "clip", "video/mp4"),
    (b"OggS\x00", "voice", "audio/ogg"),
    (b"ID3\x04", "song", "audio/mpeg"),
    (b"MZ\x90\x00", "invoice.pdf", "application/x-msdownload"),
    (b"\x7fELF\x02", "report.pdf", "application/x-executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.doc", "application/msword"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls", "application/vnd.ms-excel"),
    ("Привет, мир".encode(), "note.txt", "text/plain"),
    (b"a,b\n1,2\n", "table.csv", "text/csv"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.png", "image/svg+xml"),
    (b"<!DOCTYPE html><html>", "x.txt", "text/html"),
    (b"\x00\x01\x02\x03binary", "data.txt", "application/octet-stream"),
    ("ж".encode() * 3000, "long.txt", "text/plain"),  # a character cut at the read boundary
])
def test_type_comes_from_the_content(head, name, mime):
    assert sniff_bytes(head[:4096], name) == mime


# --- attachments --------------------------------------------------------------------------


def test_urls_are_taken_as_they_are():
    item = inspect("https://files.example.com/docs/price%20list.pdf?v=2")
    assert (item.name, item.type, item.size, item.path) == ("price list.pdf", "application/pdf",
                                                            None, None)
    assert item.dto() == {"url": "https://files.example.com/docs/price%20list.pdf?v=2",
                          "name": "price list.pdf", "type": "application/pdf"}


def test_only_regular_files(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InvalidMessage, match="not a regular file"):
        inspect(str(fifo))
    target = tmp_path / "real.pdf"
    target.write_bytes(b"%PDF-1.4")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    assert inspect(str(link)).type == "application/pdf"


def test_a_file_changed_on_disk_is_inspected_again(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert inspect(str(path)).type == "application/pdf"
    path.write_bytes(b"GIF89a and more bytes")
    assert inspect(str(path)).type == "image/gif"


def test_upload_once_per_cache(env_stand, wire, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF-1.4 hello")
    ctx, cache = make_ctx(), {}
    first = upload(ctx.client, inspect(str(path)), cache)
    again = upload(ctx.client, inspect(str(path)), cache)
    assert first == again and first["url"].startswith(env_stand.url)
    assert (first["name"], first["type"], first["size"]) == ("doc.pdf", "application/pdf", 14)
    assert len(wire.posts("/api/v1/files")) == 1


# --- the interface bulk uses --------------------------------------------------------------


def test_error_codes_decide_the_exit_code():
    assert isinstance(error_for(Refusal("CLIENT_BLOCKED", "x")), RuleRefusal)
    assert error_for(Refusal("ATTACHMENT_TYPE", "x")).exit_code == ExitCode.REFUSED
    invalid = error_for(Refusal("TEMPLATE_VARIABLES", "x", {"missing": ["a"]}))
    assert invalid.exit_code == ExitCode.USAGE and invalid.code == "TEMPLATE_VARIABLES"
    assert invalid.details == {"missing": ["a"]}


def test_check_message_is_local_and_typed(env_stand, wire):
    catalog = make_ctx().catalog
    catalog.channels, catalog.tags, catalog.templates, catalog.mailboxes, catalog.settings  # noqa: B018
    ok = Message(channel="whatsapp", text="hi", tags=("Sales",))
    calls = len(wire.requests)
    check_message(catalog, Recipient("phone", "+79161234567"), ok)
    check_message(catalog, Recipient("phone", "89161234567"), ok, region="RU")
    with pytest.raises(InvalidMessage) as caught:
        check_message(catalog, Recipient("phone", "89161234567"), ok)
    assert caught.value.code == "INVALID_ADDRESS"
    with pytest.raises(RuleRefusal) as refused:
        check_message(catalog, Recipient("thread", "10"),
                      Message(channel="telegram", text="hi", tags=("Sales",)))
    assert refused.value.code == "CHANNEL_NOT_ENABLED"
    assert refused.value.details["enabledChannels"] == ["whatsapp", "viber", "email", "web-chat",
                                                        "mobile-app"]
    with pytest.raises(InvalidMessage) as caught:
        check_message(catalog, Recipient("thread", "14"),
                      Message(channel="viber", template="welcome_back", tags=("Sales",)))
    assert caught.value.code == "TEMPLATE_VARIABLES"
    assert len(wire.requests) == calls, "no request beyond the cached catalogue"


def test_check_message_is_fast_enough_for_bulk(env_stand):
    catalog = make_ctx().catalog
    catalog.channels, catalog.tags, catalog.templates, catalog.settings  # noqa: B018 (warm up)
    rows = [(Recipient("phone", f"+34612{i:06d}"),
             Message(channel="viber", text=f"Hello {i}", tags=("Sales",))) for i in range(3000)]
    started = time.perf_counter()
    for recipient, message in rows:
        check_message(catalog, recipient, message)
    assert time.perf_counter() - started < 3.0  # bulk budget: 100k rows in < 15 s


def test_prepare_without_lookup_or_upload_then_deliver(env_stand, wire, tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4 x")
    ctx = make_ctx()
    recipient = Recipient("thread", "14")
    message = Message(channel="viber", text="hi", attachments=(str(path),), tags=("Sales",))
    dry = prepare(ctx, recipient, message, eligibility=False, upload=False)
    assert not [r for r in wire.requests if r["path"].startswith("/api/v1/threads")]
    assert dry.body["attachments"][0]["url"] == f"<to upload: {path}>"
    assert dry.summary["uploads"][0]["name"] == "a.pdf"
    cache: dict = {}
    real = prepare(ctx, recipient, message, eligibility=False, uploads=cache)
    assert cache and real.body["attachments"][0]["url"].startswith(env_stand.url)
    key = new_key()
    first = deliver(ctx, real, key)
    assert deliver(ctx, real, key) == first, "the same key replays the first answer"


def test_a_stand_without_uploads_says_to_attach_a_url(tmp_path, monkeypatch):
    def no_files_endpoint(self, method, path, params, body, files, headers, *rest):
        resp = requests.Response()
        resp.status_code, resp._content, resp.raw = 404, b'{"code": "NOT_FOUND"}', io.BytesIO()
        return resp

    monkeypatch.setattr(ApiClient, "_send", no_files_endpoint)
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(Unsupported) as caught:
        upload(ApiClient(base_url="http://stand.invalid"), inspect(str(path)))
    assert "does not accept file uploads" in caught.value.message
    assert "attach its URL" in caught.value.hint
