"""The Bluesky collector through the real atproto client against the loopback fake service."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from collectors.bluesky.client import BlueskyApi
from collectors.bluesky.collect import collect_bluesky
from collectors.bluesky.normalise import normalise_bluesky_page
from kernel.errors import AuthFailed, CollectorError, RateLimited, TransientError
from kernel.records import JSON, Platform, RawPage, SourceKey, SourceReport
from praise.fakes.bluesky import DEMO_APP_PASSWORD, FakeBluesky, load_demo_corpus

HANDLE = "stadtit.beispielstadt.example"
NOTIFICATIONS = SourceKey(Platform.BLUESKY, "notifications", HANDLE)
SEARCH = SourceKey(Platform.BLUESKY, "search", "#DankeStadtIT")
DEMO_NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeBluesky]:
    with FakeBluesky(corpus=copy.deepcopy(load_demo_corpus())) as server:
        yield server


def _api(fake: FakeBluesky, password: str = DEMO_APP_PASSWORD) -> BlueskyApi:
    return BlueskyApi(HANDLE, password, base_url=fake.base_url, timeout=5)


def _run(
    fake: FakeBluesky, source: SourceKey, cursor: JSON, **options: Any
) -> tuple[list[RawPage], SourceReport]:
    report = SourceReport(source)
    options.setdefault("sleep", lambda _s: None)
    options.setdefault("clock", lambda: DEMO_NOW)
    return list(collect_bluesky(_api(fake), source, cursor, report=report, **options)), report


def _uris(pages: list[RawPage]) -> list[str]:
    return [m.external_id for p in pages for m in normalise_bluesky_page(p.payload).mentions]


def _new_post(fake: FakeBluesky, rkey: str, when: str) -> str:
    post = copy.deepcopy(fake.corpus["posts"][2])
    post["uri"] = f"at://did:plc:ole000000000000000000000/app.bsky.feed.post/{rkey}"
    post["indexedAt"] = when
    post["record"]["createdAt"] = when
    fake.add_post(post)
    return str(post["uri"])


def test_a_run_reads_back_to_the_watermark_and_later_runs_only_what_is_new(fake: FakeBluesky) -> None:
    pages, _ = _run(fake, NOTIFICATIONS, {}, page_size=2)
    assert len(set(_uris(pages))) == 4
    cursor = pages[-1].cursor_after
    assert cursor == {"seen_until": "2026-11-21T11:00:00.500000Z"}

    new = _new_post(fake, "3m7new000001", "2026-11-22T09:00:00.000Z")
    later, _ = _run(fake, NOTIFICATIONS, cursor, page_size=2)
    # The walk stops at the first post older than the watermark: posts at the watermark itself are read
    # again (reads are free; storage upserts), the rest of the history is not.
    assert _uris(later)[0] == new
    assert sum(p.posts_read for p in later) == 4 < sum(p.posts_read for p in pages) + 1
    assert later[-1].cursor_after == {"seen_until": "2026-11-22T09:00:00Z"}


def test_first_run_reads_back_only_the_backfill_window(fake: FakeBluesky) -> None:
    pages, _ = _run(fake, SEARCH, {}, backfill=timedelta(days=3), page_size=1)
    times = [m.created_at for p in pages for m in normalise_bluesky_page(p.payload).mentions]
    # The walk stops at the first post older than three days before the demo's Monday.
    assert min(times) < DEMO_NOW - timedelta(days=3) <= sorted(times)[1]


def test_an_unfinished_walk_is_continued_from_the_api_cursor_next_run(fake: FakeBluesky) -> None:
    first, _ = _run(fake, SEARCH, {}, page_size=1)
    cursor = first[-1].cursor_after
    added = [_new_post(fake, f"3m7new00000{n}", f"2026-11-22T1{n}:00:00.000Z") for n in range(3)]
    # This run may read two posts only: it stops in the middle of its walk.
    stopped, _ = _run(fake, SEARCH, cursor, page_size=1, max_posts=2)
    assert "walk" in stopped[-1].cursor_after
    resumed, _ = _run(fake, SEARCH, stopped[-1].cursor_after, page_size=1)

    seen = _uris(stopped) + _uris(resumed)
    assert set(added) <= set(seen)
    assert resumed[-1].cursor_after == {"seen_until": "2026-11-22T12:00:00Z"}
    again, _ = _run(fake, SEARCH, resumed[-1].cursor_after, page_size=1)
    # Nothing new: the newest post (at the watermark) and the first older one end the walk.
    assert _uris(again) == [added[2], added[1]]


def test_a_wrong_app_password_and_a_refused_listing_are_auth_failures(fake: FakeBluesky) -> None:
    with pytest.raises(AuthFailed, match="BLUESKY_APP_PASSWORD"):
        list(collect_bluesky(_api(fake, "wrong"), SEARCH, {}, report=SourceReport(SEARCH)))
    fake.fail_next(401)
    with pytest.raises(AuthFailed, match="401"):
        _run(fake, SEARCH, {})


def test_429_waits_for_ratelimit_reset_within_the_allowance(fake: FakeBluesky) -> None:
    slept: list[float] = []
    fake.fail_next(429, reset_in=3)
    pages, report = _run(fake, SEARCH, {}, sleep=slept.append, max_rate_limit_wait=60)
    assert len(_uris(pages)) == 3
    assert report.rate_limit_waits == 1
    assert 1 <= slept[0] <= 5


def test_429_beyond_the_allowance_stops_with_the_retry_time(fake: FakeBluesky) -> None:
    fake.fail_next(429, reset_in=900)
    with pytest.raises(RateLimited) as caught:
        _run(fake, SEARCH, {}, max_rate_limit_wait=30)
    assert caught.value.retry_after is not None
    assert caught.value.retry_after > datetime.now(UTC) + timedelta(minutes=14)


def test_server_errors_and_non_json_answers_are_transient(fake: FakeBluesky) -> None:
    fake.fail_next(500)
    with pytest.raises(TransientError, match="500"):
        _run(fake, SEARCH, {})
    fake.fail_next(502)
    with pytest.raises(TransientError):
        _run(fake, SEARCH, {})
    fake.fail_next(200, body="<html>wartung</html>")
    with pytest.raises(TransientError, match="not a JSON object"):
        _run(fake, SEARCH, {})


def test_malformed_items_reach_the_normaliser_and_are_quarantined(fake: FakeBluesky) -> None:
    fake.malformed_next(
        {"uri": "at://did:plc:x/app.bsky.feed.post/1", "indexedAt": "2026-11-22T00:00:00Z"}, []
    )
    pages, _ = _run(fake, SEARCH, {})
    normalised = [normalise_bluesky_page(p.payload) for p in pages]
    assert sum(len(n.mentions) for n in normalised) == 3
    assert sorted(q.reason for n in normalised for q in n.quarantined) == [
        "item is not a JSON object",
        "post without a record",
    ]


def test_a_cursor_this_collector_did_not_write_is_refused(fake: FakeBluesky) -> None:
    with pytest.raises(CollectorError, match="cursor"):
        _run(fake, SEARCH, {"since_id": "1"})
    with pytest.raises(CollectorError, match="cursor"):
        _run(fake, SEARCH, {"seen_until": "yesterday"})


def test_no_requests_left_means_waiting_for_the_reset_before_asking_again(fake: FakeBluesky) -> None:
    slept: list[float] = []
    fake.remaining = 1
    pages, report = _run(fake, SEARCH, {}, page_size=1, sleep=slept.append, max_rate_limit_wait=600)
    assert len(_uris(pages)) == 3
    # The first answer said "0 left": the collector waited for the window's reset once, without a 429.
    assert report.rate_limit_waits == 1
    assert 290 <= slept[0] <= 305


def test_the_sources_of_a_process_share_one_login_and_renew_a_revoked_session(fake: FakeBluesky) -> None:
    _run(fake, NOTIFICATIONS, {})
    _run(fake, SEARCH, {})
    logins = [r for r in fake.requests_log if r[0] == "com.atproto.server.createSession"]
    # Bluesky allows 300 logins a day: two sources, one login.
    assert len(logins) == 1
    fake._tokens.clear()
    pages, _ = _run(fake, SEARCH, {})
    assert len(_uris(pages)) == 3
    assert len([r for r in fake.requests_log if r[0] == "com.atproto.server.createSession"]) == 2
