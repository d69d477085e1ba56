"""One cursor per source: where its next collection starts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from storage.dialect import dialect_insert
from storage.schema import CursorRow


def get_cursor(engine: Engine, source: str) -> dict[str, Any]:
    """The stored cursor of `source`, or `{}` before its first collection."""
    with engine.connect() as conn:
        state = conn.execute(select(CursorRow.state).where(CursorRow.source == source)).scalar_one_or_none()
    return dict(state) if state else {}


def set_cursor(conn: Connection, source: str, state: dict[str, Any]) -> None:
    """Store the cursor inside the caller's transaction (the one that stored the posts it covers)."""
    now = datetime.now(UTC)
    stmt = dialect_insert(conn, CursorRow.__table__).values(source=source, state=state, updated_at=now)
    conn.execute(
        stmt.on_conflict_do_update(index_elements=["source"], set_={"state": state, "updated_at": now})
    )


def all_cursors(engine: Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        return {
            row.source: dict(row.state) for row in conn.execute(select(CursorRow.source, CursorRow.state))
        }
