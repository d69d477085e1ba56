"""Instagram collectors against the fake Instagram, through the real instaloader code paths."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Generator
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
import responses

from collectors.instagram.collect import (
    CONNECTION_ATTEMPTS,
    collect_hashtag,
    collect_profile,
    collect_tagged,
    login_and_save,
    make_loader,
)
from collectors.instagram.normalise import normalise_instagram_page
from collectors.instagram.rate_limit import FlowRateController
from kernel.errors import AuthFailed, CollectorError, ConfigError, RateLimited, TransientError
from kernel.records import MentionKind, Platform, RawPage, SourceKey, SourceReport
from praise.fakes.instagram import FakeInstagram

JOEY = "kater.joey.demo"
AFTER_DEMO_WEEK = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NO_LOOKBACK = timedelta(0)


class Sleeps(list[float]):
    """A sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fake():
    with FakeInstagram(page_size=5) as server:
        yield server


@pytest.fixture
def loader(fake, tmp_path):
    sessionfile = fake.write_sessionfile(tmp_path / "session-it.referat.demo")
    return make_loader("it.referat.demo", sessionfile, session=fake.session(), pause_between_requests=False)


def report(kind: str = "profile", key: str = JOEY) -> SourceReport:
    return SourceReport(SourceKey(Platform.INSTAGRAM, kind, key))


def run(collector, loader, key, cursor, *, max_posts=100, lookback=NO_LOOKBACK, sleep=None, **kwargs):
    return list(
        collector(
            loader,
            key,
            cursor,
            max_posts=max_posts,
            report=kwargs.pop("report", report()),
            sleep=sleep if sleep is not None else Sleeps(),
            comment_lookback=lookback,
            now=lambda: AFTER_DEMO_WEEK,
            **kwargs,
        )
    )


def codes(pages):
    return [p.payload["post"]["shortcode"] for p in pages if p.payload.get("post")]


def newest(fake, posts):
    return datetime.fromtimestamp(max(p["taken_at"] for p in posts), UTC).isoformat()


def test_profile_with_comments_reads_every_post_and_comment(fake, loader):
    pages = run(collect_profile, loader, JOEY, {})
    expected = fake.profile_posts(JOEY)
    assert codes(pages) == [p["code"] for p in expected]
    assert pages[0].payload["pinned"] is True
    assert sum(p.payload["pinned"] for p in pages) == 1
    assert pages[-1].cursor_after == {"newest_taken_at": newest(fake, expected)}
    mentions = [m for p in pages for m in normalise_instagram_page(p.payload).mentions]
    comments = [m for m in mentions if m.kind is MentionKind.COMMENT]
    corpus_comments = sum(1 + len(c["answers"]) for p in expected for c in p["comments"])
    assert len(comments) == corpus_comments
    assert len({m.external_id for m in comments}) == corpus_comments
    # both of instaloader's comment paths ran: GraphQL pages (<= 12 comments) and the iPhone endpoint
    assert fake.served["comments"] > 0
    assert fake.served["iphone_comments"] >= 2
    assert fake.served["answers"] > 0
    assert sum(p.posts_read for p in pages) == len(expected) + corpus_comments


def test_pinned_old_post_does_not_stop_the_pass_but_an_old_post_does(fake, loader):
    cursor = {"newest_taken_at": "2026-11-10T00:00:00+00:00"}
    pages = run(collect_profile, loader, JOEY, cursor)
    stop = datetime(2026, 11, 10, tzinfo=UTC).timestamp()
    newer = [p["code"] for p in fake.profile_posts(JOEY) if p["taken_at"] > stop and not p["pinned"]]
    assert codes(pages) == newer
    pinned = next(p for p in fake.profile_posts(JOEY) if p["pinned"])
    assert pinned["code"] not in codes(pages)
    # the pass stopped at the 9 November post: the third page of the timeline was never asked for
    assert fake.served["timeline"] == 2
    assert pages[-1].cursor_after == {"newest_taken_at": newest(fake, fake.profile_posts(JOEY))}


def test_second_run_reads_only_newer_posts(fake, loader):
    first = run(collect_profile, loader, JOEY, {})
    cursor = first[-1].cursor_after
    new_post = dict(fake.post(codes(first)[1]), pk="3700000999999999999", code="DNZCzzzzzzz")
    new_post.update(taken_at=int(datetime(2026, 11, 22, 10, 0, tzinfo=UTC).timestamp()), comments=[])
    fake.publish(new_post)
    second = run(collect_profile, loader, JOEY, cursor)
    assert codes(second) == ["DNZCzzzzzzz"]
    assert second[-1].cursor_after == {"newest_taken_at": "2026-11-22T10:00:00+00:00"}
    third = run(collect_profile, loader, JOEY, second[-1].cursor_after)
    assert third == []


def test_lookback_rereads_recent_posts_for_late_comments(fake, loader):
    cursor = run(collect_profile, loader, JOEY, {})[-1].cursor_after
    late = {"pk": "18039999999990001", "user": "anna.beispiel", "text": "Späte Frage: gilt das auch am Mac?"}
    target = next(p for p in fake.profile_posts(JOEY) if p["code"] == "DNZCnulDjrE")  # Tue 17 Nov
    target["comments"].append(
        {**late, "created_at": target["taken_at"] + 86_400 * 5, "like_count": 0, "answers": []}
    )
    pages = run(collect_profile, loader, JOEY, cursor, lookback=timedelta(days=7))
    window = AFTER_DEMO_WEEK - timedelta(days=7)
    expected = [p["code"] for p in fake.profile_posts(JOEY) if p["taken_at"] > window.timestamp()]
    assert codes(pages) == expected
    texts = [m.text for p in pages for m in normalise_instagram_page(p.payload).mentions]
    assert late["text"] in texts
    assert pages[-1].cursor_after == cursor


@pytest.mark.parametrize("kill_after", [1, 2, 3, 7, 13])
@pytest.mark.parametrize("publish_meanwhile", [False, True])
def test_kill_midway_then_rerun_loses_nothing_and_stores_nothing_twice(
    fake, loader, kill_after, publish_meanwhile
):
    start = {"newest_taken_at": "2026-10-01T00:00:00+00:00"}
    full = codes(run(collect_profile, loader, JOEY, dict(start), comments=False))
    generator = cast(
        Generator[RawPage, None, None],
        collect_profile(
            loader,
            JOEY,
            dict(start),
            max_posts=100,
            comments=False,
            report=report(),
            sleep=Sleeps(),
            comment_lookback=NO_LOOKBACK,
            now=lambda: AFTER_DEMO_WEEK,
        ),
    )
    stored = []
    cursor = start
    for _ in range(kill_after):
        page = next(generator)
        stored.append(page.payload["post"]["shortcode"])
        cursor = page.cursor_after  # storage commits page and cursor together
    generator.close()  # the worker dies here
    expected = list(full)
    if publish_meanwhile:
        new_posts = []
        for n, day in enumerate((22, 22)):
            post = dict(fake.post(full[-1]), pk=f"370000099999999990{n}", code=f"DNZCzzzzzz{n}", comments=[])
            post.update(taken_at=int(datetime(2026, 11, day, 10 + n, tzinfo=UTC).timestamp()), pinned=False)
            fake.publish(post)
            new_posts.append(post["code"])
        expected += new_posts
    rerun = run(collect_profile, loader, JOEY, cursor, comments=False)
    stored += codes(rerun)
    assert sorted(stored) == sorted(expected)  # nothing lost, nothing twice
    final = rerun[-1].cursor_after if rerun else cursor
    assert final == {"newest_taken_at": newest(fake, fake.profile_posts(JOEY))}


def test_error_midway_keeps_the_last_stored_cursor_valid(fake, loader):
    generator = collect_profile(
        loader,
        JOEY,
        {},
        max_posts=100,
        comments=False,
        report=report(),
        sleep=Sleeps(),
        comment_lookback=NO_LOOKBACK,
        now=lambda: AFTER_DEMO_WEEK,
    )
    stored = [next(generator) for _ in range(4)]
    fake.fail_next(503, "<html>Service Unavailable</html>", times=CONNECTION_ATTEMPTS)
    with pytest.raises(TransientError, match="not answering"):
        list(generator)
    rerun = run(collect_profile, loader, JOEY, stored[-1].cursor_after, comments=False)
    all_codes = codes(stored) + codes(rerun)
    assert sorted(all_codes) == sorted(p["code"] for p in fake.profile_posts(JOEY))


def test_max_posts_splits_a_pass_over_runs_without_loss(fake, loader):
    cursor: dict[str, object] = {}
    seen: list[str] = []
    for _ in range(10):
        pages = run(collect_profile, loader, JOEY, cursor, max_posts=4, comments=False)
        if not pages:
            break
        seen += codes(pages)
        cursor = pages[-1].cursor_after
        if "pass" not in cursor:
            break
    assert sorted(seen) == sorted(p["code"] for p in fake.profile_posts(JOEY))
    assert cursor == {"newest_taken_at": newest(fake, fake.profile_posts(JOEY))}


def test_tagged_posts(fake, loader):
    pages = run(collect_tagged, loader, JOEY, {}, report=report("tagged"))
    expected = fake.tagged_posts(JOEY)
    assert codes(pages) == [p["code"] for p in expected]
    assert len(pages) == 8
    assert all(p.source == SourceKey(Platform.INSTAGRAM, "tagged", JOEY) for p in pages)
    posts = [normalise_instagram_page(p.payload).mentions[0] for p in pages]
    assert {m.author_handle for m in posts} == {p["owner"] for p in expected}
    assert JOEY not in {m.author_handle for m in posts}
    comments = sum(len(normalise_instagram_page(p.payload).mentions) - 1 for p in pages)
    assert comments == sum(1 + len(c["answers"]) for p in expected for c in p["comments"])


def test_hashtag_posts_across_pages(fake, loader):
    fake.page_size = 2
    pages = run(collect_hashtag, loader, "#KaterJoey", {}, report=report("hashtag", "katerjoey"))
    assert codes(pages) == [p["code"] for p in fake.hashtag_posts("katerjoey")]
    assert len(pages) == 5
    assert fake.served["hashtag_more"] == 2
    assert pages[0].source.key == "katerjoey"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (400, {"message": "useragent mismatch", "status": "fail"}),
        (403, {"message": "login_required", "status": "fail"}),
        (404, {"message": "Page not found", "status": "fail"}),
    ],
)
def test_hashtag_refusal_is_a_clear_error_for_that_source_only(fake, loader, status, body):
    fake.fail_next(status, body, times=CONNECTION_ATTEMPTS, match="tags/web_info")
    with pytest.raises(CollectorError, match="refused to show it") as caught:
        run(collect_hashtag, loader, "katerjoey", {})
    assert type(caught.value) is CollectorError
    assert not caught.value.transient
    # the same loader still reads the profile
    assert codes(run(collect_profile, loader, JOEY, {"newest_taken_at": "2026-11-20T00:00:00+00:00"}))


def test_429_is_rate_limited_without_a_long_sleep(fake, loader):
    sleeps = Sleeps()
    rep = report()
    fake.fail_next(429, match="graphql")
    with pytest.raises(RateLimited, match="retry after") as caught:
        run(collect_profile, loader, JOEY, {}, sleep=sleeps, report=rep)
    assert caught.value.retry_after is not None
    assert caught.value.retry_after > datetime.now(UTC)
    assert all(s <= 60 for s in sleeps)
    assert fake.faults_served[429] == 1
    # instaloader's retry after the 429 went to our controller, which raised instead of asking again
    assert fake.requests_log[-1][2] == "/graphql/query"


def test_please_wait_a_few_minutes_is_rate_limited(fake, loader):
    fake.fail_next(
        401,
        {"message": "Please wait a few minutes before you try again.", "status": "fail"},
        times=CONNECTION_ATTEMPTS,
    )
    with pytest.raises(RateLimited, match="Please wait a few minutes"):
        run(collect_profile, loader, JOEY, {})


@pytest.mark.parametrize("message", ["checkpoint_required", "challenge_required"])
def test_checkpoint_is_auth_failed(fake, loader, message):
    fake.fail_next(400, {"message": message, "status": "fail"}, match="graphql")
    with pytest.raises(
        AuthFailed, match="checkpoint; log in with a browser, then run praise instagram-login"
    ):
        run(collect_profile, loader, JOEY, {})
    assert fake.faults_served[400] == 1  # no further request after a checkpoint


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_transient(fake, loader, status):
    fake.fail_next(status, "<html>Oops</html>", times=CONNECTION_ATTEMPTS)
    with pytest.raises(TransientError) as caught:
        run(collect_profile, loader, JOEY, {})
    assert caught.value.transient


def test_one_server_error_is_ridden_out(fake, loader):
    fake.fail_next(500, "<html>Oops</html>", times=1, match="graphql")
    assert len(run(collect_profile, loader, JOEY, {}, comments=False)) == len(fake.profile_posts(JOEY))


def test_unknown_profile_is_a_clear_error(fake, loader):
    with pytest.raises(CollectorError, match="does not exist"):
        run(collect_profile, loader, "niemand.demo", {})


def test_session_file_is_loaded(fake, tmp_path):
    sessionfile = fake.write_sessionfile(tmp_path / "session")
    loader = make_loader("it.referat.demo", sessionfile, session=fake.session(), pause_between_requests=False)
    assert loader.context.is_logged_in
    assert loader.context.username == "it.referat.demo"
    assert loader.test_login() == "it.referat.demo"
    assert isinstance(loader.context._rate_controller, FlowRateController)


def test_expired_session_is_auth_failed(fake, tmp_path):
    sessionfile = tmp_path / "session"
    sessionfile.write_bytes(pickle.dumps({"sessionid": "expired", "csrftoken": "x", "ds_user_id": "1"}))
    loader = make_loader("it.referat.demo", sessionfile, session=fake.session(), pause_between_requests=False)
    with pytest.raises(AuthFailed, match="instagram-login"):
        run(collect_profile, loader, JOEY, {})


def test_session_file_problems(tmp_path):
    with pytest.raises(AuthFailed, match="does not exist"):
        make_loader("it.referat.demo", tmp_path / "missing")
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"not a pickle")
    with pytest.raises(AuthFailed, match="cannot be read"):
        make_loader("it.referat.demo", garbage)
    with pytest.raises(ConfigError, match="INSTAGRAM_USERNAME"):
        make_loader(None, garbage)


def test_comments_need_a_login(fake):
    anonymous = make_loader(None, None, session=fake.session(), pause_between_requests=False)
    with pytest.raises(AuthFailed, match="logged-in session"):
        run(collect_profile, anonymous, JOEY, {})


def test_anonymous_profile_without_comments_uses_the_logged_out_path(fake):
    anonymous = make_loader(None, None, session=fake.session(), pause_between_requests=False)
    pages = run(collect_profile, anonymous, JOEY, {}, comments=False)
    assert codes(pages) == [p["code"] for p in fake.profile_posts(JOEY)]
    assert fake.served["timeline_logged_out"] >= 1
    mentions = [normalise_instagram_page(p.payload).mentions[0] for p in pages]
    assert all(m.author_handle == JOEY for m in mentions)


def test_rate_controller_waits_briefly_and_counts_else_stops(fake, loader):
    controller = loader.context._rate_controller
    sleeps = Sleeps()
    rep = report()
    controller.bind(rep, sleeps)
    controller.sleep(12.5)
    assert sleeps == [12.5]
    assert (rep.rate_limit_waits, rep.rate_limit_wait_seconds) == (1, 12.5)
    with pytest.raises(RateLimited, match="retry after"):
        controller.sleep(31 * 60)
    assert sleeps == [12.5]


@responses.activate
def test_login_with_two_factor_asks_for_instaloader_login(tmp_path):
    responses.get(
        "https://www.instagram.com/", body="<html></html>", headers={"Set-Cookie": "csrftoken=abc; Path=/"}
    )
    responses.post(
        "https://www.instagram.com/api/v1/web/accounts/login/ajax/",
        json={
            "two_factor_required": True,
            "two_factor_info": {"two_factor_identifier": "2fa-1"},
            "status": "fail",
        },
    )
    with pytest.raises(AuthFailed, match=re.escape("instaloader --login it.referat.demo")):
        login_and_save("it.referat.demo", "geheim", tmp_path / "session")
    assert not (tmp_path / "session").exists()


@responses.activate
def test_login_saves_a_session_file_that_make_loader_loads(tmp_path):
    responses.get(
        "https://www.instagram.com/", body="<html></html>", headers={"Set-Cookie": "csrftoken=abc; Path=/"}
    )
    responses.post(
        "https://www.instagram.com/api/v1/web/accounts/login/ajax/",
        json={"authenticated": True, "user": True, "userId": "62000000001", "status": "ok"},
        headers={"Set-Cookie": "csrftoken=def; Path=/"},
    )
    sessionfile = tmp_path / "dir" / "session"
    login_and_save("it.referat.demo", "geheim", sessionfile)
    assert "geheim" not in sessionfile.read_bytes().decode("latin-1")
    loader = make_loader("it.referat.demo", sessionfile)
    assert loader.context.is_logged_in


@responses.activate
def test_login_wrong_password(tmp_path):
    responses.get(
        "https://www.instagram.com/", body="<html></html>", headers={"Set-Cookie": "csrftoken=abc; Path=/"}
    )
    responses.post(
        "https://www.instagram.com/api/v1/web/accounts/login/ajax/",
        json={"authenticated": False, "user": True, "status": "ok"},
    )
    with pytest.raises(AuthFailed, match="wrong password"):
        login_and_save("it.referat.demo", "falsch", tmp_path / "session")


def test_pages_are_json(fake, loader):
    for page in run(collect_tagged, loader, JOEY, {}):
        json.dumps(page.payload)
        json.dumps(page.cursor_after)
