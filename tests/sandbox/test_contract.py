"""The stand conforms to the contract: every seeded GET, the sends, the errors, and a fuzz run."""

from __future__ import annotations

from importlib import resources

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from msgclient.contract import load_contract
from msgclient.sandbox.app import ROUTES
from tests.sandbox.conftest import run_schemathesis

URN = "urn:msgclient:contract"
EXTENSIONS = {  # operations edna does not document, marked so in the contract
    "getMe", "getSettings", "listChannels", "listEmailAccounts", "listTags", "listTemplates",
    "listThreadMessages", "uploadFile", "downloadFile"}


def _rebased(node):
    """The contract's local refs ("#/...") made absolute, so a bare schema can use them."""
    if isinstance(node, dict):
        return {k: (URN + v if k == "$ref" and v.startswith("#") else _rebased(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_rebased(v) for v in node]
    return node


@pytest.fixture(scope="module")
def conforms():
    contract = load_contract()
    registry = Registry().with_resource(URN, Resource.from_contents(
        contract, default_specification=DRAFT202012))

    def check(method: str, template: str, resp) -> None:
        responses = contract["paths"][template][method.lower()]["responses"]
        answer = responses[str(resp.status_code)]
        if "$ref" in answer:
            answer = contract["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
        schema = _rebased(answer["content"]["application/json"]["schema"])
        Draft202012Validator(schema, registry=registry).validate(resp.json())
        assert resp.headers["X-Request-Id"]

    return check


def test_the_contract_documents_exactly_the_stand_routes():
    contract = load_contract()
    documented = {(m.upper(), p) for p, ops in contract["paths"].items() for m in ops}
    served = {(m, r.path) for r in ROUTES for m in r.methods if m != "HEAD"}
    assert documented == served
    marked = {op["operationId"] for ops in contract["paths"].values() for op in ops.values()
              if op.get("x-msgclient-extension")}
    assert marked == EXTENSIONS
    for schema in contract["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_seeded_get_conforms(api, conforms):
    for path in ("/api/v1/me", "/api/v1/settings", "/api/v1/channels", "/api/v1/email-accounts",
                 "/api/v1/tags", "/api/v1/templates"):
        conforms("GET", path, api.get(path))
    threads = api.get("/api/v1/threads", size=500, statuses=[
        "NEW", "UNASSIGNED", "SUSPENDED", "ASSIGNED", "REASSIGNED", "ANSWER_NEEDED", "WAITING",
        "IN_PROGRESS", "CLOSED"])
    conforms("GET", "/api/v1/threads", threads)
    for thread in threads.json():
        conforms("GET", "/api/v1/threads/{threadId}", api.get(f"/api/v1/threads/{thread['id']}"))
        conforms("GET", "/api/v1/threads/{threadId}/messages",
                 api.get(f"/api/v1/threads/{thread['id']}/messages"))
    for client_id in sorted({t["clientId"] for t in threads.json()}):
        conforms("GET", "/api/v1/clients/internal/{threadsClientId}/profile",
                 api.get(f"/api/v1/clients/internal/{client_id}/profile"))


def test_posts_and_errors_conform(api, conforms):
    conforms("POST", "/api/v1/clients/short-info", api.post(
        "/api/v1/clients/short-info", {"phones": ["79161234501", "4915112345603"]}))
    up = api.request("POST", "/api/v1/files", files={"file": ("a.pdf", b"%PDF-1.4")})
    conforms("POST", "/api/v1/files", up)
    sends = [("/api/v1/messages/outgoing", {"threadId": 1, "text": "Hi", "tags": [1],
                                            "attachments": [up.json()]}),
             ("/api/v1/messages/outgoing-to-device", {"text": "Hi", "tags": [1],
              "clientApplicationDescriptor": {"channelType": "VIBER",
                                              "deviceAddress": "79990001122"}}),
             ("/api/v1/messages/email", {"threadsClientId": 3, "emailAccountId": 1, "tags": [1],
                                         "emailSubject": "Hi", "bcc": ["a@example.com"]}),
             ("/api/v1/messages/outgoing", {"threadId": 1, "text": "again", "tags": [1]}),
             ("/api/v1/messages/email", {"threadsClientId": 4, "emailAccountId": 1,
                                         "emailSubject": "Hi", "text": "x", "tags": [1]})]
    statuses = []
    for path, body in sends:
        resp = api.post(path, body)
        statuses.append(resp.status_code)
        conforms("POST", path, resp)
    assert statuses == [200, 200, 422, 409, 422]  # email with no text nor file is EMPTY_MESSAGE
    conforms("GET", "/api/v1/threads/{threadId}", api.get("/api/v1/threads/424242"))
    conforms("GET", "/api/v1/threads", api.get("/api/v1/threads", size=0))
    conforms("GET", "/api/v1/me", api.request("GET", "/api/v1/me", headers={
        "Authorization": "Bearer nope"}))


@pytest.mark.slow
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(api, tmp_path):
    """A bounded property-based run of every operation against the live stand."""
    run_schemathesis(_contract_path(), api.url, api.token, tmp_path,
                     "coverage,fuzzing,stateful")


def _contract_path():
    return resources.files("msgclient.contract").joinpath("openapi.yaml")
