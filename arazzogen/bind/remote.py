"""Fetch a remote source description, carefully (only with ``--allow-remote``).

``https://`` only; plain ``http://`` only to the local machine (``localhost``,
127.0.0.0/8, ``::1``). A timeout on every network operation and on the whole fetch,
at most :data:`MAX_REDIRECTS` redirects (each one checked by the same rules, so https
never turns into http to another host), at most :data:`MAX_BYTES` of body. Nothing is
cached on disk: the lock file records what was fetched.
"""

from __future__ import annotations

import ipaddress
import time
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
MAX_BYTES = 16 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0


class FetchError(Exception):
    """The source could not be fetched; the message says why."""


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str | None:
    """Why ``url`` may not be fetched, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and is_loopback(parts.hostname):
        return None
    if parts.scheme == "http":
        return f"{url} is plain http to another machine; only https is fetched"
    return f"{url} is not an https URL"


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """The body of ``url`` (status 200), following at most :data:`MAX_REDIRECTS`."""
    import httpx

    deadline = time.monotonic() + timeout
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: took longer than {timeout:g} s")
        refused = check_url(current)
        if refused:
            raise FetchError(refused)
        local = is_loopback(urlsplit(current).hostname)
        try:
            with httpx.Client(
                timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=not local
            ) as client, client.stream(
                "GET", current, headers={"Accept": "application/json, application/yaml, */*"}
            ) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{current}: redirect without a Location header")
                    current = urljoin(current, location)
                    continue
                if response.status_code != 200:
                    raise FetchError(f"{current}: HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"{current}: {int(declared):,} bytes; the limit is "
                                     f"{max_bytes:,}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise FetchError(f"{current}: more than {max_bytes:,} bytes; the limit "
                                         f"is {max_bytes:,}")
                    if time.monotonic() > deadline:
                        raise FetchError(f"{current}: took longer than {timeout:g} s")
                return bytes(body)
        except httpx.TimeoutException:
            raise FetchError(f"{current}: no answer within {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from None
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
