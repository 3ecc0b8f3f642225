"""Client profiles and edna's short-info lookup."""

from __future__ import annotations

from msgclient.api.client import ApiClient


def profile(client: ApiClient, threads_client_id: int) -> dict:
    data = client.get(f"/api/v1/clients/internal/{threads_client_id}/profile") or {}
    data.setdefault("id", threads_client_id)
    return data


def short_info(client: ApiClient, *, phones: list[str] | None = None,
               external_ids: list[str] | None = None,
               emails: list[str] | None = None) -> list[dict]:
    body: dict = {"phones": phones or [], "externalIds": external_ids or []}
    if emails:
        body["emails"] = emails  # extension: look a client up by email address
    # A POST that only reads: repeating it after a lost answer is as safe as repeating a GET.
    return client.post("/api/v1/clients/short-info", body, replay_safe=True) or []
