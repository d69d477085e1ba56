"""What the watch flow asks the store: when collection last ran, and how many negative posts a span has."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, func, select

from storage.schema import ClassificationRow, CollectionRunRow, MentionRow


def last_collection_start(engine: Engine) -> datetime | None:
    """When the newest collection run of any source began (None before the first)."""
    # ORDER BY, not MAX(): the column's own type turns SQLite's text back into an aware datetime.
    stmt = select(CollectionRunRow.started_at).order_by(CollectionRunRow.started_at.desc()).limit(1)
    with engine.connect() as conn:
        started: datetime | None = conn.execute(stmt).scalar()
    return started


def negative_count(engine: Engine, start: datetime, end: datetime) -> int:
    """Posts created in [start, end) that the classifier labelled negative (reposts excluded)."""
    stmt = (
        select(func.count())
        .select_from(MentionRow)
        .join(ClassificationRow, ClassificationRow.mention_id == MentionRow.id)
        .where(
            MentionRow.created_at >= start,
            MentionRow.created_at < end,
            MentionRow.kind != "repost",
            ClassificationRow.sentiment == "negative",
        )
    )
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())
