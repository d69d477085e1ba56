"""Review writes: audited in the same transaction, refused once the week is published."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from storage import reviews
from storage.schema import AuditRow, PublicationRow, ReviewRow
from tests.review.world import WEEK, demo_week, insert_posts


@pytest.fixture
def ids(engine: Engine) -> dict[str, int]:
    return insert_posts(engine, demo_week())


def _audit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AuditRow)).scalar_one())


def _review(engine: Engine, mention_id: int) -> Any:
    with engine.connect() as conn:
        return conn.execute(
            select(ReviewRow.__table__).where(ReviewRow.mention_id == mention_id)
        ).one_or_none()


def test_a_decision_is_stored_and_audited_with_before_and_after(engine, ids):
    week = reviews.set_decision(engine, ids["vpn"], "approved", actor="ed")
    reviews.set_decision(engine, ids["vpn"], "rejected", actor="pia")

    assert week == WEEK
    row = _review(engine, ids["vpn"])
    assert row.decision == "rejected"
    assert row.updated_by == "pia"
    history = reviews.audit_history(engine, [ids["vpn"], ids["irony"]])
    assert [(e.actor, e.action, e.details) for e in history[ids["vpn"]]] == [
        ("ed", "review.decision", {"from": None, "to": "approved"}),
        ("pia", "review.decision", {"from": "approved", "to": "rejected"}),
    ]
    assert history[ids["irony"]] == []


def test_each_field_changes_alone(engine, ids):
    mention_id = ids["helpdesk"]
    reviews.set_highlight(engine, mention_id, True, actor="ed")
    reviews.set_consent(engine, mention_id, "asked", actor="ed")
    reviews.set_note(engine, mention_id, "  Autor per DM gefragt  ", actor="ed")
    reviews.set_decision(engine, mention_id, "approved", actor="ed")

    row = _review(engine, mention_id)
    assert (row.decision, row.highlight, row.consent, row.note) == (
        "approved",
        True,
        "asked",
        "Autor per DM gefragt",
    )
    reviews.set_note(engine, mention_id, "   ", actor="ed")
    assert _review(engine, mention_id).note is None


def test_bad_values_and_unknown_posts_are_refused_without_a_trace(engine, ids):
    with pytest.raises(ValueError, match="decision"):
        reviews.set_decision(engine, ids["vpn"], "maybe", actor="ed")
    with pytest.raises(ValueError, match="consent"):
        reviews.set_consent(engine, ids["vpn"], "perhaps", actor="ed")
    with pytest.raises(reviews.UnknownMention):
        reviews.set_decision(engine, 999_999, "approved", actor="ed")
    assert _audit_count(engine) == 0


def test_a_change_sends_an_approved_week_back_to_draft(engine, ids):
    reviews.set_decision(engine, ids["vpn"], "approved", actor="ed")
    assert reviews.approve_week(engine, WEEK, actor="pia").status == reviews.APPROVED

    reviews.set_decision(engine, ids["helpdesk"], "approved", actor="ed")

    state = reviews.week_state(engine, WEEK)
    assert state.status == reviews.DRAFT
    assert state.approved_by is None
    assert [e.action for e in reviews.week_history(engine, WEEK)] == ["digest.approved", "digest.reopened"]


def test_a_published_week_refuses_every_write(engine, ids):
    reviews.set_decision(engine, ids["vpn"], "approved", actor="ed")
    reviews.approve_week(engine, WEEK, actor="pia")
    reviews.mark_week_published(engine, WEEK, actor="pia", target="folder:/tmp/x")
    before = _audit_count(engine)

    mention_id = ids["vpn"]
    attempts = [
        lambda: reviews.set_decision(engine, mention_id, "rejected", actor="ed"),
        lambda: reviews.set_highlight(engine, mention_id, True, actor="ed"),
        lambda: reviews.set_note(engine, mention_id, "zu spät", actor="ed"),
        lambda: reviews.ensure_open(engine, mention_id, actor="ed"),
        lambda: reviews.set_label(engine, mention_id, "praise", "not_praise", actor="ed"),
        lambda: reviews.approve_week(engine, WEEK, actor="pia"),
        lambda: reviews.withdraw_approval(engine, WEEK, actor="pia"),
        lambda: reviews.require_approved(engine, WEEK),
    ]
    for attempt in attempts:
        with pytest.raises(reviews.WeekLocked, match="published"):
            attempt()
    assert _review(engine, mention_id).decision == "approved"
    assert _audit_count(engine) == before
    # Reposting and its consent concern the highlights page, not the published digest: still allowed.
    reviews.set_consent(engine, mention_id, "granted", actor="ed")
    reviews.set_reposted(engine, mention_id, True, actor="ed")
    assert _review(engine, mention_id).consent == "granted"
    assert reviews.week_state(engine, WEEK).locked
    # Another week stays open.
    assert reviews.set_decision(engine, ids["last_week"], "approved", actor="ed") == "2026-W46"


def test_a_digest_sent_by_the_command_line_locks_the_week(engine, ids):
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(PublicationRow).values(
                product="digest",
                period=WEEK,
                target="folder:/srv",
                status="sent",
                attempts=1,
                content_sha256="0" * 64,
                first_attempt_at=now,
                sent_at=now,
            )
        )
    assert reviews.week_state(engine, WEEK).locked
    with pytest.raises(reviews.WeekLocked):
        reviews.set_decision(engine, ids["vpn"], "approved", actor="ed")


def test_only_an_approved_highlight_can_be_marked_reposted(engine, ids):
    with pytest.raises(reviews.WeekNotReady):
        reviews.set_reposted(engine, ids["vpn"], True, actor="ed")
    reviews.set_decision(engine, ids["vpn"], "approved", actor="ed")
    moment = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)

    reviews.set_reposted(engine, ids["vpn"], True, actor="ed", now=moment)

    assert _review(engine, ids["vpn"]).reposted_at == moment
    last = reviews.audit_history(engine, [ids["vpn"]])[ids["vpn"]][-1]
    assert (last.action, last.details["to"]) == ("review.reposted_at", moment.isoformat())
    reviews.set_reposted(engine, ids["vpn"], False, actor="ed")
    assert _review(engine, ids["vpn"]).reposted_at is None


def test_publishing_requires_an_approval(engine, ids):
    with pytest.raises(reviews.WeekNotReady):
        reviews.require_approved(engine, WEEK)
    reviews.approve_week(engine, WEEK, actor="pia")
    assert reviews.require_approved(engine, WEEK).approved_by == "pia"
    assert reviews.withdraw_approval(engine, WEEK, actor="pia").status == reviews.DRAFT


def test_a_label_correction_is_stored_audited_with_its_week_and_reopens_an_approved_week(engine, ids):
    reviews.set_decision(engine, ids["vpn"], "approved", actor="ed")
    reviews.approve_week(engine, WEEK, actor="pia")
    assert reviews.set_label(engine, ids["vpn"], "sentiment", "neutral", actor="ed") == WEEK
    assert reviews.week_state(engine, WEEK).status == "draft"
    entry = reviews.audit_history(engine, [ids["vpn"]])[ids["vpn"]][-1]
    assert (entry.action, entry.week, entry.details) == ("label.sentiment", WEEK, {"value": "neutral"})
