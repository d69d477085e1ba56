"""The review queue's reads: one light row per post of a week, and the full details of one page.

The queue must stay fast at thousands of posts a week, so it does not build the reports' pandas
frame: the light rows carry only what filtering, counting, sorting and the digest's choice need
(plain tuples from one indexed range query), and the page's few dozen posts are read in full by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Text, cast, func, or_, select
from sqlalchemy.orm import aliased

from storage.queries import with_labels
from storage.schema import ClassificationRow, EditorLabelRow, MentionRow, ReviewRow

Record = dict[str, Any]


def _labelled(*extra: Any, queue_only: bool = False) -> Any:
    sentiment_label = aliased(EditorLabelRow)
    praise_label = aliased(EditorLabelRow)
    stmt = with_labels(
        select(
            MentionRow.id,
            MentionRow.platform,
            MentionRow.kind,
            MentionRow.author_handle,
            MentionRow.created_at,
            MentionRow.text,
            MentionRow.likes,
            MentionRow.reposts,
            MentionRow.replies,
            MentionRow.quotes,
            ClassificationRow.sentiment.label("model_sentiment"),
            ClassificationRow.praise.label("model_praise"),
            ClassificationRow.praise_score,
            ClassificationRow.irony,
            ClassificationRow.needs_review,
            ClassificationRow.topics,
            ClassificationRow.model_version,
            sentiment_label.value.label("editor_sentiment"),
            praise_label.value.label("editor_praise"),
            ReviewRow.decision,
            ReviewRow.highlight,
            ReviewRow.consent,
            *extra,
        ),
        sentiment_label,
        praise_label,
    )
    if queue_only:
        # A superset of the review queue (`review.queue.in_queue` decides exactly): no reposts, and
        # praise, flagged, touched by a person, or about the mascot. Most of a busy week is neither.
        stmt = stmt.where(
            MentionRow.kind != "repost",
            or_(
                ClassificationRow.praise.is_(True),
                ClassificationRow.irony.is_(True),
                ClassificationRow.needs_review.is_(True),
                praise_label.value.is_not(None),
                sentiment_label.value.is_not(None),
                ReviewRow.decision.is_not(None),
                cast(ClassificationRow.topics, Text).like('%"mascot"%'),
            ),
        )
    return stmt


def _effective(row: Record) -> Record:
    """The same effective labels as `storage.queries.mention_records`: an editor's label wins."""
    editor_praise, editor_sentiment = row.pop("editor_praise"), row.pop("editor_sentiment")
    model_praise, model_sentiment = row.pop("model_praise"), row.pop("model_sentiment")
    row["classified"] = row.pop("model_version") is not None
    row["praise_by_editor"] = editor_praise is not None
    row["praise"] = editor_praise == "praise" if editor_praise is not None else bool(model_praise)
    row["sentiment_by_editor"] = editor_sentiment is not None
    row["sentiment"] = editor_sentiment if editor_sentiment is not None else model_sentiment
    row["irony"] = bool(row["irony"])
    row["needs_review"] = bool(row["needs_review"])
    row["highlight"] = bool(row["highlight"])
    row["topics"] = list(row["topics"]) if isinstance(row["topics"], list) else []
    return row


def week_rows(engine: Engine, start: datetime, end: datetime) -> list[Record]:
    """Every post created in [start, end) as a light record, oldest first."""
    stmt = (
        _labelled()
        .where(MentionRow.created_at >= start, MentionRow.created_at < end)
        .order_by(MentionRow.created_at, MentionRow.id)
    )
    with engine.connect() as conn:
        return [_effective(dict(r)) for r in conn.execute(stmt).mappings()]


def queue_rows(engine: Engine, start: datetime, end: datetime) -> list[Record]:
    """Like `week_rows`, but only posts that can be in the review queue (far fewer in a busy week)."""
    stmt = (
        _labelled(queue_only=True)
        .where(MentionRow.created_at >= start, MentionRow.created_at < end)
        .order_by(MentionRow.created_at, MentionRow.id)
    )
    with engine.connect() as conn:
        return [_effective(dict(r)) for r in conn.execute(stmt).mappings()]


def full_rows(engine: Engine, mention_ids: Iterable[int]) -> dict[int, Record]:
    """The page's posts with everything a card shows (link, reasons, note, scores), by id."""
    ids = list(mention_ids)
    if not ids:
        return {}
    stmt = _labelled(
        MentionRow.url,
        MentionRow.author_name,
        ClassificationRow.sentiment_score,
        ClassificationRow.review_reasons,
        ClassificationRow.reasons,
        ReviewRow.note,
        ReviewRow.reposted_at,
    ).where(MentionRow.id.in_(ids))
    with engine.connect() as conn:
        rows = [_effective(dict(r)) for r in conn.execute(stmt).mappings()]
    for row in rows:
        for listed in ("review_reasons", "reasons"):
            row[listed] = list(row[listed]) if isinstance(row[listed], list) else []
    return {int(r["id"]): r for r in rows}


def week_counts(engine: Engine, weeks: list[tuple[str, datetime, datetime]]) -> dict[str, int]:
    """How many posts each week holds (for the week list), one small query per week."""
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for label, start, end in weeks:
            counts[label] = int(
                conn.execute(
                    select(func.count())
                    .select_from(MentionRow)
                    .where(MentionRow.created_at >= start, MentionRow.created_at < end)
                ).scalar_one()
            )
    return counts
