"""One requests Session per command, timeouts, retries and the error tree."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
import requests.auth
from requests.adapters import HTTPAdapter

from msgclient import __version__
from msgclient.api import redact
from msgclient.api.errors import (
    ApiError,
    NetworkError,
    Unsupported,
    error_from_response,
)
from msgclient.api.retry import AMBIGUOUS_STATUSES, SAFE_STATUSES, RetryPolicy

USER_AGENT = f"msgclient/{__version__} (+python-requests)"
DEFAULT_PAGE_SIZE = 100


@dataclass
class Response:
    status: int
    data: Any
    headers: dict[str, str]
    request_id: str | None


@dataclass
class ApiClient:
    base_url: str
    token: Callable[[], str | None] = lambda: None
    tenant: str | None = None
    timeout: float = 30.0
    verify: bool | str = True  # a CA bundle path may replace True; never False
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    debug: Callable[[str], None] | None = None
    pool_size: int = 10
    _session: requests.Session | None = field(default=None, init=False, repr=False)

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=2, pool_maxsize=self.pool_size, max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
            session.auth = _KeepHeaders()  # so requests never swaps in ~/.netrc credentials
            if self.tenant:
                session.headers["X-Tenant-Name"] = self.tenant
            self._session = session
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def get(self, path: str, params: dict | None = None) -> Any:
        return self.request("GET", path, params=params).data

    def post(self, path: str, body: Any, *, idempotency_key: str | None = None,
             replay_safe: bool = False) -> Any:
        return self.request("POST", path, json=body, idempotency_key=idempotency_key,
                            replay_safe=replay_safe).data

    def get_extension(self, path: str, capability: str, params: dict | None = None) -> Any:
        """GET an endpoint edna does not document; 404/405 means the stand lacks it."""
        try:
            return self.get(path, params)
        except ApiError as exc:
            if exc.status in (404, 405) and exc.code in ("NOT_FOUND", "ERROR"):
                raise Unsupported(f"This stand does not offer {capability}.",
                                  status=exc.status, code="UNSUPPORTED",
                                  request_id=exc.request_id) from None
            raise

    def paginate(self, path: str, params: dict | None = None, *, limit: int | None = None,
                 page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[dict]:
        """edna pages are bare arrays: a short page is the last one."""
        if limit is not None:
            page_size = max(1, min(page_size, limit))
        seen = 0
        page = 0
        while True:
            items = self.get(path, {**(params or {}), "page": page, "size": page_size}) or []
            for item in items:
                yield item
                seen += 1
                if limit is not None and seen >= limit:
                    return
            if len(items) < page_size:
                return
            page += 1

    def request(self, method: str, path: str, *, params: dict | None = None, json: Any = None,
                files: Any = None, idempotency_key: str | None = None,
                replay_safe: bool = False) -> Response:
        """Send with retries: safe failures always, ambiguous ones only when replay is safe."""
        headers = {"X-Request-Id": uuid.uuid4().hex}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        token = self.token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # GETs are safe to repeat; a POST that sends only when the stand honours its key.
        repeatable = method == "GET" or replay_safe
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= self.policy.attempts
            try:
                resp = self._send(method, path, params, json, files, headers)
            except NetworkError as exc:
                if last or (exc.ambiguous and not repeatable):
                    raise
                self.policy.sleep(self.policy.backoff(attempt))
                continue
            retry = resp.status_code in SAFE_STATUSES or (
                repeatable and resp.status_code in AMBIGUOUS_STATUSES)
            if retry and not last:
                self._discard(resp)
                self.policy.sleep(self.policy.backoff(attempt, resp.headers.get("Retry-After")))
                continue
            return self._finish(resp, path)

    def _send(self, method: str, path: str, params: Any, json: Any, files: Any,
              headers: dict[str, str]) -> requests.Response:
        url = self.base_url.rstrip("/") + path
        started = time.perf_counter()
        try:
            resp = self.session.request(method, url, params=params, json=json, files=files,
                                        headers=headers, timeout=self.timeout, verify=self.verify)
        except requests.exceptions.RequestException as exc:
            self._log(f"{method} {path} -> {type(exc).__name__}")
            raise _network_error(exc, self.base_url) from None
        if self.debug:
            self._log_exchange(method, resp, started, upload=files is not None)
        return resp

    def _log(self, line: str) -> None:
        if self.debug:
            self.debug(line)

    def _log_exchange(self, method: str, resp: requests.Response, started: float,
                      upload: bool) -> None:
        req = resp.request
        ms = (time.perf_counter() - started) * 1000
        self._log(f"> {method} {req.url}  {redact.headers(dict(req.headers))}")
        if upload:
            self._log("> <multipart upload>")
        elif req.body:
            self._log(f"> {redact.body(req.body)}")
        self._log(f"< {resp.status_code} in {ms:.0f} ms  request-id "
                  f"{resp.headers.get('X-Request-Id', '-')}")
        if resp.content:
            self._log(f"< {redact.body(resp.content)}")

    @staticmethod
    def _discard(resp: requests.Response) -> None:
        resp.close()

    def _finish(self, resp: requests.Response, path: str) -> Response:
        request_id = resp.headers.get("X-Request-Id")
        try:
            data = resp.json() if resp.content else None
        except ValueError:
            data = None
        if resp.status_code >= 400:
            raise error_from_response(resp.status_code, data, request_id, path)
        return Response(resp.status_code, data, dict(resp.headers), request_id)


class _KeepHeaders(requests.auth.AuthBase):
    """An auth that leaves our Bearer header alone.

    With no auth given, requests fills one in from ~/.netrc for the stand's host, which
    would replace the Bearer token with someone's Basic credentials.
    """

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


def _network_error(exc: requests.exceptions.RequestException, base_url: str) -> NetworkError:
    """Tell apart 'never reached the stand' from 'may have been processed'."""
    from urllib3.exceptions import NewConnectionError

    reason = exc.args[0] if exc.args else None
    never_sent = isinstance(exc, requests.exceptions.ConnectTimeout) or (
        isinstance(exc, requests.exceptions.ConnectionError)
        and isinstance(getattr(reason, "reason", reason), NewConnectionError))
    if isinstance(exc, requests.exceptions.SSLError):
        return NetworkError(f"TLS verification failed for {base_url}.", ambiguous=False,
                            hint="Set ca_bundle in the profile if the stand uses a private CA.")
    if never_sent:
        return NetworkError(f"Cannot reach the stand at {base_url}.", ambiguous=False,
                            hint="Check the url in 'msgclient config show' and your network.")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return NetworkError(f"The stand at {base_url} did not answer in time.", ambiguous=True)
    return NetworkError(f"The connection to {base_url} broke before the answer arrived.",
                        ambiguous=True)
