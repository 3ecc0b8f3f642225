"""Upload, sniffing, download, and stand files used as attachments."""

from __future__ import annotations

import io
import zipfile

import requests

from msgclient.sandbox.store import db
from msgclient.sandbox.store.seed import FIXTURE_THREAD_IDS as T
from tests.sandbox.conftest import refused

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _upload(api, name: str, data: bytes) -> requests.Response:
    return api.request("POST", "/api/v1/files", files={"file": (name, data, "text/plain")})


def test_upload_sniffs_the_type_and_download_needs_no_token(api):
    resp = _upload(api, "photo.txt", PNG)  # name and declared type lie; the content decides
    assert resp.status_code == 201, resp.text
    att = resp.json()
    assert att["type"] == "image/png" and att["size"] == len(PNG) and att["name"] == "photo.txt"
    assert att["url"].startswith(api.url + "/api/v1/files/")
    got = requests.get(att["url"])
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "image/png"
    refused(requests.get(api.url + "/api/v1/files/unknown"), 404, "NOT_FOUND")


def test_sniffing_office_text_and_unknown_binary(api):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert _upload(api, "cv.bin", docx.getvalue()).json()["type"].endswith(
        "wordprocessingml.document")
    assert _upload(api, "notes", "Grüße\n".encode()).json()["type"] == "text/plain"
    body = refused(_upload(api, "tool.exe", b"MZ\x90\x00\x03\x00"), 415, "ATTACHMENT_TYPE")
    assert "application/pdf" in body["details"]["allowedTypes"]
    refused(_upload(api, "empty.txt", b""), 400, "VALIDATION")


def test_upload_limit_is_the_largest_enabled_channel_limit(api):
    db.set_channel_enabled(api.db, 2, False)  # Viber's 25 MB no longer counts: WhatsApp's 16 MB
    assert api.ok("/api/v1/settings")["uploadMaxSize"] == 16 * 1024 * 1024
    body = refused(_upload(api, "big.txt", b"a" * (16 * 1024 * 1024 + 1)), 413,
                   "ATTACHMENT_TOO_LARGE")
    assert body["details"]["maxSize"] == 16 * 1024 * 1024


def test_upload_needs_multipart_with_a_file_field(api):
    refused(api.post("/api/v1/files", {"file": "x"}), 400, "VALIDATION")
    refused(api.request("POST", "/api/v1/files", files={"other": ("a.txt", b"x")}),
            400, "VALIDATION")


def test_a_stand_file_in_a_send_keeps_its_stored_name_type_and_size(no_tags_needed):
    api = no_tags_needed
    att = _upload(api, "receipt.png", PNG).json()
    sent = api.post("/api/v1/messages/outgoing", {
        "threadId": T["anna_closed_whatsapp"],
        "attachments": [{"url": att["url"], "type": "application/pdf", "size": 1}]}).json()
    [message] = api.ok(f"/api/v1/threads/{sent['threadId']}/messages")
    assert message["attachments"] == [att]
    assert message["text"] is None


def test_a_stand_file_of_the_wrong_type_for_the_channel_is_refused(no_tags_needed):
    api = no_tags_needed
    att = _upload(api, "notes.txt", b"plain words").json()
    refused(api.post("/api/v1/messages/outgoing", {"threadId": T["anna_closed_whatsapp"],
                                                   "attachments": [att]}), 422, "ATTACHMENT_TYPE")
