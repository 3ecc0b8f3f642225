"""Which proxy the environment routes a stand's requests through, checked before the first one.

Office machines set HTTPS_PROXY (and often forget NO_PROXY): requests honours it, as it
should for a stand out there. A stand on this machine (the embedded sandbox, a `sandbox
serve`, a tunnel) is never sent through a proxy (api/transport.py turns the environment off
for it). A proxy msgclient cannot use (SOCKS: no SOCKS support is installed; a value that is
no URL) is refused in one line naming the variable, before anything is sent, and a proxy's
password is held as a secret (api/redact.py).
"""

from __future__ import annotations

import os
import urllib.request
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from msgclient.api import redact
from msgclient.config.checks import is_loopback
from msgclient.errors import ConfigError
from msgclient.rules.text import shown


@dataclass(frozen=True)
class Proxy:
    variable: str  # the environment variable that names it, as set (HTTPS_PROXY, all_proxy)
    url: str

    def __str__(self) -> str:
        return f"the proxy {shown(redact.masked_url(self.url))[1:-1]} (from {self.variable})"


def proxy_for(url: str) -> Proxy | None:
    """The proxy the environment sends `url` through (as requests picks it), or None."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    if is_loopback(host):
        return None
    found = urllib.request.getproxies_environment()
    if urllib.request.proxy_bypass_environment(host, found):
        return None
    for key in (parsed.scheme, "all"):
        if found.get(key):
            return Proxy(_variable(key, found[key]), found[key])
    return None


def check(url: str) -> Proxy | None:
    """proxy_for(url), refused (ConfigError) if msgclient cannot use it; its password held."""
    proxy = proxy_for(url)
    if proxy is None:
        return None
    given = proxy.url if "://" in proxy.url else f"http://{proxy.url}"
    try:
        parsed = urlparse(given)
        scheme, host, password = parsed.scheme, parsed.hostname, parsed.password
    except ValueError:  # '[::1' and the like
        scheme = host = password = None
    redact.hold(password and unquote(password))
    redact.hold(password)
    if scheme and scheme.startswith("socks"):
        raise ConfigError(f"{_capital(proxy)} is a SOCKS proxy, which msgclient cannot use.",
                          hint=f"Use an http:// proxy, or add {urlparse(url).hostname} to "
                               "NO_PROXY.")
    if scheme not in ("http", "https") or not host:
        raise ConfigError(f"{_capital(proxy)} is not a proxy URL.",
                          hint=f"Set {proxy.variable} to http://HOST:PORT, or unset it.")
    return proxy


def _capital(proxy: Proxy) -> str:
    text = str(proxy)
    return text[0].upper() + text[1:]


def _variable(key: str, value: str) -> str:
    """The variable that set `key`'s proxy: urllib prefers the lowercase one, as requests."""
    for name in (f"{key}_proxy", f"{key.upper()}_PROXY"):
        if os.environ.get(name) == value:
            return name
    return f"{key.upper()}_PROXY"
