"""The loopback X API fake, driven by the real client and collector, and its fictional demo corpus."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests

from collectors.x import ReadBudget, build_x_client, collect_x, normalise_x_page
from collectors.x.ids import first_id_at, time_of_id
from kernel.errors import AuthFailed, BudgetSpent, TransientError
from kernel.records import Mention, MentionKind, Platform, RawPage, SourceKey, SourceReport
from praise.fakes.x_api import DEMO_ACCOUNT, DEMO_NOW, DEMO_QUERIES, DEMO_TOKEN, FakeXApi, load_demo_corpus

MENTIONS = SourceKey(Platform.X, "mentions", DEMO_ACCOUNT)
SEARCH = SourceKey(Platform.X, "search", "#DankeStadtIT")
JOEY = SourceKey(Platform.X, "search", '"Kater Joey"')
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def corpus() -> dict[str, Any]:
    return load_demo_corpus()


@pytest.fixture
def api(corpus):
    with FakeXApi(corpus) as fake:
        yield fake


@pytest.fixture
def client(api):
    return build_x_client(DEMO_TOKEN, base_url=api.base_url, timeout=2)


class Run:
    """One collection run, keeping what storage would keep: the pages and the last stored cursor."""

    def __init__(
        self, client, api: FakeXApi, source: SourceKey, cursor=None, *, pages=None, **kwargs
    ) -> None:
        self.report = SourceReport(source)
        self.sleeps: list[float] = []
        generator = collect_x(
            client,
            source,
            cursor or {},
            budget=kwargs.pop("budget", ReadBudget(2000)),
            report=self.report,
            page_size=kwargs.pop("page_size", 10),
            sleep=self.sleeps.append,
            clock=lambda: api.now,
        )
        self.pages: list[RawPage] = list(islice(generator, pages))
        self.cursor = self.pages[-1].cursor_after if self.pages else (cursor or {})

    @property
    def ids(self) -> list[str]:
        return [post["id"] for page in self.pages for post in page.payload.get("data", [])]


def expected(api: FakeXApi, source: SourceKey) -> set[str]:
    posts = api.mentions_of(source.key) if source.kind == "mentions" else api.search(source.key)
    return {post["id"] for post in posts}


@pytest.mark.parametrize("source", [MENTIONS, SEARCH, JOEY], ids=str)
def test_collector_reads_the_whole_source_once(client, api, source):
    run = Run(client, api, source)

    assert len(run.pages) > 1
    assert len(run.ids) == len(set(run.ids))
    assert set(run.ids) == expected(api, source)
    assert api.served == Counter(run.ids)
    assert sum(page.posts_read for page in run.pages) == api.tweets_served


def test_demo_sources_find_most_of_the_corpus(api):
    found = expected(api, MENTIONS) | expected(api, SEARCH) | expected(api, JOEY)
    assert len(expected(api, MENTIONS)) >= 100
    assert len(expected(api, SEARCH)) >= 15
    assert len(found) >= 0.75 * len(api.tweets())
    assert set(DEMO_QUERIES) == {SEARCH.key, JOEY.key}


@pytest.mark.parametrize("source", [MENTIONS, SEARCH], ids=str)
def test_second_run_reads_nothing(client, api, source):
    first = Run(client, api, source)
    served = api.served.copy()

    second = Run(client, api, source, first.cursor)

    assert second.ids == []
    assert api.served == served
    assert second.pages[-1].payload == {"meta": {"result_count": 0}}


@pytest.mark.parametrize("source", [MENTIONS, SEARCH], ids=str)
def test_posts_added_between_runs_are_read_once(client, api, source):
    first = Run(client, api, source)
    at = DEMO_NOW - timedelta(minutes=45)
    new_id = str(int(first_id_at(at)) + 7)
    api.add_tweets(
        [
            {
                "id": new_id,
                "text": "@StadtIT_Demo Guten Morgen! Der neue Laptop startet in 10 Sekunden 🚀 #DankeStadtIT",
                "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "author_id": "1700000000000000102",
                "lang": "de",
                "entities": {
                    "mentions": [{"start": 0, "end": 13, "username": "StadtIT_Demo"}],
                    "hashtags": [{"start": 71, "end": 84, "tag": "DankeStadtIT"}],
                },
            }
        ]
    )

    second = Run(client, api, source, first.cursor)

    assert second.ids == [new_id]
    assert set(api.served.values()) == {1}


@pytest.mark.parametrize("source", [MENTIONS, SEARCH], ids=str)
def test_a_run_killed_after_its_first_page_resumes_without_reading_twice(client, api, source):
    killed = Run(client, api, source, pages=1)
    assert killed.cursor.get("until_id")

    resumed = Run(client, api, source, killed.cursor)

    assert set(killed.ids) | set(resumed.ids) == expected(api, source)
    assert set(killed.ids).isdisjoint(resumed.ids)
    assert set(api.served.values()) == {1}
    assert "until_id" not in resumed.cursor


def test_search_cursor_older_than_the_window_reads_by_start_time(client, api):
    stale = {"since_id": first_id_at(api.now - timedelta(days=9))}

    run = Run(client, api, SEARCH, stale)

    floor = api.now - timedelta(days=7) + timedelta(minutes=2)
    assert "start_time" in api.requests[0].params
    assert set(run.ids) == {p["id"] for p in api.search(SEARCH.key) if time_of_id(p["id"]) >= floor}
    assert all(r.status == 200 for r in api.requests)


def test_weekly_runs_each_read_only_their_new_posts(client, api):
    api.now = DEMO_NOW - timedelta(days=7)
    earlier = Run(client, api, MENTIONS)
    assert earlier.ids
    assert all(time_of_id(i) < api.now for i in earlier.ids)

    api.now = DEMO_NOW
    later = Run(client, api, MENTIONS, earlier.cursor)

    assert set(earlier.ids) | set(later.ids) == expected(api, MENTIONS)
    assert set(api.served.values()) == {1}


def test_wrong_token_is_refused_with_auth_failed(api):
    client = build_x_client("not-the-demo-token", base_url=api.base_url, timeout=2)

    with pytest.raises(AuthFailed, match="401"):
        Run(client, api, SEARCH)

    assert api.tweets_served == 0
    assert api.requests[-1].status == 401


def test_rate_limit_with_reset_waits_and_continues(client, api):
    reset = int(api.now.timestamp()) + 30
    api.fail_next(429, headers={"x-rate-limit-reset": str(reset)})

    run = Run(client, api, SEARCH)

    assert run.sleeps == [31.0]
    assert run.report.rate_limit_waits == 1
    assert set(run.ids) == expected(api, SEARCH)
    assert set(api.served.values()) == {1}
    assert [r.status for r in api.requests[:2]] == [429, 200]


@pytest.mark.parametrize(
    ("status", "error"), [(503, TransientError), (500, TransientError), (402, BudgetSpent), (401, AuthFailed)]
)
def test_injected_failures_raise_the_collector_errors(client, api, status, error):
    api.fail_next(status)

    with pytest.raises(error, match=str(status)):
        Run(client, api, SEARCH)

    assert api.tweets_served == 0
    retry = Run(client, api, SEARCH)
    assert set(retry.ids) == expected(api, SEARCH)


def test_answer_slower_than_the_client_time_out_is_transient(api):
    client = build_x_client(DEMO_TOKEN, base_url=api.base_url, timeout=0.2)
    api.delay_next(1.5)

    with pytest.raises(TransientError, match=r"did not answer within 0\.2 s"):
        Run(client, api, SEARCH)

    assert api.tweets_served == 0


def test_normaliser_reads_every_served_page(client, api):
    pages = Run(client, api, MENTIONS).pages + Run(client, api, SEARCH).pages + Run(client, api, JOEY).pages
    mentions: dict[str, Mention] = {}
    for page in pages:
        result = normalise_x_page(page.payload)
        assert result.quarantined == []
        assert [m.external_id for m in result.mentions] == [p["id"] for p in page.payload.get("data", [])]
        mentions |= {m.external_id: m for m in result.mentions}

    assert len(mentions) == len(api.served)
    kinds = Counter(m.kind for m in mentions.values())
    assert kinds[MentionKind.REPOST] >= 10
    assert kinds[MentionKind.REPLY] >= 10
    assert kinds[MentionKind.QUOTE] >= 2
    long_post = next(m for m in mentions.values() if len(m.text) > 280)
    assert "#DankeStadtIT" in long_post.text
    assert "\n" in long_post.text
    orphan = [m for m in mentions.values() if m.author_handle is None]
    assert len(orphan) == 1
    assert orphan[0].url == f"https://x.com/i/web/status/{orphan[0].external_id}"
    assert any(m.media_urls for m in mentions.values())
    assert {m.language for m in mentions.values()} >= {"de", "en", None}
    handles = {m.author_handle for m in mentions.values()}
    assert {"StadtIT_Demo", "joey_team_anna"} <= handles


def test_search_refuses_what_x_refuses(api):
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    url = api.base_url + "/2/tweets/search/recent"
    old_id = first_id_at(api.now - timedelta(days=8))

    too_old = requests.get(
        url, params={"query": "#DankeStadtIT", "since_id": old_id}, headers=headers, timeout=2
    )
    too_big = requests.get(
        url, params={"query": "#DankeStadtIT", "max_results": "101"}, headers=headers, timeout=2
    )
    unknown = requests.get(url, params={"query": "#DankeStadtIT", "count": "5"}, headers=headers, timeout=2)
    small = requests.get(
        api.base_url + f"/2/users/{corpus_user_id(api)}/mentions",
        params={"max_results": "4"},
        headers=headers,
        timeout=2,
    )

    assert too_old.status_code == 400
    assert too_old.json()["errors"][0]["parameters"] == {"since_id": [old_id]}
    assert "must be a tweet id created after" in too_old.json()["errors"][0]["message"]
    assert too_big.status_code == 400
    assert "[101] is not between 10 and 100" in too_big.json()["errors"][0]["message"]
    assert unknown.status_code == 400
    assert small.status_code == 400
    assert "between 5 and 100" in small.json()["errors"][0]["message"]
    assert api.tweets_served == 0


def corpus_user_id(api: FakeXApi) -> str:
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    answer = requests.get(api.base_url + "/2/users/by/username/stadtit_demo", headers=headers, timeout=2)
    return str(answer.json()["data"]["id"])


def test_next_tokens_page_through_search_and_only_requested_fields_come_back(api):
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    url = api.base_url + "/2/tweets/search/recent"
    params: dict[str, Any] = {
        "query": '"kater joey" -is:retweet',
        "max_results": 10,
        "expansions": "author_id",
    }
    ids: list[str] = []
    while True:
        body = requests.get(url, params=params, headers=headers, timeout=2).json()
        ids += [post["id"] for post in body.get("data", [])]
        assert all(set(post) == {"id", "text", "edit_history_tweet_ids"} for post in body["data"])
        authors = {post["author_id"] for post in api.tweets() if post["id"] in ids}
        assert {user["id"] for user in body["includes"]["users"]} <= authors
        if "next_token" not in body["meta"]:
            break
        params["next_token"] = body["meta"]["next_token"]

    assert ids == sorted(ids, key=int, reverse=True)
    assert set(ids) == {p["id"] for p in api.search('"Kater Joey"') if not p["text"].startswith("RT @")}
    either = {p["id"] for p in api.search('#DankeStadtIT OR "Kater Joey"')}
    assert either == expected(api, SEARCH) | expected(api, JOEY)
    assert either > expected(api, SEARCH)
    assert api.search("#dankestadtit") == api.search("#DankeStadtIT")


def test_demo_corpus_is_consistent(corpus):
    tweets, users = corpus["tweets"], {u["id"] for u in corpus["users"]}
    by_id = {t["id"]: t for t in tweets}
    weeks = Counter(
        datetime.fromisoformat(t["created_at"]).astimezone(BERLIN).isocalendar()[:2] for t in tweets
    )

    assert 180 <= len(tweets) <= 240
    assert weeks[(2026, 47)] >= 140
    assert weeks[(2026, 46)] >= 15
    assert weeks[(2026, 45)] >= 15
    assert set(weeks) == {(2026, 45), (2026, 46), (2026, 47)}
    english = sum(t["lang"] == "en" for t in tweets) / len(tweets)
    assert 0.12 <= english <= 0.3
    for tweet in tweets:
        created = datetime.fromisoformat(tweet["created_at"])
        assert time_of_id(tweet["id"]).replace(microsecond=0) == created
        assert created < DEMO_NOW
        for ref in tweet.get("referenced_tweets", []):
            assert by_id[ref["id"]]["created_at"] <= tweet["created_at"]
    assert len({t["text"] for t in tweets if "referenced_tweets" not in t}) == sum(
        "referenced_tweets" not in t for t in tweets
    )
    missing = {t["author_id"] for t in tweets} - users
    assert len(missing) == 1
    reposts = [t for t in tweets if any(r["type"] == "retweeted" for r in t.get("referenced_tweets", []))]
    assert len(reposts) >= 10
    assert all(t["text"].startswith("RT @") for t in reposts)
    assert any(len(t.get("note_tweet", {}).get("text", "")) > 280 and len(t["text"]) <= 280 for t in tweets)
    media_keys = {m["media_key"] for m in corpus["media"]}
    assert {k for t in tweets for k in t.get("attachments", {}).get("media_keys", [])} == media_keys


def test_fake_stops_serving_when_closed(corpus):
    fake = FakeXApi(corpus, now=datetime(2026, 11, 23, 6, 0, tzinfo=UTC)).start()
    url = fake.base_url
    fake.close()

    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/2/tweets/search/recent", timeout=1)
    with pytest.raises(RuntimeError):
        _ = fake.base_url
