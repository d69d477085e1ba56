"""Signed-in sessions of the review workspace, kept on the server so that they can be ended.

The browser holds a random session id in a signed cookie; the table holds its SHA-256, the user, the
CSRF token and a fingerprint of the user's role and password hash at sign-in. Signing out deletes the
row; a changed role or password (in praise.toml) no longer matches the fingerprint, so every older
session of that user ends at its next request.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select

from storage.db import writing
from storage.schema import ReviewSessionRow


@dataclass(frozen=True, slots=True)
class StoredSession:
    user_name: str
    fingerprint: str
    csrf: str
    expires_at: datetime


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(
    engine: Engine,
    session_id: str,
    *,
    user_name: str,
    fingerprint: str,
    csrf: str,
    lifetime: timedelta,
    now: datetime | None = None,
) -> None:
    """Store a new signed-in session; expired sessions of anyone are swept in the same transaction."""
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        conn.execute(delete(ReviewSessionRow).where(ReviewSessionRow.expires_at <= moment))
        conn.execute(
            insert(ReviewSessionRow).values(
                id_sha256=_key(session_id),
                user_name=user_name,
                fingerprint=fingerprint,
                csrf=csrf,
                created_at=moment,
                expires_at=moment + lifetime,
            )
        )


def load_session(engine: Engine, session_id: str, *, now: datetime | None = None) -> StoredSession | None:
    """The live session of that id, or None when it was ended or has expired."""
    moment = now or datetime.now(UTC)
    with engine.connect() as conn:
        row = conn.execute(
            select(ReviewSessionRow.__table__).where(ReviewSessionRow.id_sha256 == _key(session_id))
        ).one_or_none()
    if row is None or row.expires_at <= moment:
        return None
    return StoredSession(row.user_name, row.fingerprint, row.csrf, row.expires_at)


def end_session(engine: Engine, session_id: str) -> None:
    """Sign one browser out (logout)."""
    with writing(engine) as conn:
        conn.execute(delete(ReviewSessionRow).where(ReviewSessionRow.id_sha256 == _key(session_id)))


def end_sessions_of(engine: Engine, user_name: str) -> int:
    """Sign a user out everywhere; returns how many sessions ended."""
    with writing(engine) as conn:
        result = conn.execute(delete(ReviewSessionRow).where(ReviewSessionRow.user_name == user_name))
        return int(result.rowcount or 0)
