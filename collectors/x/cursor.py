"""The cursor of one X source, and the window of ids a walk still has to read.

X lists posts newest first. A walk starts at the newest post and pages back to ``since_id``. If a run stops
part-way, the posts between ``since_id`` and ``until_id`` (the oldest post already stored) are still unread;
the next run reads exactly that gap, then moves ``since_id`` to ``newest_id`` (the newest post of the
interrupted walk) and starts a fresh walk for what arrived meanwhile. Pagination tokens are never stored:
an id window stays valid across runs, a token need not.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from collectors.x.ids import is_post_id
from kernel.errors import CollectorError
from kernel.records import JSON


@dataclass(frozen=True, slots=True)
class XCursor:
    """What an X source has read so far; every field is an X id as a string, or ``None``.

    Attributes:
        user_id: The id of the account whose mentions are read (kind ``mentions`` only), resolved once
            so that later runs skip the user lookup and follow the account through a change of handle.
        since_id: Every post up to and including this id is stored.
        until_id: A walk was interrupted: posts older than this id (and newer than ``since_id``) are unread.
        newest_id: The newest post of the interrupted walk; ``since_id`` becomes this once the gap is read.
    """

    user_id: str | None = None
    since_id: str | None = None
    until_id: str | None = None
    newest_id: str | None = None

    @property
    def in_walk(self) -> bool:
        """Whether an interrupted walk left a gap to read."""
        return self.until_id is not None

    def to_json(self) -> JSON:
        """Return the cursor as storage keeps it, leaving out empty fields."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    @classmethod
    def from_json(cls, data: JSON) -> XCursor:
        """Read a cursor as stored by an earlier run (``{}`` the first time).

        Args:
            data: The stored JSON object.

        Returns:
            The cursor.

        Raises:
            CollectorError: The stored cursor is not one this collector wrote. Starting over instead would
                read (and pay for) posts that are already stored, so a person should look.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise CollectorError(f"X cursor has unknown fields {unknown}: {data!r}")
        values: dict[str, str | None] = {}
        for name in known:
            value: Any = data.get(name)
            # Early cursors or hand edits may hold ids as numbers; the API wants strings.
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if value is not None and not is_post_id(value):
                raise CollectorError(f"X cursor field {name!r} is not an id: {value!r}")
            values[name] = value
        cursor = cls(**values)
        if cursor.until_id is not None and cursor.newest_id is None:
            raise CollectorError(f"X cursor has until_id without newest_id: {data!r}")
        return cursor
