"""The watch flow: a collection that stopped and a spike of negative posts are alerted once each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from flows.watch import watch
from storage.classifications import save_classifications
from storage.db import make_engine, writing
from storage.mentions import upsert_mentions
from storage.migrate import upgrade
from storage.schema import CollectionRunRow
from tests.flows.test_operations import Webhook
from tests.storage.factories import mention

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday in 2026-W48


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.close()


@pytest.fixture
def setup(tmp_path: Path, webhook: Webhook) -> Iterator[tuple[Path, Engine]]:
    url = f"sqlite:///{tmp_path / 'praise.sqlite'}"
    config = tmp_path / "praise.toml"
    config.write_text(
        f'[database]\nurl = "{url}"\n[x]\naccounts = ["StadtIT"]\n'
        f'[alerts]\ntargets = ["webhook"]\nwebhook_url = "{webhook.url}"\nmissed_run_minutes = 60\n'
        "negative_spike_min = 5\n",
        encoding="utf-8",
    )
    engine = make_engine(url)
    upgrade(engine)
    yield config, engine
    engine.dispose()


def _collection_started(engine: Engine, at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(CollectionRunRow).values(
                run_id=str(at), source="x:mentions:StadtIT", started_at=at, outcome="ok"
            )
        )


def _negative_posts(engine: Engine, first: int, count: int, day: datetime) -> None:
    posts = [mention(first + i, created_at=day + timedelta(minutes=i)) for i in range(count)]
    with writing(engine) as conn:
        ids = upsert_mentions(conn, posts, seen_at=day).ids
    rows: list[dict[str, Any]] = [
        {
            "mention_id": mention_id,
            "language": "de",
            "sentiment": "negative",
            "sentiment_score": 0.9,
            "praise": False,
            "praise_score": 0.1,
            "irony": False,
            "needs_review": False,
            "review_reasons": [],
            "topics": [],
            "reasons": [],
            "model_version": "test",
            "classified_at": day,
        }
        for mention_id in ids.values()
    ]
    save_classifications(engine, rows)


def test_a_stopped_collection_is_alerted_once_and_ends_when_collection_resumes(
    setup: tuple[Path, Engine], webhook: Webhook
) -> None:
    config, engine = setup
    _collection_started(engine, NOW - timedelta(minutes=30))
    assert watch(config=str(config), now=NOW)["status"] == "all well"
    later = NOW + timedelta(hours=2)
    for _ in range(2):
        outcome = watch(config=str(config), now=later)
        assert outcome["missed_run"].startswith("no collection started since")
    assert [a["data"]["kind"] for a in webhook.received] == ["missed_run"]
    _collection_started(engine, later)
    assert watch(config=str(config), now=later)["status"] == "all well"


def test_a_week_with_many_more_negative_posts_is_a_spike(
    setup: tuple[Path, Engine], webhook: Webhook
) -> None:
    config, engine = setup
    _collection_started(engine, NOW)
    # Two negative posts a week before, twelve this week.
    for week in range(1, 5):
        _negative_posts(engine, week * 100, 2, NOW - timedelta(weeks=week))
    _negative_posts(engine, 1000, 3, NOW - timedelta(days=1))
    assert watch(config=str(config), now=NOW)["negative_spike"] == ""
    _negative_posts(engine, 2000, 9, NOW - timedelta(hours=3))
    for _ in range(2):
        assert "12 negative posts in 2026-W48" in watch(config=str(config), now=NOW)["negative_spike"]
    assert [a["data"]["key"] for a in webhook.received] == ["negative_spike:2026-W48"]
