"""Digest candidates deleted on X are looked up before publishing, erased and never published."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from collectors.x import build_x_client
from flows.upstream import drop_deleted_candidates
from kernel.settings import Settings
from praise.fakes.x_api import DEMO_TOKEN, FakeXApi
from reports.digest import build_digest
from storage.db import make_engine
from storage.erasure import erasures
from storage.migrate import upgrade
from storage.schema import MentionRow
from tests.reports.world import insert_posts, week_posts

WEEK = "2026-W47"


def _digest_handles(engine: Engine) -> set[str | None]:
    """Every author the week's digest shows: the highlights (shown first) and the topic groups."""
    digest = build_digest(engine, WEEK)
    return {i.author_handle for i in digest.highlights} | {
        i.author_handle for g in digest.groups for i in g.items
    }


def test_a_candidate_deleted_on_x_is_erased_and_the_digest_rebuilt_without_it(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/praise.sqlite")
    upgrade(engine)
    ids = insert_posts(engine, week_posts())
    with engine.connect() as conn:
        x_posts = conn.execute(
            select(MentionRow.id, MentionRow.external_id, MentionRow.author_handle).where(
                MentionRow.platform == "x"
            )
        ).all()
    tweets = [
        {"id": e, "text": "…", "created_at": "2026-11-16T10:00:00.000Z", "author_id": "1"}
        for _, e, _ in x_posts
    ]
    anna = next(e for i, e, h in x_posts if i == ids["vpn_anna"])
    settings = Settings(database_url=f"sqlite:///{tmp_path}/praise.sqlite")
    handles = _digest_handles(engine)
    assert "anna_k_bsp" in handles
    with FakeXApi({"tweets": tweets, "users": []}) as fake:
        client = build_x_client(DEMO_TOKEN, base_url=fake.base_url)
        assert drop_deleted_candidates(engine, settings, WEEK, client=client) == []
        fake.delete_tweet(anna)
        erased = drop_deleted_candidates(engine, settings, WEEK, client=client)
        lookups = [r for r in fake.requests if r.path == "/2/tweets"]
    assert len(erased) == 1
    assert len(lookups) == 3  # the first check, the round that found the gap, the re-check after it
    (record,) = erasures(engine)
    assert (record.reason, record.scope, record.actor) == ("deleted_upstream", "mention", "schedule")
    with engine.connect() as conn:
        assert conn.execute(select(MentionRow.id).where(MentionRow.external_id == anna)).first() is None
    handles = _digest_handles(engine)
    assert "anna_k_bsp" not in handles
    engine.dispose()


def test_without_an_x_token_nothing_is_looked_up(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/praise.sqlite")
    upgrade(engine)
    insert_posts(engine, week_posts())
    assert drop_deleted_candidates(engine, Settings(), WEEK) == []
    engine.dispose()
