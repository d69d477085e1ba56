"""The Mastodon collector through the real Mastodon.py against the loopback fake instance."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from mastodon import Mastodon

from collectors.mastodon.client import build_mastodon_client
from collectors.mastodon.collect import collect_mastodon
from collectors.mastodon.normalise import normalise_mastodon_page
from kernel.errors import AuthFailed, CollectorError, RateLimited, TransientError
from kernel.records import JSON, Platform, RawPage, SourceKey, SourceReport
from praise.fakes.mastodon import DEMO_TOKEN, FakeMastodon, load_demo_corpus

INSTANCE = "social.beispielstadt.example"
MENTIONS = SourceKey(Platform.MASTODON, "mentions", INSTANCE)
HASHTAG = SourceKey(Platform.MASTODON, "hashtag", f"{INSTANCE}/DankeStadtIT")


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    with FakeMastodon(corpus=copy.deepcopy(load_demo_corpus())) as server:
        yield server


def _api(fake: FakeMastodon, token: str | None = DEMO_TOKEN) -> Mastodon:
    return build_mastodon_client(INSTANCE, access_token=token, base_url=fake.base_url, timeout=5)


def _run(
    api: Mastodon, source: SourceKey, cursor: JSON, **options: Any
) -> tuple[list[RawPage], SourceReport]:
    report = SourceReport(source)
    options.setdefault("sleep", lambda _s: None)
    return list(collect_mastodon(api, source, cursor, report=report, **options)), report


def _uris(pages: list[RawPage]) -> list[str]:
    return [m.external_id for p in pages for m in normalise_mastodon_page(p.payload).mentions]


def test_first_run_backfills_then_later_runs_read_only_what_is_new(fake: FakeMastodon) -> None:
    api = _api(fake)
    pages, _ = _run(api, MENTIONS, {}, page_size=2)
    assert len(_uris(pages)) == 5
    # Pages before the last carry no cursor: a killed first run simply starts over.
    assert [p.cursor_after for p in pages[:-1]] == [{}] * (len(pages) - 1)
    cursor = pages[-1].cursor_after
    assert set(cursor) == {"since_id"}

    again, _ = _run(api, MENTIONS, cursor, page_size=2)
    assert _uris(again) == []

    new = copy.deepcopy(fake.corpus["statuses"][1])
    new.update(
        id="117700000000000000",
        uri="https://social.beispielstadt.example/users/lena/statuses/117700000000000000",
    )
    fake.add_status(new)
    later, _ = _run(api, MENTIONS, cursor, page_size=2)
    assert _uris(later) == [new["uri"]]
    assert int(later[-1].cursor_after["since_id"]) > int(cursor["since_id"])


def test_a_run_killed_between_pages_resumes_after_the_last_stored_page(fake: FakeMastodon) -> None:
    api = _api(fake)
    first, _ = _run(api, HASHTAG, {}, backfill=1)
    cursor = first[-1].cursor_after
    # Three more posts arrive; a run stores one page of two, then dies.
    base = fake.corpus["statuses"][2]
    for n in range(3):
        status = copy.deepcopy(base)
        status.update(id=str(117700000000000000 + n), uri=f"https://{INSTANCE}/users/jo_kita/statuses/n{n}")
        fake.add_status(status)
    walk = collect_mastodon(api, HASHTAG, cursor, report=SourceReport(HASHTAG), page_size=2)
    stored = next(walk)
    walk.close()
    resumed, _ = _run(api, HASHTAG, stored.cursor_after, page_size=2)

    seen = _uris([stored]) + _uris(resumed)
    added = [f"https://{INSTANCE}/users/jo_kita/statuses/n{n}" for n in range(3)]
    # Nothing lost; what a hashtag walk reads again at its edge (late federation) storage upserts.
    assert set(added) <= set(seen)
    assert resumed[-1].cursor_after == {"since_id": str(117700000000000000 + 2)}


def test_mentions_need_the_token_and_a_wrong_one_is_an_auth_failure(fake: FakeMastodon) -> None:
    with pytest.raises(AuthFailed, match="401"):
        _run(_api(fake, token="wrong"), MENTIONS, {})
    fake.fail_next(403)
    with pytest.raises(AuthFailed, match="read scope"):
        _run(_api(fake), HASHTAG, {})


def test_429_waits_for_the_reset_within_the_allowance_and_says_so(fake: FakeMastodon) -> None:
    slept: list[float] = []
    fake.fail_next(429, reset_in=3)
    pages, report = _run(_api(fake), HASHTAG, {}, sleep=slept.append, max_rate_limit_wait=60)
    assert len(_uris(pages)) == 5
    assert report.rate_limit_waits == 1
    assert 1 <= slept[0] <= 5


def test_429_beyond_the_allowance_stops_with_the_retry_time(fake: FakeMastodon) -> None:
    fake.fail_next(429, reset_in=600)
    with pytest.raises(RateLimited) as caught:
        _run(_api(fake), HASHTAG, {}, max_rate_limit_wait=30)
    assert caught.value.retry_after is not None
    assert caught.value.retry_after > datetime.now(UTC) + timedelta(minutes=9)


def test_server_errors_and_non_json_answers_are_transient(fake: FakeMastodon) -> None:
    fake.fail_next(503)
    with pytest.raises(TransientError, match="503"):
        _run(_api(fake), HASHTAG, {})
    fake.fail_next(200, body="<html>maintenance</html>")
    with pytest.raises(TransientError, match="not JSON"):
        _run(_api(fake), HASHTAG, {})


def test_malformed_items_reach_the_normaliser_and_are_quarantined(fake: FakeMastodon) -> None:
    fake.malformed_next({"id": "117600000000000000", "content": "<p>ohne uri</p>"}, "kaputt")
    pages, _ = _run(_api(fake), HASHTAG, {})
    normalised = [normalise_mastodon_page(p.payload) for p in pages]
    assert sum(len(n.mentions) for n in normalised) == 5
    assert sorted(q.reason for n in normalised for q in n.quarantined) == [
        "item is not a JSON object",
        "status uri missing, not text or longer than 300: None",
    ]


def test_a_cursor_this_collector_did_not_write_is_refused(fake: FakeMastodon) -> None:
    with pytest.raises(CollectorError, match="cursor"):
        _run(_api(fake), HASHTAG, {"since_id": "abc"})
    with pytest.raises(CollectorError, match="not a Mastodon source"):
        _run(_api(fake), SourceKey(Platform.X, "search", "q"), {})


def test_no_requests_left_means_waiting_for_the_reset_before_asking_again(fake: FakeMastodon) -> None:
    slept: list[float] = []
    fake._remaining = 1
    pages, report = _run(_api(fake), MENTIONS, {}, page_size=2, sleep=slept.append, max_rate_limit_wait=600)
    assert len(_uris(pages)) == 5
    # The first answer said "0 left": the collector waited for the window's reset once, without a 429.
    assert report.rate_limit_waits == 1
    assert 290 <= slept[0] <= 305


def test_a_recorded_response_survives_mastodon_py_unchanged() -> None:
    import json
    from pathlib import Path

    recorded = json.loads(
        (Path(__file__).parent / "payloads" / "recorded_mastodonpy_hashtag_tl.json").read_text(
            encoding="utf-8"
        )
    )
    corpus = {"instance": "localhost", "bot": {"acct": "nobody"}, "statuses": recorded["items"]}
    with FakeMastodon(corpus=corpus) as server:
        source = SourceKey(Platform.MASTODON, "hashtag", "localhost/hoot")
        pages, _ = _run(_api(server, token=None), source, {})
    # Mastodon.py turns times into datetimes and ids into its own type; the page holds JSON again, and
    # the mention is the one the recorded JSON gives. Only raw differs in form: Mastodon.py writes times
    # back in its own ISO form and adds the optional fields the instance left out, as null.
    (direct,) = normalise_mastodon_page(recorded).mentions
    (through_client,) = normalise_mastodon_page(pages[0].payload).mentions
    assert replace(through_client, raw={}) == replace(direct, raw={})
    assert through_client.raw["content"] == direct.raw["content"]
    assert through_client.raw["id"] == "109440153064280358"


def test_replies_under_our_posts_are_read_even_without_a_mention(fake: FakeMastodon) -> None:
    source = SourceKey(Platform.MASTODON, "replies", f"{INSTANCE}/stadtit_demo")
    pages, _ = _run(_api(fake, token=None), source, {})
    (reply_id,) = [s["id"] for s in fake.statuses if s.get("in_reply_to_id")]
    assert _uris(pages) == [f"https://{INSTANCE}/users/jo_kita/statuses/{reply_id}"]
    (reply,) = normalise_mastodon_page(pages[0].payload).mentions
    assert reply.kind.value == "reply"
    assert reply.text == "Super erklärt, hat bei uns im Team sofort geklappt! 👏"
    assert pages[-1].cursor_after == {"account_id": "109000000000000001"}
    # The next run needs no account look-up and reads the threads again (storage upserts).
    again, _ = _run(_api(fake, token=None), source, pages[-1].cursor_after)
    assert _uris(again) == _uris(pages)
    assert [p for p, _q in fake.requests_log].count("/api/v1/accounts/lookup") == 1


def test_a_late_federated_post_with_an_older_id_is_still_found(fake: FakeMastodon) -> None:
    api = _api(fake)
    first, _ = _run(api, HASHTAG, {})
    cursor = first[-1].cursor_after
    # A post from another server, published 30 minutes before the newest stored one, arrives now:
    # Mastodon gives it an id from its publication time, below the cursor.
    late = copy.deepcopy(fake.corpus["statuses"][6])
    late_id = str(int(cursor["since_id"]) - ((30 * 60 * 1000) << 16))
    late.update(
        id=late_id, uri="https://fedi.example/users/sam/statuses/late", created_at="2026-11-21T07:30:00Z"
    )
    fake.add_status(late)
    later, _ = _run(api, HASHTAG, cursor)
    assert "https://fedi.example/users/sam/statuses/late" in _uris(later)
    assert later[-1].cursor_after == cursor
