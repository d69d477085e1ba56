"""Reading single values out of a platform's JSON, the same way in every normaliser.

A value of the wrong type is absent (``None``), never guessed; a value a mention cannot do without
raises `Unreadable`, whose message becomes the quarantine reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


class Unreadable(ValueError):
    """One item cannot become a Mention; the message is the quarantine reason."""


def aware_time(value: Any, name: str) -> datetime:
    """An ISO 8601 time with its zone, as UTC.

    Raises:
        Unreadable: missing, not text, not ISO 8601, or without a time zone.
    """
    if not isinstance(value, str):
        raise Unreadable(f"{name} missing or not text: {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Unreadable(f"{name} is not an ISO time: {value!r}") from None
    if moment.tzinfo is None:
        raise Unreadable(f"{name} has no time zone: {value!r}")
    return moment.astimezone(UTC)


def nonempty_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def count(value: Any) -> int | None:
    """An integer count; a boolean (JSON's true is no number of likes) is absent."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
