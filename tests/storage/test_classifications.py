from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert, select

from kernel.records import MentionKind
from kernel.weeks import parse_week
from storage.classifications import (
    count_pending,
    editor_corrections,
    label_counts,
    pending,
    save_classifications,
    set_editor_label,
)
from storage.db import writing
from storage.mentions import upsert_mentions
from storage.schema import AuditRow
from tests.storage.factories import mention

W47 = parse_week("2026-W47")


def _labels(mention_id: int, sentiment: str, praise: bool, version: str = "m-1") -> dict[str, object]:
    return {
        "mention_id": mention_id,
        "language": "de",
        "sentiment": sentiment,
        "sentiment_score": 0.8,
        "praise": praise,
        "praise_score": 0.9 if praise else 0.1,
        "irony": False,
        "needs_review": False,
        "review_reasons": [],
        "topics": ["vpn"],
        "reasons": [],
        "model_version": version,
        "classified_at": datetime.now(UTC),
    }


def _store(engine: Engine, count: int) -> list[int]:
    with writing(engine) as conn:
        result = upsert_mentions(
            conn, [mention(i, created_at=W47.start) for i in range(count)], seen_at=datetime.now(UTC)
        )
    return sorted(result.ids.values())


def test_pending_yields_unlabelled_mentions_in_batches(engine: Engine) -> None:
    ids = _store(engine, 5)
    save_classifications(engine, [_labels(ids[0], "positive", True), _labels(ids[1], "negative", False)])
    assert count_pending(engine) == 3
    batches = list(pending(engine, batch=2))
    assert [[m.mention_id for m in b] for b in batches] == [ids[2:4], ids[4:]]
    assert count_pending(engine, everything=True) == 5
    assert sum(len(b) for b in pending(engine, everything=True, batch=2)) == 5


def test_saving_again_replaces_the_labels(engine: Engine) -> None:
    (only,) = _store(engine, 1)
    save_classifications(engine, [_labels(only, "positive", True)])
    save_classifications(engine, [_labels(only, "negative", False, version="m-2")])
    assert label_counts(engine, W47.start, W47.end) == {"negative": 1}


def test_editor_label_is_stored_audited_and_used_for_training(engine: Engine) -> None:
    (only,) = _store(engine, 1)
    set_editor_label(engine, only, "praise", "not_praise", by="redaktion")
    set_editor_label(engine, only, "praise", "praise", by="freigabe")
    assert editor_corrections(engine, "praise") == [(mention(0).text, "praise")]
    with engine.connect() as conn:
        actions = conn.execute(select(AuditRow.actor, AuditRow.action)).all()
    assert actions == [("redaktion", "label.praise"), ("freigabe", "label.praise")]
    with pytest.raises(ValueError, match="not a label"):
        set_editor_label(engine, only, "sentiment", "great", by="redaktion")


def test_pending_carries_platform_source_and_replied_handle(engine: Engine) -> None:
    from storage.schema import MentionSourceRow

    with writing(engine) as conn:
        result = upsert_mentions(
            conn,
            [mention(1, created_at=W47.start, kind=MentionKind.REPLY, reply_to_handle="StadtIT_Demo")],
            seen_at=datetime.now(UTC),
        )
        (mention_id,) = result.ids.values()
        conn.execute(
            insert(MentionSourceRow),
            [
                {
                    "mention_id": mention_id,
                    "source": "x:mentions:StadtIT_Demo",
                    "first_seen_at": datetime.now(UTC),
                }
            ],
        )
    (batch,) = list(pending(engine))
    (item,) = batch
    assert (item.platform, item.source, item.reply_to_handle) == (
        "x",
        "x:mentions:StadtIT_Demo",
        "StadtIT_Demo",
    )
