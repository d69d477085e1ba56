"""Sessions: a signed cookie for the CSRF token and language, a server-side row for who is signed in.

The cookie is signed (itsdangerous, HMAC-SHA1 over a key derived from the secret), HTTP-only and
SameSite=Strict; it expires `session_hours` after it was issued. It never names the user: it carries a
random session id whose row (`storage.review_sessions`) says who signed in. Signing out deletes the
row, so a copy of the old cookie is worthless; a changed role or password ends older sessions because
the row's fingerprint no longer matches the configuration. Roles are looked up in the configuration
on every request, so removing a user takes effect at once.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field, replace

from itsdangerous import BadSignature, URLSafeTimedSerializer

from review.config import SECRET_ENV, ReviewConfig, ReviewUser

log = logging.getLogger("praise.review")
COOKIE = "praise_review"
_SALT = "praise-review-session"


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class Session:
    csrf: str = field(default_factory=new_token)
    user: str | None = None
    lang: str | None = None
    # The server-side session's id (only in the cookie; the database keeps its hash).
    sid: str | None = None

    def signed_in(self, user: str, sid: str) -> Session:
        """A fresh session for a user: a new CSRF token, so a token seen before login is worthless."""
        return Session(csrf=new_token(), user=user, lang=self.lang, sid=sid)

    def with_lang(self, lang: str) -> Session:
        return replace(self, lang=lang)


class SessionCodec:
    """Turns sessions into cookie values and back, refusing forged or expired ones."""

    def __init__(self, secret: str, max_age_seconds: float) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=_SALT)
        self.max_age = int(max_age_seconds)

    def dump(self, session: Session) -> str:
        return self._serializer.dumps({"c": session.csrf, "s": session.sid, "l": session.lang})

    def load(self, value: str | None) -> Session | None:
        if not value:
            return None
        try:
            data = self._serializer.loads(value, max_age=self.max_age)
        except BadSignature:  # also raised for an expired signature
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        sid, lang = data.get("s"), data.get("l")
        return Session(
            csrf=data["c"],
            lang=lang if lang in ("de", "en") else None,
            sid=sid if isinstance(sid, str) and sid else None,
        )


def fingerprint(name: str, user: ReviewUser) -> str:
    """What must stay the same for a session to live on: the user's name, role and password hash."""
    material = "\0".join((name, user.role.value, user.password_hash or ""))
    return hashlib.sha256(material.encode()).hexdigest()


def session_secret(config: ReviewConfig) -> str:
    """The configured secret, or a random one for this process (sessions then end with the process)."""
    if config.secret is not None and config.secret.get_secret_value():
        return config.secret.get_secret_value()
    log.warning(
        "%s is not set: using a random session secret; everyone is signed out when the server stops",
        SECRET_ENV,
    )
    return secrets.token_urlsafe(48)
