"""CSRF protection: the Origin (or Referer) must be this site, and a synchronizer token is required.

Every form carries the session's token in a hidden field; the server compares it in constant time.
A request without a session, without the field or with another session's token is refused with 403.
SameSite=Strict cookies already keep other sites' requests unauthenticated; the token also covers
browsers and proxies that do not honour SameSite, and the Origin check refuses a foreign page's form
even when a token leaked. A request with neither header (command-line clients, tests) relies on the
token alone, as OWASP's guidance allows.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import Request

from review.proxies import is_https

FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRejected(Exception):
    """The state-changing request carried no valid token."""


def token_matches(expected: str | None, submitted: object) -> bool:
    if not expected or not isinstance(submitted, str) or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


async def csrf_guard(request: Request) -> None:
    """App-wide dependency: any request that is not GET/HEAD/OPTIONS must carry the session's token.

    Raises:
        CsrfRejected: no session, no token, or a token that is not this session's.
    """
    if request.method in SAFE_METHODS:
        return
    if not same_origin(request):
        raise CsrfRejected()
    session = getattr(request.state, "session", None)
    expected = session.csrf if session is not None and not request.state.new_session else None
    form = await request.form()
    if not token_matches(expected, form.get(FIELD)):
        raise CsrfRejected()
    request.state.csrf_ok = True


def same_origin(request: Request) -> bool:
    """Whether the Origin header (else the Referer's origin) names this site; True when neither came."""
    claimed = request.headers.get("origin")
    if claimed is None:
        referer = request.headers.get("referer")
        if not referer:
            return True
        parts = urlsplit(referer)
        claimed = f"{parts.scheme}://{parts.netloc}"
    trusted = request.app.state.workspace.config.trusted_proxies
    scheme = "https" if is_https(request, trusted) else "http"
    host = request.headers.get("host", "")
    return hmac.compare_digest(claimed.lower().encode(), f"{scheme}://{host}".lower().encode())
