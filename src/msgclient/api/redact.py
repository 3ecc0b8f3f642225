"""The secret policy's one home: what msgclient never shows, logs or writes.

- Credentials: every token and password this process holds is `held` here when it is read
  (the token store, the login, the request that carries it) and `scrub` replaces it with
  *** wherever text leaves msgclient: what the stand says (its answers and errors, before
  anything reads them), error lines, the --debug log and traceback, stdout and stderr.
- URLs: a login or password inside a URL is refused where the URL is given (a stand's url,
  an attachment); `masked_url` shows such a URL with *** in its place, in that refusal too.
- Personal data of clients (names, phones, texts) stays out of the --debug log (`value`).
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from typing import Any

SECRET_HEADERS = {"authorization", "cookie", "set-cookie", "proxy-authorization"}
PERSONAL_KEYS = {
    "password", "token", "phone", "phones", "email", "emails", "emailaddress", "bcc",
    "deviceaddress", "fullname", "clientname", "name", "surname", "middlename", "text",
    "variables", "externalids", "clientid", "unauthorizedclientid", "externalclientid",
    "clientexternalid", "additional", "to", "from", "authorname", "subject", "title",
    "signature", "segment",
}
MASK = "***"


def headers(values: dict[str, str]) -> dict[str, str]:
    return {k: (MASK if k.lower() in SECRET_HEADERS else v) for k, v in values.items()}


def value(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: (MASK if str(k).lower() in PERSONAL_KEYS and v not in (None, [], "")
                    else value(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [value(item) for item in data]
    return data


def body(raw: bytes | str | None, limit: int = 2000) -> str:
    """A JSON body with personal fields masked; anything else only by its size."""
    if not raw:
        return ""
    try:
        text = json.dumps(value(json.loads(raw)), ensure_ascii=False)
    except (ValueError, TypeError, UnicodeDecodeError):
        return f"<{len(raw)} bytes>"
    return text if len(text) <= limit else text[:limit] + "…"


# A credential shorter than this is not scrubbed: masking every "abc" in every line would
# hide more than it protects (a token is far longer; a password this short is refused by
# any stand worth the name).
MIN_SECRET = 4
_held: set[str] = set()
_lock = threading.Lock()
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/?#@\s]*)@")


def hold(secret: str | None) -> None:
    """Remember a credential this process holds, so that no text shows it."""
    if secret and len(secret) >= MIN_SECRET and secret not in _held:
        with _lock:
            _held.add(secret)


def forget() -> None:
    """A new command in this process (main(), tests) starts holding nothing."""
    with _lock:
        _held.clear()


def held() -> tuple[str, ...]:
    """The held credentials, longest first (a token that contains a password is masked whole)."""
    with _lock:
        return tuple(sorted(_held, key=len, reverse=True))


def scrub(text: str, secrets: tuple[str, ...] | None = None) -> str:
    """`text` with every held credential, and any URL's login and password, masked."""
    for secret in held() if secrets is None else secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return masked_url(text) if "@" in text else text


def scrub_data(data: Any) -> Any:
    """Decoded JSON (a stand's answer) with every string scrubbed, keys included; in place
    where it can be, iteratively (an answer is nested at most answers.MAX_DEPTH levels)."""
    secrets = held()
    if not secrets:
        return data
    if isinstance(data, str):
        return scrub(data, secrets)
    todo: deque[Any] = deque([data])
    while todo:
        item = todo.popleft()
        if isinstance(item, list):
            for n, value in enumerate(item):
                if isinstance(value, str):
                    item[n] = scrub(value, secrets)
                elif isinstance(value, dict | list):
                    todo.append(value)
        elif isinstance(item, dict):
            for key in list(item):
                value = item.pop(key)
                item[scrub(key, secrets) if isinstance(key, str) else key] = \
                    scrub(value, secrets) if isinstance(value, str) else value
                if isinstance(value, dict | list):
                    todo.append(value)
    return data


def masked_url(text: str) -> str:
    """Any URL in `text` with its login and password shown as ***."""
    return _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", text)


def url_credentials(url: str) -> bool:
    """Whether `url` carries a login or password (user:password@host)."""
    return bool(_USERINFO.match(url.strip()))
