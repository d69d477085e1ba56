"""CSRF protection: a synchronizer token kept in the signed session, required on every POST.

Every form carries the session's token in a hidden field; the server compares it in constant time.
A request without a session, without the field or with another session's token is refused with 403.
SameSite=Strict cookies already keep other sites' requests unauthenticated; the token also covers
browsers and proxies that do not honour SameSite.
"""

from __future__ import annotations

import hmac

from fastapi import Request

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
    session = getattr(request.state, "session", None)
    expected = session.csrf if session is not None and not request.state.new_session else None
    form = await request.form()
    if not token_matches(expected, form.get(FIELD)):
        raise CsrfRejected()
