"""One requests Session per command, timeouts, retries and the error tree."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from msgclient import __version__
from msgclient.api import redact
from msgclient.api.answers import check_shape, clipped_error_body, not_json, redirected
from msgclient.api.errors import (
    ApiError,
    NetworkError,
    UnexpectedAnswer,
    Unsupported,
    error_from_response,
    status_meaning,
)
from msgclient.api.paging import pages
from msgclient.api.retry import RetryPolicy, parse_retry_after

if TYPE_CHECKING:
    import requests

USER_AGENT = f"msgclient/{__version__} (+python-requests)"
DEFAULT_PAGE_SIZE = 100
MAX_ANSWER_BYTES = 32 * 1024 * 1024  # far above any page or send answer the API defines
MIN_UPLOAD_RATE = 50_000  # bytes/s: an upload's deadline grows with its size at this pace
ANNOUNCE_WAIT = 2.0  # seconds: a longer pause is said on stderr, so silence is never a hang


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
    timeout: float = 30.0  # per socket operation (connect, each read)
    deadline: float = 120.0  # for the whole of one attempt: connect, send, headers and body
    verify: bool | str = True  # a CA bundle path may replace True; never False
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    debug: Callable[[str], None] | None = None
    notice: Callable[[str], None] | None = None  # long waits, said to people (stderr)
    pool_size: int = 10
    _session: requests.Session | None = field(default=None, init=False, repr=False)

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            self._session = self._transport.new_session(USER_AGENT, self.tenant, self.pool_size)
        return self._session

    @property
    def _transport(self) -> Any:
        # requests enters here, with the first request (pip's _build_session): commands that
        # make none, and every --help, never import it.
        from msgclient.api import transport

        return transport

    def close(self) -> None:
        if self._session is not None:
            self._session.close()

    def get(self, path: str, params: dict | None = None, *, expect: str | None = None) -> Any:
        """`expect` ("object" or "list") is the shape the contract gives this answer."""
        return self.request("GET", path, params=params, expect=expect).data

    def post(self, path: str, body: Any, *, idempotency_key: str | None = None,
             replay_safe: bool = False) -> Any:
        return self.request("POST", path, json=body, idempotency_key=idempotency_key,
                            replay_safe=replay_safe).data

    def get_extension(self, path: str, capability: str, params: dict | None = None) -> Any:
        """GET an endpoint edna does not document; 404/405 means the stand lacks it."""
        try:
            return self.get(path, params)
        except ApiError as exc:
            if exc.lacks_endpoint:
                raise Unsupported(f"This stand does not offer {capability}.",
                                  status=exc.status, code="UNSUPPORTED",
                                  request_id=exc.request_id) from None
            raise

    def paginate(self, path: str, params: dict | None = None, *, limit: int | None = None,
                 page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[dict]:
        """Every item of an edna listing, page by page (paging.py)."""
        return pages(self, path, params, limit=limit, page_size=page_size)

    def request(self, method: str, path: str, *, params: dict | None = None, json: Any = None,
                files: Any = None, idempotency_key: str | None = None,
                replay_safe: bool = False, expect: str | None = None) -> Response:
        """Send with retries: safe failures always, ambiguous ones only when replay is safe.

        A request with an Idempotency-Key is a send: its answer must be the message the
        contract describes, or the outcome is unknown (answers.py).
        """
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
                gone_out = exc.may_have_gone_out
                if last or (gone_out and not repeatable) or (
                        not gone_out and attempt >= self.policy.connect_attempts):
                    raise
                self._pause(self.policy.backoff(attempt), exc.message.rstrip("."), attempt)
                continue
            meaning = status_meaning(resp.status_code)
            retry = resp.status_code >= 400 and meaning.retried and (
                repeatable or not meaning.gone_out)
            if retry and not last:
                wait = self.policy.wait(attempt, resp.headers.get("Retry-After"))
                if wait is not None:  # None: the stand asks for longer than we wait
                    self._pause(wait, f"The stand is busy (HTTP {resp.status_code})", attempt)
                    continue
            return self._finish(resp, method, path,
                                expect or ("send" if idempotency_key else None))

    def _pause(self, seconds: float, why: str, attempt: int) -> None:
        if seconds >= ANNOUNCE_WAIT and self.notice:
            self.notice(f"{why}; trying again in {seconds:.0f} s (attempt {attempt + 1} of "
                        f"{self.policy.attempts}).")
        self.policy.sleep(seconds)

    def _send(self, method: str, path: str, params: Any, json: Any, files: Any,
              headers: dict[str, str]) -> requests.Response:
        url = self.base_url.rstrip("/") + path
        started = time.perf_counter()
        transport = self._transport
        # Redirects are not followed: the API defines none, requests would turn a redirected
        # POST into a GET, and a redirect loop would look like a broken connection.
        seconds = self.deadline + transport.upload_size(files) / MIN_UPLOAD_RATE
        with transport.Deadline(seconds) as deadline:
            try:
                resp = transport.exchange(
                    self.session, method, url, base_url=self.base_url, deadline=deadline,
                    failed=lambda name: self._log(f"{method} {path} -> {name}"),
                    max_bytes=MAX_ANSWER_BYTES, params=params, json=json,
                    files=files, headers=headers, verify=self.verify, allow_redirects=False,
                    timeout=min(self.timeout, self.deadline))
            except transport.Late:
                raise self._late() from None
        if self.debug:
            self._log_exchange(method, resp, started, upload=files is not None)
        return resp

    def _late(self) -> NetworkError:
        return NetworkError(f"The stand at {self.base_url} did not finish its answer in time "
                            f"({self.deadline:.0f} s and more for uploads).", ambiguous=True)

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
            self._log(f"< {redact.body(resp.content[:2000])}")

    def _finish(self, resp: requests.Response, method: str, path: str,
                expect: str | None) -> Response:
        request_id = resp.headers.get("X-Request-Id")
        sent = expect == "send"  # after a send, an unreadable answer leaves the outcome unknown
        if resp.content is None:
            raise UnexpectedAnswer(f"The stand's answer to {method} {path} is larger than "
                                   f"{MAX_ANSWER_BYTES // 2**20} MB; stopped reading it.",
                                   ambiguous=sent)
        try:
            data = resp.json() if resp.content else None
        except ValueError:
            data = not_json
        if 300 <= resp.status_code < 400:
            raise redirected(resp.status_code, resp.headers.get("Location"), method, path, sent)
        if resp.status_code >= 400:
            error = error_from_response(resp.status_code, clipped_error_body(data), request_id,
                                        path)
            asked = parse_retry_after(resp.headers.get("Retry-After"))
            if asked is not None and asked > self.policy.retry_after_cap:
                error = error.hinted(f"The stand asks to wait {asked:,.0f} s; msgclient waits "
                                     f"at most {self.policy.retry_after_cap:.0f} s, so it "
                                     "stopped.")
            raise error
        check_shape(data, expect, method, path, resp.headers.get("Content-Type"))
        return Response(resp.status_code, data, dict(resp.headers), request_id)
