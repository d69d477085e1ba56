from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

import pytest
import responses

from collectors.x import ReadBudget, build_x_client, collect_x
from collectors.x.ids import first_id_at
from kernel.errors import AuthFailed, BudgetSpent, CollectorError, RateLimited, TransientError
from kernel.records import Platform, RawPage, SourceKey, SourceReport
from tests.collectors.x.fake_x_api import ACCOUNT, BASE_URL, FakeXApi

SEARCH = SourceKey(Platform.X, "search", "#DankeStadtIT")
MENTIONS = SourceKey(Platform.X, "mentions", "StadtIT_Demo")
W47_MONDAY = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)


@pytest.fixture
def api():
    fake = FakeXApi()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.install(rsps)
        yield fake


@pytest.fixture
def client():
    return build_x_client("demo-token", base_url=BASE_URL, timeout=5)


class Store:
    """What storage does with the pages: keep them, and the cursor of the last one stored."""

    def __init__(self) -> None:
        self.cursor: dict[str, Any] = {}
        self.ids: list[str] = []
        self.sleeps: list[float] = []

    def run(
        self, client, api, source, *, budget=None, stop_after=None, page_size=10, **kwargs
    ) -> list[RawPage]:
        report = kwargs.pop("report", SourceReport(source))
        pages = collect_x(
            client,
            source,
            self.cursor,
            budget=budget or ReadBudget(1000),
            report=report,
            page_size=page_size,
            sleep=self.sleeps.append,
            clock=lambda: api.now,
            **kwargs,
        )
        stored = []
        for page in islice(pages, stop_after):
            self.ids += [post["id"] for post in page.payload.get("data", [])]
            self.cursor = page.cursor_after
            stored.append(page)
        pages.close()
        return stored


def test_first_run_reads_every_page_newest_first_and_keeps_the_newest_id(api, client):
    ids = api.add_posts(23, W47_MONDAY, "Danke! #DankeStadtIT")
    store = Store()
    pages = store.run(client, api, SEARCH)
    assert [p.posts_read for p in pages] == [10, 10, 3]
    assert store.ids == sorted(ids, key=int, reverse=True)
    assert store.cursor == {"since_id": ids[-1]}
    # Between pages the cursor names the gap a crash would leave.
    assert pages[0].cursor_after == {"until_id": store.ids[9], "newest_id": ids[-1]}


def test_next_run_reads_only_posts_newer_than_the_cursor(api, client):
    api.add_posts(12, W47_MONDAY, "Danke! #DankeStadtIT")
    store = Store()
    store.run(client, api, SEARCH)
    new = api.add_posts(3, W47_MONDAY + timedelta(days=2), "Nochmal danke #DankeStadtIT")
    pages = store.run(client, api, SEARCH)
    assert [p.posts_read for p in pages] == [3]
    assert store.cursor == {"since_id": new[-1]}
    assert max(api.served.values()) == 1


def test_run_with_nothing_new_yields_one_empty_page_and_keeps_the_cursor(api, client):
    api.add_posts(4, W47_MONDAY, "#DankeStadtIT")
    store = Store()
    store.run(client, api, SEARCH)
    before = dict(store.cursor)
    pages = store.run(client, api, SEARCH)
    assert [p.posts_read for p in pages] == [0]
    assert store.cursor == before


@pytest.mark.parametrize("stop_after", [1, 2, 3])
def test_crash_after_any_page_loses_nothing_and_reads_no_post_twice(api, client, stop_after):
    old = api.add_posts(35, W47_MONDAY, "Danke! #DankeStadtIT")
    store = Store()
    store.run(client, api, SEARCH, stop_after=stop_after)
    # Posts arrive while the pipeline is down; the next run must fill the gap and then read them too.
    new = api.add_posts(14, W47_MONDAY + timedelta(days=4), "Neu: Danke #DankeStadtIT")
    store.run(client, api, SEARCH, stop_after=stop_after)  # dies again, part-way
    store.run(client, api, SEARCH)
    assert sorted(store.ids, key=int) == sorted(old + new, key=int)
    assert set(api.served.values()) == {1}
    assert store.cursor == {"since_id": new[-1]}


def test_resumed_run_fills_the_gap_first_then_reads_what_arrived_since(api, client):
    api.add_posts(25, W47_MONDAY, "#DankeStadtIT")
    store = Store()
    store.run(client, api, SEARCH, stop_after=1)
    gap_below = int(store.cursor["until_id"])
    new = api.add_posts(4, W47_MONDAY + timedelta(days=3), "#DankeStadtIT neu")
    pages = store.run(client, api, SEARCH)
    read = [[int(p["id"]) for p in page.payload.get("data", [])] for page in pages]
    assert [len(ids) for ids in read] == [10, 5, 4]
    assert all(i < gap_below for i in read[0] + read[1])
    assert sorted(read[2]) == sorted(int(i) for i in new)
    assert pages[1].cursor_after == {"since_id": store.ids[0]}  # the interrupted walk's newest post
    assert store.cursor == {"since_id": new[-1]}


def test_mentions_resolve_the_account_once_and_keep_its_id_in_the_cursor(api, client):
    ids = api.add_posts(7, W47_MONDAY, "@StadtIT_Demo danke fürs schnelle Freischalten")
    api.add_posts(3, W47_MONDAY, "ohne Erwähnung")
    store = Store()
    pages = store.run(client, api, MENTIONS, page_size=5)
    assert [p.posts_read for p in pages] == [5, 2]
    assert pages[0].cursor_after["user_id"] == ACCOUNT["id"]
    assert store.cursor == {"user_id": ACCOUNT["id"], "since_id": ids[-1]}
    store.run(client, api, MENTIONS, page_size=5)
    assert api.user_lookups == 1
    assert "pagination_token" not in api.requests[-1]


def test_unknown_account_is_a_clear_error(api, client):
    with pytest.raises(CollectorError, match="@NiemandHier_Demo not found"):
        Store().run(client, api, SourceKey(Platform.X, "mentions", "@NiemandHier_Demo"))


def test_budget_stops_before_a_page_it_cannot_pay_and_the_next_run_resumes(api, client):
    ids = api.add_posts(25, W47_MONDAY, "#DankeStadtIT")
    store = Store()
    budget = ReadBudget(15)
    with pytest.raises(BudgetSpent):
        store.run(client, api, SEARCH, budget=budget)
    # Five posts are left, but a search page holds at least ten: it stops rather than overspend.
    assert budget.spent == 10
    assert sum(api.served.values()) == 10
    store.run(client, api, SEARCH, budget=ReadBudget(100))
    assert sorted(store.ids, key=int) == sorted(ids, key=int)
    assert set(api.served.values()) == {1}


def test_last_page_shrinks_to_fit_the_budget(api, client):
    api.add_posts(30, W47_MONDAY, "@StadtIT_Demo danke")
    budget = ReadBudget(17)
    with pytest.raises(BudgetSpent, match="17 of 17"):
        Store().run(client, api, MENTIONS, budget=budget)
    assert [r["max_results"] for r in api.requests] == [["10"], ["7"]]
    assert sum(api.served.values()) == 17


def test_budget_shared_by_sources_is_spent_by_both(api, client):
    api.add_posts(8, W47_MONDAY, "@StadtIT_Demo #DankeStadtIT")
    budget = ReadBudget(100)
    Store().run(client, api, SEARCH, budget=budget)
    Store().run(client, api, MENTIONS, budget=budget)
    assert budget.spent == 16


def test_rate_limit_waits_until_reset_and_records_the_wait(api, client):
    api.add_posts(12, W47_MONDAY, "#DankeStadtIT")
    reset = int((api.now + timedelta(seconds=120)).timestamp())
    api.failures.append((429, {"x-rate-limit-reset": str(reset)}, {"title": "Too Many Requests"}))
    report = SourceReport(SEARCH)
    store = Store()
    store.run(client, api, SEARCH, report=report)
    assert store.sleeps == [121.0]
    assert (report.rate_limit_waits, report.rate_limit_wait_seconds) == (1, 121.0)
    assert len(store.ids) == 12


def test_rate_limit_beyond_the_allowance_raises_with_retry_after(api, client):
    api.add_posts(12, W47_MONDAY, "#DankeStadtIT")
    reset = api.now + timedelta(minutes=14)
    api.failures.append((429, {"x-rate-limit-reset": str(int(reset.timestamp()))}, {}))
    store = Store()
    with pytest.raises(RateLimited) as caught:
        store.run(client, api, SEARCH, max_rate_limit_wait=300)
    assert caught.value.retry_after == reset + timedelta(seconds=1)
    assert store.sleeps == []
    assert store.cursor == {}


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthFailed), (403, AuthFailed), (402, BudgetSpent), (503, TransientError), (400, CollectorError)],
)
def test_http_errors_become_praise_errors(api, client, status, error):
    api.failures.append((status, {}, {"title": "Nope", "detail": "demo refusal"}))
    with pytest.raises(error, match="demo refusal"):
        Store().run(client, api, SEARCH)


def test_error_after_a_page_keeps_the_stored_progress(api, client):
    ids = api.add_posts(25, W47_MONDAY, "#DankeStadtIT")
    store = Store()
    pages = collect_x(client, SEARCH, {}, budget=ReadBudget(100), report=SourceReport(SEARCH), page_size=10)
    first = next(pages)
    store.cursor = first.cursor_after
    api.failures.append((503, {}, {"title": "Service Unavailable"}))
    with pytest.raises(TransientError):
        next(pages)
    store.ids = [p["id"] for p in first.payload["data"]]
    store.run(client, api, SEARCH)
    assert sorted(store.ids, key=int) == sorted(ids, key=int)
    assert set(api.served.values()) == {1}


def test_since_id_older_than_the_search_window_becomes_a_start_time(api, client):
    stale = first_id_at(api.now - timedelta(days=9))
    recent = api.add_posts(4, api.now - timedelta(days=2), "#DankeStadtIT")
    store = Store()
    store.cursor = {"since_id": stale}
    store.run(client, api, SEARCH)
    assert "since_id" not in api.requests[0]
    assert "start_time" in api.requests[0]
    assert sorted(store.ids, key=int) == sorted(recent, key=int)
    assert store.cursor == {"since_id": recent[-1]}


def test_gap_that_left_the_search_window_is_given_up_and_new_posts_are_read(api, client):
    newest_then = first_id_at(api.now - timedelta(days=8))
    until = first_id_at(api.now - timedelta(days=8, hours=1))
    fresh = api.add_posts(3, api.now - timedelta(hours=5), "#DankeStadtIT")
    store = Store()
    store.cursor = {
        "since_id": first_id_at(api.now - timedelta(days=10)),
        "until_id": until,
        "newest_id": newest_then,
    }
    store.run(client, api, SEARCH)
    assert all("until_id" not in r for r in api.requests)
    assert store.cursor == {"since_id": fresh[-1]}


def test_mentions_ignore_the_search_window(api, client):
    old = api.add_posts(3, api.now - timedelta(days=20), "@StadtIT_Demo danke")
    store = Store()
    store.cursor = {"user_id": ACCOUNT["id"], "since_id": first_id_at(api.now - timedelta(days=30))}
    store.run(client, api, MENTIONS, page_size=5)
    assert sorted(store.ids, key=int) == sorted(old, key=int)
    assert "since_id" in api.requests[0]


@pytest.mark.parametrize(
    "cursor",
    [{"since": "1"}, {"since_id": "abc"}, {"since_id": True}, {"until_id": "5"}],
)
def test_unreadable_cursor_is_refused_rather_than_reading_everything_again(api, client, cursor):
    store = Store()
    store.cursor = cursor
    with pytest.raises(CollectorError, match="X cursor"):
        store.run(client, api, SEARCH)
    assert api.requests == []


def test_non_x_source_is_refused(client):
    with pytest.raises(CollectorError, match="not an X source"):
        next(
            collect_x(
                client,
                SourceKey(Platform.INSTAGRAM, "hashtag", "katerjoey"),
                {},
                budget=ReadBudget(10),
                report=SourceReport(SEARCH),
            )
        )


# X answers some failures with 200 and only an ``errors`` list: no data, no meta, no next_token.
ERROR_ONLY = {
    "errors": [
        {
            "title": "Service Unavailable",
            "detail": "Service is temporarily unavailable.",
            "type": "https://api.twitter.com/2/problems/operational-disconnect",
        }
    ]
}


def test_error_only_reply_mid_walk_loses_nothing_and_does_not_end_the_walk(api, client):
    ids = api.add_posts(45, W47_MONDAY, "#DankeStadtIT")
    api.faults_after[2] = (200, {}, ERROR_ONLY)
    store = Store()
    with pytest.raises(TransientError, match="temporarily unavailable"):
        store.run(client, api, SEARCH)
    # Two pages were stored; the cursor names the gap below them instead of claiming the walk is done.
    assert len(store.ids) == 20
    assert store.cursor == {"until_id": store.ids[-1], "newest_id": ids[-1]}
    store.run(client, api, SEARCH)
    assert sorted(store.ids, key=int) == sorted(ids, key=int)
    assert set(api.served.values()) == {1}


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("usage-capped", BudgetSpent),
        ("not-authorized-for-resource", AuthFailed),
        ("client-forbidden", AuthFailed),
        ("resource-not-found", CollectorError),
        ("invalid-request", CollectorError),
    ],
)
def test_error_only_reply_is_an_error_of_its_kind(api, client, kind, error):
    api.add_posts(25, W47_MONDAY, "#DankeStadtIT")
    problem = {"title": "Refused", "type": f"https://api.twitter.com/2/problems/{kind}"}
    api.faults_after[1] = (200, {}, {"errors": [problem]})
    store = Store()
    with pytest.raises(error, match="Refused") as caught:
        store.run(client, api, SEARCH)
    assert not caught.value.transient
    assert len(store.ids) == 10
    assert "until_id" in store.cursor


def test_rate_limit_problem_in_a_200_reply_waits_like_a_429(api, client):
    ids = api.add_posts(15, W47_MONDAY, "#DankeStadtIT")
    problem = {"title": "Too Many Requests", "type": "https://api.twitter.com/2/problems/rate-limit-exceeded"}
    api.faults_after[1] = (200, {}, {"errors": [problem]})
    store = Store()
    store.run(client, api, SEARCH)
    assert len(store.sleeps) == 1
    assert sorted(store.ids, key=int) == sorted(ids, key=int)


@pytest.mark.parametrize(
    "body",
    [
        [1, 2, 3],
        "a string",
        None,
        {"data": [{"id": "1", "text": "x"}]},  # no meta: no end-of-results signal either
        {"meta": {"result_count": 2}},  # counts posts it does not hold
        {"data": "nope", "meta": {"result_count": 1}},
        {"data": [{"text": "no id"}], "meta": {"result_count": 1, "newest_id": "5", "oldest_id": "5"}},
        {"meta": {"result_count": "3"}},
    ],
)
def test_reply_that_is_not_a_page_is_transient_and_moves_no_cursor(api, client, body):
    ids = api.add_posts(25, W47_MONDAY, "#DankeStadtIT")
    api.faults_after[1] = (200, {}, body)
    store = Store()
    with pytest.raises(TransientError):
        store.run(client, api, SEARCH)
    assert len(store.ids) == 10
    store.run(client, api, SEARCH)
    assert sorted(store.ids, key=int) == sorted(ids, key=int)
    assert set(api.served.values()) == {1}


def test_partial_errors_beside_posts_are_a_normal_page(api, client):
    """X adds ``errors`` for expansions it could not resolve; the posts themselves are fine."""
    ids = api.add_posts(3, W47_MONDAY, "#DankeStadtIT")
    body = {
        "data": [{"id": ids[0], "text": "#DankeStadtIT"}],
        "errors": [
            {"title": "Not Found Error", "type": "https://api.twitter.com/2/problems/resource-not-found"}
        ],
        "meta": {"result_count": 1, "newest_id": ids[0], "oldest_id": ids[0]},
    }
    api.failures.append((200, {}, body))
    pages = Store().run(client, api, SEARCH)
    assert pages[0].cursor_after == {"since_id": ids[0]}
