"""The small read API that reports and the review workspace use.

Every query is bounded by a period on the indexed `created_at`, so its cost follows the period,
not the size of the whole history. `mention_records` returns typed records (None stays None, times stay
timezone-aware datetimes); `mention_frame` puts the same records into a pandas frame for the code that
computes with pandas (the sentiment report).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, select
from sqlalchemy.orm import aliased

from storage.schema import ClassificationRow, EditorLabelRow, MentionRow, MentionSourceRow, ReviewRow

if TYPE_CHECKING:
    import pandas as pd

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


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One mention with its classification, editors' labels and review, as the reports read it.

    `sentiment` and `praise` are the effective labels: an editor's label wins over the model's
    (`*_by_editor` says where). `classified` is False for mentions the classifier has not seen yet.
    """

    id: int
    platform: str
    external_id: str
    kind: str
    url: str | None
    author_handle: str | None
    author_name: str | None
    text: str
    platform_language: str | None
    created_at: datetime
    likes: int | None
    reposts: int | None
    replies: int | None
    quotes: int | None
    media_urls: list[str]
    parent_external_id: str | None
    referenced_external_id: str | None
    language: str | None
    model_sentiment: str | None
    sentiment_score: float | None
    model_praise: bool | None
    praise_score: float | None
    irony: bool
    needs_review: bool
    review_reasons: list[str]
    topics: list[str]
    reasons: list[str]
    model_version: str | None
    editor_sentiment: str | None
    editor_praise: str | None
    decision: str | None
    highlight: bool
    reposted_at: datetime | None
    consent: str | None
    note: str | None
    classified: bool
    sentiment_by_editor: bool
    sentiment: str | None
    praise_by_editor: bool
    praise: bool

    def as_dict(self) -> dict[str, Any]:
        """The record as a plain dict, for templates and JSON."""
        return asdict(self)


RECORD_FIELDS = tuple(f.name for f in fields(MentionRecord))
_LISTS = ("media_urls", "review_reasons", "topics", "reasons")
_FLAGS = ("irony", "needs_review", "highlight")


def mention_records(engine: Engine, start: datetime, end: datetime) -> list[MentionRecord]:
    """Mentions created in [start, end), oldest first, with their effective labels (see `MentionRecord`)."""
    return [_record(dict(row)) for row in _rows(engine, start, end)]


def _record(row: dict[str, Any]) -> MentionRecord:
    for name in _LISTS:
        row[name] = list(row[name]) if isinstance(row[name], list) else []
    for name in _FLAGS:
        row[name] = bool(row[name])
    row["classified"] = row["model_version"] is not None
    row["sentiment_by_editor"] = row["editor_sentiment"] is not None
    row["sentiment"] = row["editor_sentiment"] if row["sentiment_by_editor"] else row["model_sentiment"]
    row["praise_by_editor"] = row["editor_praise"] is not None
    row["praise"] = row["editor_praise"] == "praise" if row["praise_by_editor"] else bool(row["model_praise"])
    return MentionRecord(**row)


def mention_frame(engine: Engine, start: datetime, end: datetime) -> pd.DataFrame:
    """The records of `mention_records` as a pandas frame, one column per field."""
    # Imported here: pandas costs about 40 MB, and every command that stores posts imports this module.
    import pandas as pd

    frame = pd.DataFrame(
        [r.as_dict() for r in mention_records(engine, start, end)], columns=list(RECORD_FIELDS)
    )
    for name in (*_FLAGS, "classified", "sentiment_by_editor", "praise_by_editor", "praise"):
        frame[name] = frame[name].astype(bool)
    return frame


def with_labels(stmt: Any, sentiment_label: Any, praise_label: Any) -> Any:
    """`stmt` over mentions, outer-joined to their classification, the editors' two labels (aliases of
    `EditorLabelRow`, one per field) and their review: what every read of effective labels needs."""
    return (
        stmt.outerjoin(ClassificationRow, ClassificationRow.mention_id == MentionRow.id)
        .outerjoin(
            sentiment_label,
            and_(sentiment_label.mention_id == MentionRow.id, sentiment_label.field == "sentiment"),
        )
        .outerjoin(
            praise_label, and_(praise_label.mention_id == MentionRow.id, praise_label.field == "praise")
        )
        .outerjoin(ReviewRow, ReviewRow.mention_id == MentionRow.id)
    )


def _rows(engine: Engine, start: datetime, end: datetime) -> list[Any]:
    sentiment_label = aliased(EditorLabelRow)
    praise_label = aliased(EditorLabelRow)
    stmt = (
        with_labels(
            select(
                *MENTION_COLUMNS,
                *CLASSIFICATION_COLUMNS,
                sentiment_label.value.label("editor_sentiment"),
                praise_label.value.label("editor_praise"),
                *REVIEW_COLUMNS,
            ),
            sentiment_label,
            praise_label,
        )
        .where(MentionRow.created_at >= start, MentionRow.created_at < end)
        .order_by(MentionRow.created_at, MentionRow.id)
    )
    with engine.connect() as conn:
        return list(conn.execute(stmt).mappings().all())


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
