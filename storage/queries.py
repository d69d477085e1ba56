"""The small read API that reports and the review workspace use.

Every query is bounded by a period on the indexed `created_at`, so its cost follows the period,
not the size of the whole history.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, select
from sqlalchemy.orm import aliased

from storage.schema import ClassificationRow, EditorLabelRow, MentionRow, MentionSourceRow, ReviewRow

MENTION_COLUMNS = (
    MentionRow.id,
    MentionRow.platform,
    MentionRow.external_id,
    MentionRow.kind,
    MentionRow.url,
    MentionRow.author_handle,
    MentionRow.author_name,
    MentionRow.text,
    MentionRow.language.label("platform_language"),
    MentionRow.created_at,
    MentionRow.likes,
    MentionRow.reposts,
    MentionRow.replies,
    MentionRow.quotes,
    MentionRow.media_urls,
    MentionRow.parent_external_id,
    MentionRow.referenced_external_id,
)
CLASSIFICATION_COLUMNS = (
    ClassificationRow.language,
    ClassificationRow.sentiment.label("model_sentiment"),
    ClassificationRow.sentiment_score,
    ClassificationRow.praise.label("model_praise"),
    ClassificationRow.praise_score,
    ClassificationRow.irony,
    ClassificationRow.needs_review,
    ClassificationRow.review_reasons,
    ClassificationRow.topics,
    ClassificationRow.reasons,
    ClassificationRow.model_version,
)
REVIEW_COLUMNS = (
    ReviewRow.decision,
    ReviewRow.highlight,
    ReviewRow.reposted_at,
    ReviewRow.consent,
    ReviewRow.note,
)


def mention_frame(engine: Engine, start: datetime, end: datetime) -> pd.DataFrame:
    """Mentions created in [start, end) with their classification, editors' labels and review.

    `sentiment` and `praise` are the effective labels: an editor's label wins over the model's
    (`*_by_editor` says where). `classified` is False for mentions the classifier has not seen yet.
    """
    sentiment_label = aliased(EditorLabelRow)
    praise_label = aliased(EditorLabelRow)
    stmt = (
        select(
            *MENTION_COLUMNS,
            *CLASSIFICATION_COLUMNS,
            sentiment_label.value.label("editor_sentiment"),
            praise_label.value.label("editor_praise"),
            *REVIEW_COLUMNS,
        )
        .outerjoin(ClassificationRow, ClassificationRow.mention_id == MentionRow.id)
        .outerjoin(
            sentiment_label,
            and_(sentiment_label.mention_id == MentionRow.id, sentiment_label.field == "sentiment"),
        )
        .outerjoin(
            praise_label, and_(praise_label.mention_id == MentionRow.id, praise_label.field == "praise")
        )
        .outerjoin(ReviewRow, ReviewRow.mention_id == MentionRow.id)
        .where(MentionRow.created_at >= start, MentionRow.created_at < end)
        .order_by(MentionRow.created_at, MentionRow.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows], columns=_columns())
    return _effective_labels(frame)


def _columns() -> list[str]:
    names = [c.key for c in (*MENTION_COLUMNS, *CLASSIFICATION_COLUMNS)]
    return [*names, "editor_sentiment", "editor_praise", *(c.key for c in REVIEW_COLUMNS)]


def _effective_labels(frame: pd.DataFrame) -> pd.DataFrame:
    frame["classified"] = frame["model_version"].notna()
    frame["sentiment_by_editor"] = frame["editor_sentiment"].notna()
    frame["sentiment"] = frame["editor_sentiment"].where(
        frame["sentiment_by_editor"], frame["model_sentiment"]
    )
    frame["praise_by_editor"] = frame["editor_praise"].notna()
    editor_praise = frame["editor_praise"].map({"praise": True, "not_praise": False})
    model_praise = frame["model_praise"].astype("boolean")
    frame["praise"] = editor_praise.where(frame["praise_by_editor"], model_praise).fillna(False).astype(bool)
    for flag in ("irony", "needs_review", "highlight"):
        frame[flag] = frame[flag].astype("boolean").fillna(False).astype(bool)
    for listed in ("topics", "review_reasons", "reasons", "media_urls"):
        frame[listed] = frame[listed].map(lambda v: list(v) if isinstance(v, list) else [])
    return frame


def sources_of(engine: Engine, mention_ids: list[int]) -> dict[int, list[str]]:
    """Which configured sources found each mention."""
    found: dict[int, list[str]] = {i: [] for i in mention_ids}
    if not mention_ids:
        return found
    stmt = select(MentionSourceRow.mention_id, MentionSourceRow.source).where(
        MentionSourceRow.mention_id.in_(mention_ids)
    )
    with engine.connect() as conn:
        for mention_id, source in conn.execute(stmt):
            found[mention_id].append(source)
    return found


def as_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values, for templates and JSON."""
    return [
        {str(k): (None if _missing(v) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _missing(value: Any) -> bool:
    if isinstance(value, list | dict | str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
