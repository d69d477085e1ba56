from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from kernel.records import Metrics, Platform
from storage.mentions import upsert_mentions
from storage.schema import MentionRow, MentionSourceRow
from tests.storage.factories import mention

SEEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_upsert_counts_new_then_updated(engine: Engine) -> None:
    with engine.begin() as conn:
        first = upsert_mentions(conn, [mention(1), mention(2)], seen_at=SEEN, source="x:search:#a")
    with engine.begin() as conn:
        second = upsert_mentions(conn, [mention(2), mention(3)], seen_at=LATER, source="x:search:#a")
    assert (first.new, first.updated) == (2, 0)
    assert (second.new, second.updated) == (1, 1)
    assert _count(engine, MentionRow) == 3
    assert second.ids[("x", "1000002")] == first.ids[("x", "1000002")]


def test_text_and_times_round_trip_exactly(engine: Engine) -> None:
    original = mention(7, text="Liebe IT 💙\n\nDanke!\t👩‍💻 " + "lang " * 2000)
    with engine.begin() as conn:
        upsert_mentions(conn, [original], seen_at=SEEN)
    with engine.connect() as conn:
        row = conn.execute(select(MentionRow)).one()
    assert row.text == original.text
    assert row.created_at == original.created_at
    assert row.created_at.tzinfo is not None
    assert row.media_urls == ["https://pbs.twimg.com/media/a.jpg"]


def test_later_sighting_refreshes_metrics_but_never_blanks_columns(engine: Engine) -> None:
    with engine.begin() as conn:
        upsert_mentions(conn, [mention(1)], seen_at=SEEN)
    sparse = mention(1, author_handle=None, author_name=None, language=None, metrics=Metrics(likes=99))
    with engine.begin() as conn:
        upsert_mentions(conn, [sparse], seen_at=LATER)
    with engine.connect() as conn:
        row = conn.execute(select(MentionRow)).one()
    assert row.likes == 99
    assert row.author_handle == "user1"
    assert row.language == "de"
    assert row.replies == 1
    assert row.first_seen_at == SEEN
    assert row.last_seen_at == LATER


def test_mention_found_by_two_sources_is_stored_once_with_both(engine: Engine) -> None:
    with engine.begin() as conn:
        upsert_mentions(conn, [mention(1)], seen_at=SEEN, source="x:mentions:StadtIT_Demo")
        upsert_mentions(conn, [mention(1)], seen_at=LATER, source="x:search:#DankeStadtIT")
        upsert_mentions(conn, [mention(1)], seen_at=LATER, source="x:search:#DankeStadtIT")
    with engine.connect() as conn:
        sources = sorted(conn.execute(select(MentionSourceRow.source)).scalars())
    assert _count(engine, MentionRow) == 1
    assert sources == ["x:mentions:StadtIT_Demo", "x:search:#DankeStadtIT"]


def test_same_id_on_two_platforms_are_two_mentions(engine: Engine) -> None:
    with engine.begin() as conn:
        result = upsert_mentions(conn, [mention(1), mention(1, platform=Platform.INSTAGRAM)], seen_at=SEEN)
    assert result.new == 2


def test_duplicate_keys_in_one_batch_store_once(engine: Engine) -> None:
    with engine.begin() as conn:
        result = upsert_mentions(conn, [mention(1), mention(1, text="neuer")], seen_at=SEEN)
    assert result.new == 1
    with engine.connect() as conn:
        assert conn.execute(select(MentionRow.text)).scalar_one() == "neuer"


def test_large_batch_crosses_chunks(engine: Engine) -> None:
    batch = [mention(i) for i in range(1234)]
    with engine.begin() as conn:
        result = upsert_mentions(conn, batch, seen_at=SEEN, source="s")
    assert result.new == 1234
    assert len(set(result.ids.values())) == 1234
    assert _count(engine, MentionSourceRow) == 1234


def test_a_post_two_sources_store_at_once_counts_as_new_once(engine: Engine) -> None:
    """Two X sources run in parallel; on PostgreSQL both used to see the post as unknown and count it new."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's write lock serialises the two transactions; the race needs PostgreSQL")
    first = engine.connect()
    first_tx = first.begin()
    one = upsert_mentions(first, [mention(1)], seen_at=SEEN, source="x:search:#a")
    outcome: dict[str, Any] = {}

    def second_source() -> None:
        with engine.begin() as conn:
            outcome["result"] = upsert_mentions(conn, [mention(1)], seen_at=LATER, source="x:mentions:b")

    thread = threading.Thread(target=second_source)
    thread.start()
    try:
        # Wait until the second transaction has looked the post up (not found) and waits on the first's row.
        with engine.connect() as watcher:
            for _ in range(1200):  # up to a minute on a loaded machine
                waiting = watcher.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                    )
                ).scalar_one()
                if waiting:
                    break
                # PostgreSQL lists pg_stat_activity's sessions once per transaction: end it, or a session
                # that connected after the first poll never shows up.
                watcher.rollback()
                thread.join(0.05)
            assert waiting, "the second transaction never waited for the first"
    finally:
        # Also on failure: an open first transaction would block every later test on this database.
        first_tx.commit()
        first.close()
    thread.join(30)
    two = outcome["result"]
    assert (one.new, one.updated) == (1, 0)
    assert (two.new, two.updated) == (0, 1)
    assert _count(engine, MentionRow) == 1
    assert _count(engine, MentionSourceRow) == 2
