"""Who the client is and whether it came over HTTPS, believing forwarded headers only from our proxies.

`X-Forwarded-For` and `X-Forwarded-Proto` are plain request headers: anybody can send them. They are
read only when the direct peer is listed in `[review] trusted_proxies`; then the client is the
right-most address in `X-Forwarded-For` that is not itself a trusted proxy (the left-most entries are
whatever the client claimed).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from starlette.requests import HTTPConnection

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=32)
def networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def is_trusted(address: str, trusted: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def _peer(request: HTTPConnection) -> str:
    return request.client.host if request.client else "unknown"


def client_address(request: HTTPConnection, trusted_proxies: Iterable[str]) -> str:
    """The address a login attempt is counted against."""
    trusted = networks(tuple(trusted_proxies))
    peer = _peer(request)
    if not is_trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, trusted):
            return hop
    return peer


def is_https(request: HTTPConnection, trusted_proxies: Iterable[str]) -> bool:
    """Whether the browser's connection used TLS: directly, or per a trusted proxy's X-Forwarded-Proto."""
    if request.url.scheme == "https":
        return True
    if not is_trusted(_peer(request), networks(tuple(trusted_proxies))):
        return False
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return proto == "https"
