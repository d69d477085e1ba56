"""Rerouting instaloader's fixed Instagram hosts to another base URL (``PRAISE_INSTAGRAM_BASE_URL``).

instaloader builds every URL on ``www.instagram.com`` and ``i.instagram.com`` itself; a transport adapter
is the one place an API gateway (or a loopback test double) can be put in between.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import requests
from requests.adapters import HTTPAdapter

HOSTS = ("www.instagram.com", "i.instagram.com")
# Tells the server behind the base URL which of Instagram's hosts the request was meant for.
HOST_HEADER = "X-Instagram-Host"


class RerouteAdapter(HTTPAdapter):
    """Sends requests for Instagram's hosts to ``base_url``, keeping the URL instaloader sees."""

    def __init__(self, base_url: str) -> None:
        super().__init__()
        self._base_url = base_url.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        original_url = request.url or ""
        parts = urllib.parse.urlsplit(original_url)
        if parts.hostname not in HOSTS:
            return super().send(request, *args, **kwargs)
        routed = request.copy()
        routed.url = f"{self._base_url}{parts.path}" + (f"?{parts.query}" if parts.query else "")
        routed.headers[HOST_HEADER] = parts.hostname
        response = super().send(routed, *args, **kwargs)
        # instaloader reads resp.url in messages and compares redirects against the host it asked.
        response.request = request
        response.url = original_url
        return response


def rerouting_session(base_url: str) -> requests.Session:
    """A session whose adapter sends Instagram's hosts to ``base_url``."""
    session = requests.Session()
    adapter = RerouteAdapter(base_url)
    for host in HOSTS:
        session.mount(f"https://{host}/", adapter)
    return session
