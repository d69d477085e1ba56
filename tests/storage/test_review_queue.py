"""The queue's light rows agree with the reports' frame; sessions end on logout and expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kernel.weeks import parse_week
from storage import reviews
from storage.classifications import set_editor_label
from storage.queries import mention_records
from storage.review_queue import full_rows, queue_rows, week_rows
from storage.review_sessions import end_session, end_sessions_of, load_session, start_session
from tests.review.world import WEEK, demo_week, insert_posts

FIELDS = (
    "id",
    "kind",
    "author_handle",
    "praise",
    "praise_by_editor",
    "sentiment",
    "irony",
    "needs_review",
    "topics",
    "decision",
    "highlight",
    "consent",
    "classified",
)


def test_light_rows_carry_the_same_effective_labels_as_the_frame(engine):
    ids = insert_posts(engine, demo_week())
    set_editor_label(engine, ids["question"], "praise", "not_praise", by="ed")
    reviews.set_decision(engine, ids["vpn"], "approved", actor="ed")
    reviews.set_highlight(engine, ids["vpn"], True, actor="ed")
    period = parse_week(WEEK)
    light = week_rows(engine, period.start, period.end)
    frame = [r.as_dict() for r in mention_records(engine, period.start, period.end)]
    assert [{k: r[k] for k in FIELDS} for r in light] == [{k: r[k] for k in FIELDS} for r in frame]
    full = full_rows(engine, [ids["vpn"]])[ids["vpn"]]
    assert full["url"].startswith("https://x.com/")
    assert full["reasons"] == ["praise: thanks addressed to the IT department"]


def test_server_side_sessions_end_on_logout_everywhere_and_on_expiry(engine):
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    for sid in ("one", "two"):
        start_session(
            engine, sid, user_name="ed", fingerprint="f", csrf="c", lifetime=timedelta(hours=1), now=now
        )
    live = load_session(engine, "one", now=now)
    assert live is not None
    assert live.user_name == "ed"
    assert load_session(engine, "one", now=now + timedelta(hours=2)) is None
    end_session(engine, "one")
    assert load_session(engine, "one", now=now) is None
    assert load_session(engine, "two", now=now) is not None
    assert end_sessions_of(engine, "ed") == 1
    assert load_session(engine, "two", now=now) is None


def test_the_queue_query_keeps_every_post_the_queue_holds(engine):
    from review.queue import queue_of
    from tests.review.world import OWN_HANDLES, busy_week

    ids = insert_posts(engine, [*demo_week(), *busy_week(300)])
    set_editor_label(engine, ids["complaint"], "sentiment", "neutral", by="ed")
    period = parse_week(WEEK)
    everything = queue_of(week_rows(engine, period.start, period.end), OWN_HANDLES)
    fewer = queue_rows(engine, period.start, period.end)
    assert len(fewer) < len(week_rows(engine, period.start, period.end))
    assert queue_of(fewer, OWN_HANDLES) == everything
    assert ids["complaint"] in {r["id"] for r in everything}
