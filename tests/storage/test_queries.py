from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert

from kernel.weeks import parse_week
from storage.db import writing
from storage.mentions import upsert_mentions
from storage.queries import mention_frame, mention_records, sources_of
from storage.schema import ClassificationRow, EditorLabelRow, ReviewRow
from tests.storage.factories import mention

W47 = parse_week("2026-W47")


def _classify(engine: Engine, mention_id: int, *, sentiment: str, praise: bool) -> None:
    with writing(engine) as conn:
        conn.execute(
            insert(ClassificationRow).values(
                mention_id=mention_id,
                language="de",
                sentiment=sentiment,
                sentiment_score=0.9,
                praise=praise,
                praise_score=0.8 if praise else 0.1,
                irony=False,
                needs_review=False,
                review_reasons=[],
                topics=["vpn"],
                reasons=["dankt"],
                model_version="test-1",
                classified_at=datetime.now(UTC),
            )
        )


def test_week_frame_holds_only_the_week_with_effective_labels(engine: Engine) -> None:
    inside = mention(1, created_at=W47.start + timedelta(hours=1))
    before = mention(2, created_at=W47.start - timedelta(seconds=1))
    last = mention(3, created_at=W47.end - timedelta(seconds=1))
    after = mention(4, created_at=W47.end)
    with writing(engine) as conn:
        ids = upsert_mentions(conn, [inside, before, last, after], seen_at=datetime.now(UTC), source="s").ids
    _classify(engine, ids[("x", "1000001")], sentiment="positive", praise=True)
    _classify(engine, ids[("x", "1000003")], sentiment="positive", praise=True)
    with writing(engine) as conn:
        conn.execute(
            insert(EditorLabelRow).values(
                mention_id=ids[("x", "1000003")],
                field="praise",
                value="not_praise",
                set_by="redaktion",
                set_at=datetime.now(UTC),
            )
        )
        conn.execute(
            insert(ReviewRow).values(
                mention_id=ids[("x", "1000001")],
                decision="approved",
                highlight=True,
                updated_by="redaktion",
                updated_at=datetime.now(UTC),
            )
        )
    frame = mention_frame(engine, W47.start, W47.end)
    assert list(frame["external_id"]) == ["1000001", "1000003"]
    first, second = (r.as_dict() for r in mention_records(engine, W47.start, W47.end))
    assert first["praise"] is True
    assert first["decision"] == "approved"
    assert first["highlight"] is True
    assert first["topics"] == ["vpn"]
    assert second["praise"] is False
    assert second["praise_by_editor"] is True
    assert sources_of(engine, [first["id"]]) == {first["id"]: ["s"]}


def test_unclassified_mentions_are_marked(engine: Engine) -> None:
    with writing(engine) as conn:
        upsert_mentions(conn, [mention(1, created_at=W47.start)], seen_at=datetime.now(UTC))
    frame = mention_frame(engine, W47.start, W47.end)
    assert frame["classified"].tolist() == [False]
    assert frame["praise"].tolist() == [False]


def test_berlin_week_boundaries_in_utc() -> None:
    assert W47.start == datetime(2026, 11, 15, 23, 0, tzinfo=UTC)
    assert W47.end == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)
    summer = parse_week("2026-W27")
    assert summer.start.hour == 22


def test_records_are_typed_none_stays_none_and_times_stay_aware(engine: Engine) -> None:
    from storage.queries import MentionRecord, mention_records

    with writing(engine) as conn:
        ids = upsert_mentions(
            conn, [mention(1, created_at=W47.start + timedelta(hours=2))], seen_at=datetime.now(UTC)
        ).ids
    _classify(engine, ids[("x", "1000001")], sentiment="negative", praise=False)
    with writing(engine) as conn:
        conn.execute(
            insert(EditorLabelRow).values(
                mention_id=ids[("x", "1000001")],
                field="sentiment",
                value="positive",
                set_by="redaktion",
                set_at=datetime.now(UTC),
            )
        )
    (record,) = mention_records(engine, W47.start, W47.end)
    assert isinstance(record, MentionRecord)
    assert record.created_at == W47.start + timedelta(hours=2)
    assert record.created_at.tzinfo is not None
    # No NaN stands in for a missing number, no Timestamp for a time.
    assert record.reposted_at is None
    assert record.decision is None
    assert record.highlight is False
    assert record.sentiment == "positive"
    assert record.sentiment_by_editor is True
    assert record.model_sentiment == "negative"
    assert record.praise is False
    assert record.topics == ["vpn"]
    # The frame holds the same records, for the code that computes with pandas.
    frame = mention_frame(engine, W47.start, W47.end)
    assert frame["sentiment"].tolist() == ["positive"]
    assert frame["praise"].dtype == bool
