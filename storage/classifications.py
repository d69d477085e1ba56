"""Classification results and editors' labels.

The classifier's labels live in `classifications`, one row per mention with the model version; a
label a person set lives in `editor_labels` and wins over the model wherever labels are read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from storage.db import writing
from storage.dialect import dialect_insert
from storage.schema import AuditRow, ClassificationRow, EditorLabelRow, MentionRow, MentionSourceRow

LABEL_FIELDS = {"sentiment": ("positive", "neutral", "negative"), "praise": ("praise", "not_praise")}
BATCH = 1000


@dataclass(frozen=True, slots=True)
class ToClassify:
    mention_id: int
    text: str
    author_handle: str | None
    platform_language: str | None
    platform: str | None = None
    # One source that found it (the classifier asks whether it addresses us) and whom it replies to.
    source: str | None = None
    reply_to_handle: str | None = None


def pending(engine: Engine, *, everything: bool = False, batch: int = BATCH) -> Iterator[list[ToClassify]]:
    """Batches of mentions to classify: those without labels, or every mention with `everything`.

    Pages by id, so a long re-classification holds no cursor open while it writes.
    """
    last_id = 0
    while True:
        source = (
            select(func.min(MentionSourceRow.source))
            .where(MentionSourceRow.mention_id == MentionRow.id)
            .scalar_subquery()
        )
        stmt = (
            select(
                MentionRow.id,
                MentionRow.text,
                MentionRow.author_handle,
                MentionRow.language,
                MentionRow.platform,
                source,
                MentionRow.reply_to_handle,
            )
            .where(MentionRow.id > last_id)
            .order_by(MentionRow.id)
            .limit(batch)
        )
        if not everything:
            stmt = stmt.outerjoin(ClassificationRow, ClassificationRow.mention_id == MentionRow.id).where(
                ClassificationRow.mention_id.is_(None)
            )
        with engine.connect() as conn:
            rows = [ToClassify(*row) for row in conn.execute(stmt)]
        if not rows:
            return
        yield rows
        last_id = rows[-1].mention_id


def count_pending(engine: Engine, *, everything: bool = False) -> int:
    stmt = select(func.count()).select_from(MentionRow)
    if not everything:
        stmt = stmt.outerjoin(ClassificationRow, ClassificationRow.mention_id == MentionRow.id).where(
            ClassificationRow.mention_id.is_(None)
        )
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def save_classifications(engine: Engine, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or replace the labels of each mention (rows carry every ClassificationRow column)."""
    if not rows:
        return
    with writing(engine) as conn:
        stmt = dialect_insert(conn, ClassificationRow.__table__)
        columns = [c.name for c in ClassificationRow.__table__.columns if c.name != "mention_id"]
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["mention_id"], set_={c: stmt.excluded[c] for c in columns}
            ),
            list(rows),
        )


def set_editor_label(engine: Engine, mention_id: int, field: str, value: str, *, by: str) -> None:
    """Store a person's label (it overrides the model and trains the next model) and audit it."""
    with writing(engine) as conn:
        write_editor_label(conn, mention_id, field, value, by=by, at=datetime.now(UTC))


def write_editor_label(
    conn: Connection,
    mention_id: int,
    field: str,
    value: str,
    *,
    by: str,
    at: datetime,
    week: str | None = None,
) -> None:
    """`set_editor_label` inside the caller's transaction (the review workspace checks the week in it too)."""
    allowed = LABEL_FIELDS.get(field)
    if allowed is None or value not in allowed:
        raise ValueError(f"{field}={value!r} is not a label (allowed: {LABEL_FIELDS})")
    stmt = dialect_insert(conn, EditorLabelRow.__table__).values(
        mention_id=mention_id, field=field, value=value, set_by=by, set_at=at
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["mention_id", "field"], set_={"value": value, "set_by": by, "set_at": at}
        )
    )
    conn.execute(
        insert(AuditRow).values(
            at=at,
            actor=by,
            action=f"label.{field}",
            mention_id=mention_id,
            week=week,
            details={"value": value},
        )
    )


def editor_corrections(engine: Engine, field: str) -> list[tuple[str, str]]:
    """(text, label) of every mention a person labelled: training data for `praise train`."""
    stmt = (
        select(MentionRow.text, EditorLabelRow.value)
        .join(EditorLabelRow, EditorLabelRow.mention_id == MentionRow.id)
        .where(EditorLabelRow.field == field)
        .order_by(EditorLabelRow.set_at)
    )
    with engine.connect() as conn:
        return [(text, value) for text, value in conn.execute(stmt)]


def label_counts(engine: Engine, start: datetime, end: datetime) -> dict[str, int]:
    """How many mentions of the period carry each sentiment, and how many are praise (model labels)."""
    stmt = (
        select(ClassificationRow.sentiment, ClassificationRow.praise, func.count())
        .join(MentionRow, MentionRow.id == ClassificationRow.mention_id)
        .where(MentionRow.created_at >= start, MentionRow.created_at < end)
        .group_by(ClassificationRow.sentiment, ClassificationRow.praise)
    )
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for sentiment, praise, n in conn.execute(stmt):
            counts[sentiment] = counts.get(sentiment, 0) + n
            if praise:
                counts["praise"] = counts.get("praise", 0) + n
    return counts
