"""The collect flow end to end: real tweepy and instaloader against loopback doubles, real Prefect."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

import flows.collect as collect_module
from flows.collect import collect, collect_source
from kernel.errors import TransientError
from praise.fakes.x_api import DEMO_NOW
from storage import ingest
from storage.classifications import count_pending
from storage.migrate import upgrade
from storage.schema import CollectionRunRow, MentionRow
from tests.flows.conftest import World

MENTIONS = "x:mentions:StadtIT_Demo"
PROFILE = "instagram:profile:kater.joey.demo"


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(MentionRow)).scalar_one())


def _runs(engine: Engine, source: str) -> list[CollectionRunRow]:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return list(
            session.scalars(
                select(CollectionRunRow)
                .where(CollectionRunRow.source == source)
                .order_by(CollectionRunRow.id)
            )
        )


def _run_source(world: World, source: str, run_id: str = "run-1") -> dict[str, Any]:
    result: dict[str, Any] = collect_source.fn(source, run_id, str(world.config), 2000, DEMO_NOW)
    return result


def test_second_run_stores_nothing_twice_and_reads_no_post_twice(world: World, engine_of: Engine) -> None:
    first = collect(config=str(world.config), now=DEMO_NOW)
    assert {r["outcome"] for r in first} == {"ok"}
    stored = _count(engine_of)
    served = world.x.tweets_served
    assert stored > 250
    # The flow's last step labelled every mention it stored.
    assert count_pending(engine_of) == 0
    second = collect(config=str(world.config), now=DEMO_NOW)
    assert _count(engine_of) == stored
    # X asked only for posts newer than each cursor: not one more post was served (and billed).
    assert world.x.tweets_served == served
    assert all(r["new"] == 0 for r in second)
    assert [r.outcome for r in _runs(engine_of, MENTIONS)] == ["ok", "ok"]


class Killed(BaseException):
    """Stands in for the process being killed: nothing of ours may catch it."""


def test_run_killed_midway_loses_nothing_and_reads_nothing_twice(
    world: World, engine_of: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_store = ingest.store_page
    calls = {"n": 0}

    def dies_after_first_page(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise Killed
        return real_store(*args, **kwargs)

    upgrade(engine_of)
    monkeypatch.setattr("flows.collect.store_page", dies_after_first_page)
    # A small page size gives the source several pages.
    monkeypatch.setattr("collectors.x.collect.PAGE_SIZE_MAX", 20)
    with pytest.raises(Killed):
        collect_source.fn(MENTIONS, "run-1", str(world.config), 2000, DEMO_NOW)
    partial = _count(engine_of)
    assert partial > 0
    # The killed run's row already counts the page it stored (updated with the page), not zeros.
    (killed,) = _runs(engine_of, MENTIONS)
    assert (killed.outcome, killed.read, killed.new) == ("running", 20, partial)
    monkeypatch.setattr("flows.collect.store_page", real_store)
    report = _run_source(world, MENTIONS, "run-2")
    assert report["outcome"] == "ok"
    expected = {t["id"] for t in world.x.mentions_of("StadtIT_Demo")}
    with engine_of.connect() as conn:
        stored = set(conn.execute(select(MentionRow.external_id).where(MentionRow.platform == "x")).scalars())
    assert expected <= stored
    # The page read before the kill but never stored is the only one X may serve again.
    repeats = sum(n - 1 for n in world.x.served.values() if n > 1)
    assert repeats <= 20
    assert [r.outcome for r in _runs(engine_of, MENTIONS)] == ["interrupted", "ok"]


@pytest.mark.parametrize(
    ("status", "headers", "outcome"),
    [
        (401, {}, "auth_failed"),
        (403, {}, "auth_failed"),
        (402, {}, "budget_spent"),
        (429, {"x-rate-limit-reset": str(int((DEMO_NOW + timedelta(hours=2)).timestamp()))}, "rate_limited"),
    ],
)
def test_x_failures_are_recorded_with_their_outcome(
    world: World, engine_of: Engine, status: int, headers: dict[str, str], outcome: str
) -> None:
    upgrade(engine_of)
    world.x.fail_next(status, headers=headers, times=5)
    report = _run_source(world, "x:search:#DankeStadtIT")
    assert report["outcome"] == outcome
    (row,) = _runs(engine_of, "x:search:#DankeStadtIT")
    assert row.outcome == outcome
    assert row.error
    assert DEMO_TOKEN_NOT_IN(row.error)
    if status == 429:
        assert row.retry_after is not None
        assert timedelta(0) <= row.retry_after - (DEMO_NOW + timedelta(hours=2)) <= timedelta(seconds=5)


def DEMO_TOKEN_NOT_IN(text: str) -> bool:
    from praise.fakes.x_api import DEMO_TOKEN

    return DEMO_TOKEN not in text


def test_server_error_is_transient_and_recorded(world: World, engine_of: Engine) -> None:
    upgrade(engine_of)
    world.x.fail_next(503, times=5)
    with pytest.raises(TransientError):
        _run_source(world, "x:search:#DankeStadtIT")
    (row,) = _runs(engine_of, "x:search:#DankeStadtIT")
    assert row.outcome == "failed"


def test_time_out_is_transient(world: World, engine_of: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    upgrade(engine_of)
    world.config.write_text(
        world.config.read_text().replace("read_budget = 2000", "read_budget = 2000\ntimeout = 0.5")
    )
    world.x.delay_next(2.0, times=3)
    with pytest.raises(TransientError):
        _run_source(world, "x:search:#DankeStadtIT")


@pytest.mark.parametrize(
    ("status", "body", "outcome"),
    [
        (
            429,
            {"message": "Please wait a few minutes before you try again.", "status": "fail"},
            "rate_limited",
        ),
        (
            401,
            {"message": "Please wait a few minutes before you try again.", "status": "fail"},
            "rate_limited",
        ),
        (
            400,
            {"message": "checkpoint_required", "checkpoint_url": "/challenge/", "status": "fail"},
            "auth_failed",
        ),
    ],
)
def test_instagram_failures_are_recorded_with_their_outcome(
    world: World, engine_of: Engine, status: int, body: dict[str, Any], outcome: str
) -> None:
    upgrade(engine_of)
    world.instagram.fail_next(status, body, times=10)
    report = _run_source(world, PROFILE)
    assert report["outcome"] == outcome
    (row,) = _runs(engine_of, PROFILE)
    assert row.outcome == outcome


def test_transient_error_is_retried_and_a_failing_source_never_stops_the_others(
    world: World, engine_of: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect_module, "collect_source", collect_source.with_options(retry_delay_seconds=0))
    world.x.fail_next(503, times=1)
    world.instagram.fail_next(400, {"message": "checkpoint_required", "status": "fail"}, times=50)
    state: Any = collect(config=str(world.config), now=DEMO_NOW, return_state=True)
    assert state.is_failed()
    reports = {r["source"]: r for r in state.result(raise_on_failure=False).reports}
    assert reports[PROFILE]["outcome"] == "auth_failed"
    x_outcomes = {s: r["outcome"] for s, r in reports.items() if s.startswith("x:")}
    assert set(x_outcomes.values()) == {"ok"}
    # One row per run and source even though one X source needed a second attempt.
    with engine_of.connect() as conn:
        rows = conn.execute(
            select(CollectionRunRow.source, func.count()).group_by(CollectionRunRow.source)
        ).all()
    assert {count for _, count in rows} == {1}


def test_a_failed_instagram_source_does_not_stop_the_later_instagram_sources(
    world: World, engine_of: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        collect_module, "collect_source", collect_source.with_options(retries=1, retry_delay_seconds=0)
    )
    # Every request about the mascot's account fails with a 503 (transient) through all retries; the
    # hashtag source, which runs after the profile and tagged sources, must still run and get its row.
    world.instagram.fail_next(503, {"message": "try later", "status": "fail"}, times=1000, match="kater.joey")
    state: Any = collect(config=str(world.config), now=DEMO_NOW, return_state=True)
    assert state.is_failed()
    reports = {r["source"]: r for r in state.result(raise_on_failure=False).reports}
    assert reports[PROFILE]["outcome"] == "failed"
    assert reports["instagram:hashtag:katerjoey"]["outcome"] == "ok"
    assert reports["instagram:hashtag:katerjoey"]["new"] > 0
    with engine_of.connect() as conn:
        rows = dict(conn.execute(select(CollectionRunRow.source, CollectionRunRow.outcome)).all())
    assert set(rows) == set(reports)
    assert rows["instagram:hashtag:katerjoey"] == "ok"
    assert "PENDING" not in str(reports)


def test_reads_of_a_page_that_failed_to_store_are_counted(
    world: World, engine_of: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_store = ingest.store_page
    calls = {"n": 0}

    def fails_on_second_page(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full\nINSERT INTO mentions (text) VALUES ('Danke …')")
        return real_store(*args, **kwargs)

    upgrade(engine_of)
    monkeypatch.setattr("flows.collect.store_page", fails_on_second_page)
    monkeypatch.setattr("collectors.x.collect.PAGE_SIZE_MAX", 20)
    with pytest.raises(RuntimeError):
        _run_source(world, MENTIONS)
    (row,) = _runs(engine_of, MENTIONS)
    # Both pages were read and billed; only the first was stored.
    assert (row.outcome, row.read, row.new) == ("failed", 40, 20)
    # The run log's error is one short line: no SQL, no post text.
    assert row.error == "RuntimeError: disk full"


@pytest.mark.parametrize(
    "body",
    [
        {"errors": [{"title": "Service Unavailable", "type": "https://api.twitter.com/2/problems/about"}]},
        "[1, 2, 3]",
    ],
    ids=["error-only", "not-an-object"],
)
def test_a_200_reply_that_is_not_a_page_mid_walk_loses_nothing_and_is_not_ok(
    world: World, engine_of: Engine, monkeypatch: pytest.MonkeyPatch, body: Any
) -> None:
    real_store = ingest.store_page

    def fault_after_first_page(*args: Any, **kwargs: Any) -> Any:
        result = real_store(*args, **kwargs)
        world.x.fail_next(200, body=body, times=1)
        return result

    upgrade(engine_of)
    monkeypatch.setattr("flows.collect.store_page", fault_after_first_page)
    monkeypatch.setattr("collectors.x.collect.PAGE_SIZE_MAX", 20)
    with pytest.raises(TransientError):
        _run_source(world, MENTIONS, "run-1")
    (row,) = _runs(engine_of, MENTIONS)
    assert (row.outcome, row.read, row.new) == ("failed", 20, 20)
    monkeypatch.setattr("flows.collect.store_page", real_store)
    assert _run_source(world, MENTIONS, "run-2")["outcome"] == "ok"
    expected = {t["id"] for t in world.x.mentions_of("StadtIT_Demo")}
    with engine_of.connect() as conn:
        stored = set(conn.execute(select(MentionRow.external_id).where(MentionRow.platform == "x")).scalars())
    assert expected <= stored
    # The reply that was not a page cost nothing, and nothing was read twice.
    assert max(world.x.served.values()) == 1
