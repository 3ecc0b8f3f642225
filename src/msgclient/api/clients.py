"""Client profiles and edna's short-info lookup."""

from __future__ import annotations

from urllib.parse import quote

from msgclient.api.client import ApiClient
from msgclient.api.errors import NotFound


def profile(client: ApiClient, threads_client_id: int) -> dict:
    data = client.get(f"/api/v1/clients/internal/{threads_client_id}/profile") or {}
    data.setdefault("id", threads_client_id)
    return data


def profile_by_external_id(client: ApiClient, external_id: str) -> dict | None:
    """edna's profile of the client with this external id (the web widget's, the mobile
    app's), `blocked` included; None when the stand knows no such client."""
    try:
        return client.get(f"/api/v1/clients/{quote(external_id, safe='')}/profile",
                          expect="object") or None
    except NotFound:
        return None


def short_info(client: ApiClient, *, phones: list[str] | None = None,
               external_ids: list[str] | None = None,
               emails: list[str] | None = None) -> list[dict]:
    """edna's lookup by phones and external ids; `emails` is an extension (ask only a stand
    that offers the email-lookup capability)."""
    body: dict = {"phones": phones or [], "externalIds": external_ids or []}
    if emails:
        body["emails"] = emails
    # A POST that only reads: repeating it after a lost answer is as safe as repeating a GET.
    return client.post("/api/v1/clients/short-info", body, replay_safe=True) or []


def active_thread_known(client: ApiClient, profile: dict) -> bool | None:
    """edna's documented answer to "has this client an active thread?": short-info by the
    profile's phone or external id. None when the profile has neither (the stand decides)."""
    phone = "".join(ch for ch in str(profile.get("phone") or "") if ch.isdigit())
    external = profile.get("externalClientId")
    if not phone and not external:
        return None
    found = short_info(client, phones=[phone] if phone else None,
                       external_ids=[str(external)] if external else None)
    mine = [m for m in found if m.get("id") == profile.get("id")]
    return any(bool(m.get("hasActiveThread")) for m in mine) if mine else None
