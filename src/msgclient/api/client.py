"""One requests Session per command, timeouts, retries and the error tree."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from msgclient import __version__
from msgclient.api import redact
from msgclient.api.answers import check_shape, clipped_error_body, parse, redirected
from msgclient.api.errors import (
    ApiError,
    NetworkError,
    UnexpectedAnswer,
    Unsupported,
    error_from_response,
    status_meaning,
)
from msgclient.api.paging import pages
from msgclient.api.retry import (
    ATTEMPT_TIMEOUTS,
    BUDGET_TIMEOUTS,
    Budget,
    RetryPolicy,
    parse_retry_after,
)

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
    deadline: float | None = None  # one attempt: connect, send, headers, body (4 x timeout)
    budget: float | None = None  # all attempts and pauses of one command (10 x timeout)
    verify: bool | str = True  # a CA bundle path may replace True; never False
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    debug: Callable[[str], None] | None = None
    notice: Callable[[str], None] | None = None  # long waits, said to people (stderr)
    pool_size: int = 10
    _session: requests.Session | None = field(default=None, init=False, repr=False)
    _operation: threading.local = field(default_factory=threading.local, init=False,
                                        repr=False)
    _command: Budget | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.deadline = self.deadline or ATTEMPT_TIMEOUTS * self.timeout
        self.budget = self.budget or BUDGET_TIMEOUTS * self.timeout
        self._command = Budget(self.budget)

    @contextmanager
    def operation(self) -> Iterator[None]:
        """A budget of its own for the requests this thread makes inside: one bulk row is one
        operation, so a run of a million rows is bounded per row, not by one command's."""
        outer = getattr(self._operation, "budget", None)
        self._operation.budget = Budget(self.budget or 0)
        try:
            yield
        finally:
            self._operation.budget = outer

    def _budget(self) -> Budget:
        found = getattr(self._operation, "budget", None)
        return found if found is not None else self._command

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            self._session = self._transport.new_session(USER_AGENT, self.tenant, self.pool_size,
                                                        self.base_url)
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
        redact.hold(token)  # whatever the stand says back is scrubbed of it
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # GETs are safe to repeat; a POST that sends only when the stand honours its key.
        repeatable = method == "GET" or replay_safe
        budget = self._budget()
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= self.policy.attempts
            if budget.left() <= 0:  # only before a first attempt: a pause never overdraws it
                raise NetworkError(f"msgclient waited {budget.seconds:g} s in all for the stand "
                                   f"at {self.base_url} and stopped before {method} {path}.",
                                   ambiguous=False, hint=self._budget_hint())
            try:
                resp = self._send(method, path, params, json, files, headers, budget)
            except NetworkError as exc:
                gone_out = exc.may_have_gone_out
                if last or (gone_out and not repeatable) or (
                        not gone_out and attempt >= self.policy.connect_attempts):
                    raise
                if not self._pause(self.policy.backoff(attempt), exc.message.rstrip("."),
                                   attempt, budget):
                    raise exc.hinted(self._budget_hint()) from None
                continue
            meaning = status_meaning(resp.status_code)
            retry = resp.status_code >= 400 and meaning.retried and (
                repeatable or not meaning.gone_out)
            spent = False
            if retry and not last:
                wait = self.policy.wait(attempt, resp.headers.get("Retry-After"))
                if wait is not None:  # None: the stand asks for longer than we wait
                    why = f"The stand is busy (HTTP {resp.status_code})"
                    if self._pause(wait, why, attempt, budget):
                        continue
                    spent = True
            try:
                return self._finish(resp, method, path,
                                    expect or ("send" if idempotency_key else None))
            except ApiError as exc:
                raise (exc.hinted(self._budget_hint()) if spent else exc) from None

    def _pause(self, seconds: float, why: str, attempt: int, budget: Budget) -> bool:
        """Wait before the next attempt; False (no wait) when the budget cannot pay for it."""
        if seconds >= budget.left():
            return False
        if seconds >= ANNOUNCE_WAIT and self.notice:
            self.notice(f"{why}; trying again in {seconds:.0f} s (attempt {attempt + 1} of "
                        f"{self.policy.attempts}).")
        budget.spend(seconds)
        self.policy.sleep(seconds)
        return True

    def _budget_hint(self) -> str:
        return (f"msgclient waits at most {self.budget:g} s for the stand in one command "
                "(budget: MSGCLIENT_BUDGET, 10 x the timeout unless set).")

    def _send(self, method: str, path: str, params: Any, json: Any, files: Any,
              headers: dict[str, str], budget: Budget) -> requests.Response:
        url = self.base_url.rstrip("/") + path
        started = time.perf_counter()
        transport = self._transport
        # Redirects are not followed: the API defines none, requests would turn a redirected
        # POST into a GET, and a redirect loop would look like a broken connection.
        attempt = (self.deadline or 0) + transport.upload_size(files) / MIN_UPLOAD_RATE
        seconds = min(attempt, budget.left())
        try:
            with transport.Deadline(seconds) as deadline:
                try:
                    resp = transport.exchange(
                        self.session, method, url, base_url=self.base_url, deadline=deadline,
                        failed=lambda name: self._log(f"{method} {path} -> {name}"),
                        max_bytes=MAX_ANSWER_BYTES, params=params, json=json,
                        files=files, headers=headers, verify=self.verify,
                        allow_redirects=False, timeout=min(self.timeout, seconds))
                except transport.Late:
                    raise self._late(seconds < attempt) from None
        finally:
            budget.spend(time.perf_counter() - started)
        if self.debug:
            self._log_exchange(method, resp, started, upload=files is not None)
        return resp

    def _late(self, by_budget: bool) -> NetworkError:
        if by_budget:
            return NetworkError(f"The stand at {self.base_url} did not finish its answer within "
                                f"the {self.budget:g} s msgclient waits for it in one command.",
                                ambiguous=True, hint=self._budget_hint())
        return NetworkError(f"The stand at {self.base_url} did not finish its answer in time "
                            f"({self.deadline:g} s and more for uploads).", ambiguous=True)

    def _log(self, line: str) -> None:
        if self.debug:
            self.debug(redact.scrub(line))

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
        # What the stand says is scrubbed of every credential before anything reads it.
        said = type(resp.headers)({k: redact.scrub(v) for k, v in resp.headers.items()})
        request_id = said.get("X-Request-Id")
        sent = expect == "send"  # after a send, an unreadable answer leaves the outcome unknown
        if resp.content is None:
            raise UnexpectedAnswer(f"The stand's answer to {method} {path} is larger than "
                                   f"{MAX_ANSWER_BYTES // 2**20} MB; stopped reading it.",
                                   ambiguous=sent)
        data = redact.scrub_data(parse(resp.content))
        if 300 <= resp.status_code < 400:
            raise redirected(resp.status_code, said.get("Location"), method, path, sent)
        if resp.status_code >= 400:
            error = error_from_response(resp.status_code, clipped_error_body(data), request_id,
                                        path)
            asked = parse_retry_after(said.get("Retry-After"))
            if asked is not None and asked > self.policy.retry_after_cap:
                error = error.hinted(f"The stand asks to wait {asked:,.0f} s; msgclient waits "
                                     f"at most {self.policy.retry_after_cap:.0f} s, so it "
                                     "stopped.")
            raise error
        check_shape(data, expect, method, path, said.get("Content-Type"), resp.status_code)
        return Response(resp.status_code, data, dict(said), request_id)
