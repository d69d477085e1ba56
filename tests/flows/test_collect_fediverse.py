"""Mastodon and Bluesky through the real collect flow: stored once, with cursors and a run row each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from flows.collect import collect, collect_source
from praise.fakes.bluesky import DEMO_APP_PASSWORD
from praise.fakes.mastodon import DEMO_TOKEN
from praise.fakes.x_api import DEMO_NOW
from storage.cursors import get_cursor
from storage.migrate import upgrade
from storage.schema import CollectionRunRow, MentionRow
from tests.flows.conftest import World

MASTODON_MENTIONS = "mastodon:mentions:social.beispielstadt.example"
MASTODON_TAG = "mastodon:hashtag:social.beispielstadt.example/DankeStadtIT"
MASTODON_REPLIES = "mastodon:replies:social.beispielstadt.example/stadtit_demo"
BLUESKY_NOTIFICATIONS = "bluesky:notifications:stadtit.beispielstadt.example"
BLUESKY_SEARCH = "bluesky:search:#DankeStadtIT"


def _per_platform(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(MentionRow.platform, func.count()).group_by(MentionRow.platform)).all()
    return {platform: int(count) for platform, count in rows}


def _outcomes(engine: Engine, source: str) -> list[str]:
    with Session(engine) as session:
        rows = session.scalars(
            select(CollectionRunRow).where(CollectionRunRow.source == source).order_by(CollectionRunRow.id)
        )
        return [row.outcome for row in rows]


def _run_source(world: World, source: str) -> dict[str, Any]:
    result: dict[str, Any] = collect_source.fn(source, "run-1", str(world.config), None, DEMO_NOW)
    return result


def test_mastodon_and_bluesky_are_stored_once_with_cursors_and_run_rows(
    world: World, engine_of: Engine
) -> None:
    first = {r["source"]: r for r in collect(config=str(world.config), now=DEMO_NOW)}
    for source in (MASTODON_MENTIONS, MASTODON_TAG, MASTODON_REPLIES, BLUESKY_NOTIFICATIONS, BLUESKY_SEARCH):
        assert first[source]["outcome"] == "ok", first[source]
    counts = _per_platform(engine_of)
    # The eight demo statuses (one from the week before, one a boost), each once though most were found
    # both as a mention and under the hashtag, and the reply under our post that did not mention us; all
    # seven Bluesky posts, ours found by the "Kater Joey" search.
    assert counts["mastodon"] == 9
    assert counts["bluesky"] == 7
    assert set(get_cursor(engine_of, MASTODON_MENTIONS)) == {"since_id"}
    assert set(get_cursor(engine_of, BLUESKY_SEARCH)) == {"seen_until"}

    second = {r["source"]: r for r in collect(config=str(world.config), now=DEMO_NOW)}
    assert _per_platform(engine_of) == counts
    assert second[MASTODON_MENTIONS]["read"] == 0
    everything = (MASTODON_MENTIONS, MASTODON_TAG, MASTODON_REPLIES, BLUESKY_NOTIFICATIONS, BLUESKY_SEARCH)
    # Hashtags and threads are read again at their edge (late federation), never stored twice.
    assert all(second[s]["new"] == 0 for s in everything)
    for source in everything:
        assert _outcomes(engine_of, source) == ["ok", "ok"]


def test_refused_tokens_and_long_rate_limits_are_recorded_per_source(world: World, engine_of: Engine) -> None:
    upgrade(engine_of)
    world.mastodon.token = "rotated-elsewhere"
    report = _run_source(world, MASTODON_MENTIONS)
    assert report["outcome"] == "auth_failed"
    assert DEMO_TOKEN not in str(report["error"])

    world.bluesky.fail_next(429, reset_in=7200)
    report = _run_source(world, BLUESKY_SEARCH)
    assert report["outcome"] == "rate_limited"
    assert report["retry_after"] is not None
    assert DEMO_APP_PASSWORD not in str(report["error"])
    assert _outcomes(engine_of, MASTODON_MENTIONS) == ["auth_failed"]
    assert _outcomes(engine_of, BLUESKY_SEARCH) == ["rate_limited"]
