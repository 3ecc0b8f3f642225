"""The socket side of the client, and the one module where requests and urllib3 enter
(api/client.py imports it when the first request is made): the Session, what requests does
not bound (the whole time of one request, the size of an answer), and how a failure of the
connection is told apart.

requests' `timeout` applies to each socket operation, not to the request: a stand that
trickles its answer one byte a second never trips it (see the requests docs, "Timeouts":
"it's not a time limit on the entire response download"). Here a timer shuts the
request's sockets down when its deadline passes; the blocked read then returns at once,
whether it was waiting for the headers or the body. The connection classes only tell the
current deadline which socket to watch.
"""

from __future__ import annotations

import socket
import threading
from typing import Any, Self
from urllib.parse import urlparse

import requests
import requests.auth
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from msgclient.api.errors import NetworkError
from msgclient.config import proxies
from msgclient.config.checks import is_loopback
from msgclient.errors import ConfigError

_current = threading.local()  # the deadline of the request this thread is making


class AnswerTooLarge(Exception):
    """The answer passed the size limit; reading stopped there."""


class Deadline:
    """`with Deadline(s):` around one request; `expired` tells why a read ended early."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Self:
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.deadline = None

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to stop


def _watch(conn: Any) -> None:
    deadline = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(getattr(conn, "sock", None))


class _Watched:
    """Mixed into urllib3's connections: every socket a request uses is watched."""

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        _watch(self)

    def request(self, *args: Any, **kwargs: Any) -> Any:
        _watch(self)  # a kept-alive connection does not connect again
        return super().request(*args, **kwargs)  # type: ignore[misc]


class _Conn(_Watched, HTTPConnection):
    pass


class _TLSConn(_Watched, HTTPSConnection):
    pass


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Conn


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _TLSConn


class DeadlineAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}


def read_body(resp: requests.Response, limit: int) -> bytes:
    """The whole (decoded) body of a streamed response, or AnswerTooLarge past `limit` bytes."""
    chunks, size = [], 0
    for chunk in resp.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            resp.close()
            raise AnswerTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def upload_size(files: Any) -> int:
    """Bytes of the in-memory parts of a requests `files` mapping (name, data, type)."""
    parts = (files or {}).values()
    return sum(len(p[1]) for p in parts if isinstance(p, tuple) and isinstance(p[1], bytes))


class KeepHeaders(requests.auth.AuthBase):
    """An auth that leaves our Bearer header alone.

    With no auth given, requests fills one in from ~/.netrc for the stand's host, which
    would replace the Bearer token with someone's Basic credentials.
    """

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


def network_error(exc: requests.exceptions.RequestException, base_url: str) -> NetworkError:
    """Tell apart 'never reached the stand' from 'may have been processed'."""
    reason = exc.args[0] if exc.args else None
    never_sent = isinstance(exc, requests.exceptions.ConnectTimeout) or (
        isinstance(exc, requests.exceptions.ConnectionError)
        and isinstance(getattr(reason, "reason", reason), NewConnectionError))
    if isinstance(exc, requests.exceptions.ProxyError):
        proxy = proxies.proxy_for(base_url)
        return NetworkError(f"Cannot reach the stand at {base_url} through "
                            f"{proxy or 'its proxy'}.", ambiguous=False,
                            hint="Check the proxy, or add the stand's host to NO_PROXY.")
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


def new_session(user_agent: str, tenant: str | None, pool_size: int,
                base_url: str) -> requests.Session:
    """A Session with the deadline adapter, our headers, and no ~/.netrc credentials. A stand
    on this machine is reached directly: the environment's proxies (HTTPS_PROXY without
    NO_PROXY, on office machines) are for stands out there (config/proxies.py)."""
    proxies.check(base_url)  # one the environment names that msgclient cannot use: refused
    session = requests.Session()
    session.trust_env = not is_loopback(urlparse(base_url).hostname or "")
    adapter = DeadlineAdapter(pool_connections=2, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": user_agent, "Accept": "application/json"})
    session.auth = KeepHeaders()  # so requests never swaps in ~/.netrc credentials
    if tenant:
        session.headers["X-Tenant-Name"] = tenant
    return session


def exchange(session: requests.Session, method: str, url: str, *, base_url: str,
             deadline: Deadline, max_bytes: int, failed: Any, **kwargs: Any
             ) -> requests.Response:
    """One attempt, its answer read whole (at most max_bytes; else `content` is None).

    A failure of the connection is told to `failed` (its class name) and becomes NetworkError,
    or Late when the deadline cut the answer short (the caller words that)."""
    try:
        resp = session.request(method, url, stream=True, **kwargs)
        body = read_body(resp, max_bytes)
    except AnswerTooLarge:
        body = None
    except requests.exceptions.RequestException as exc:
        failed(type(exc).__name__)
        if deadline.expired:
            raise Late from None
        raise network_error(exc, base_url) from None
    except OSError as exc:  # not wrapped by requests: before any connection was made
        failed(type(exc).__name__)
        if "certificate" in str(exc).lower():  # a CA bundle the environment names is gone
            raise ConfigError(f"Cannot use the CA certificates for {base_url}: {exc}.",
                              hint="Check REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and ca_bundle in "
                                   "'msgclient config show'.") from None
        raise NetworkError(f"Cannot reach the stand at {base_url}: {exc.strerror or exc}.",
                           ambiguous=False) from None
    if deadline.expired:  # the body may simply have ended where the socket was shut
        resp.close()
        raise Late
    # From here the answer is complete and in memory, as requests keeps it unstreamed.
    resp._content, resp._content_consumed = body, True
    return resp


class Late(Exception):
    """The request's deadline passed before its answer was whole."""
