"""Post ids of X are snowflakes: the creation time is part of the id, so it can be derived exactly."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeGuard

# Milliseconds since the Unix epoch at snowflake time zero (4 Nov 2010), as documented by Twitter.
_SNOWFLAKE_EPOCH_MS = 1288834974657
_TIMESTAMP_SHIFT = 22


def is_post_id(value: object) -> TypeGuard[str]:
    """Tell whether ``value`` is an X post id as the API sends it: a string of decimal digits."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def time_of_id(post_id: str) -> datetime:
    """Return the UTC creation time encoded in a snowflake post id (millisecond precision).

    Args:
        post_id: An X post id, a string of decimal digits.

    Returns:
        The timezone-aware UTC time the id was issued.
    """
    millis = (int(post_id) >> _TIMESTAMP_SHIFT) + _SNOWFLAKE_EPOCH_MS
    return datetime.fromtimestamp(millis / 1000, tz=UTC)


def first_id_at(moment: datetime) -> str:
    """Return the smallest post id that can be issued at ``moment``: every later post has a larger id.

    Args:
        moment: A timezone-aware time after 4 Nov 2010.

    Returns:
        The id as a string, the form the API uses.
    """
    millis = int(moment.timestamp() * 1000) - _SNOWFLAKE_EPOCH_MS
    return str(millis << _TIMESTAMP_SHIFT)
