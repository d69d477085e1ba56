"""What the review workspace writes: decisions, marks, notes, consent and each week's digest state.

Every write records who did it in `audit_log` inside the same transaction, and checks inside that
transaction that the post's week is still open: once a week's digest is published nothing about it
changes any more. A change to a week whose digest was approved (not yet published) sends the week back
to draft, because the publisher approved a content that no longer exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select

from kernel.errors import PraiseError
from kernel.weeks import week_label
from storage.classifications import write_editor_label
from storage.db import writing
from storage.dialect import dialect_insert
from storage.schema import AuditRow, DigestWeekRow, MentionRow, PublicationRow, ReviewRow

DRAFT = "draft"
APPROVED = "approved"
PUBLISHED = "published"
DECISIONS = ("approved", "rejected")
CONSENTS = ("asked", "granted", "refused")
NOTE_LIMIT = 2000


class WeekLocked(PraiseError):
    """The week's digest is published; its posts and its state are read-only."""

    def __init__(self, week: str) -> None:
        super().__init__(f"the digest of {week} is published; the week can no longer be changed")
        self.week = week


class UnknownMention(PraiseError):
    """No mention has this id."""


class WeekNotReady(PraiseError):
    """The week is not in the state the step needs (e.g. publishing a week nobody approved)."""


@dataclass(frozen=True, slots=True)
class WeekState:
    week: str
    status: str
    approved_by: str | None
    approved_at: datetime | None
    published_at: datetime | None

    @property
    def locked(self) -> bool:
        return self.status == PUBLISHED


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    mention_id: int | None
    week: str | None
    details: dict[str, Any]


def set_decision(engine: Engine, mention_id: int, decision: str | None, *, actor: str) -> str:
    """Approve or reject a post for the digest (None withdraws the decision); returns the post's week.

    Raises:
        ValueError: not a decision.
        UnknownMention: no such post.
        WeekLocked: the post's week is published.
    """
    if decision is not None and decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS} or None, not {decision!r}")
    return _update_review(engine, mention_id, "decision", decision, actor=actor)


def set_decisions(engine: Engine, mention_ids: list[int], decision: str, *, actor: str) -> list[str]:
    """Approve or reject several posts in one transaction (the queue's bulk action); returns their weeks.

    Raises:
        ValueError: not a decision.
        UnknownMention, WeekLocked: for any of the posts; then none is changed.
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {DECISIONS}, not {decision!r}")
    moment = datetime.now(UTC)
    weeks: list[str] = []
    with writing(engine) as conn:
        for mention_id in mention_ids:
            week = _open_week_of(conn, mention_id, actor, moment)
            _write_review(conn, mention_id, "decision", decision, actor, moment, week)
            weeks.append(week)
    return weeks


def set_highlight(engine: Engine, mention_id: int, highlight: bool, *, actor: str) -> str:
    """Mark or unmark a post as a highlight for the intranet editors; returns the post's week."""
    return _update_review(engine, mention_id, "highlight", highlight, actor=actor)


def set_consent(engine: Engine, mention_id: int, consent: str | None, *, actor: str) -> str:
    """Record whether the author was asked, agreed or refused to be reposted; returns the post's week.

    Consent is mostly asked after a post was picked, so it may be recorded after publication too: it
    then changes only what the highlights page offers for reposting, never the published digest.
    Before publication it counts as a change of the digest (a refusal removes the post).
    """
    if consent is not None and consent not in CONSENTS:
        raise ValueError(f"consent must be one of {CONSENTS} or None, not {consent!r}")
    moment = datetime.now(UTC)
    with writing(engine) as conn:
        week = _week_of(conn, mention_id)
        if not _week_state(conn, week).locked:
            week = _open_week_of(conn, mention_id, actor, moment)
        _write_review(conn, mention_id, "consent", consent, actor, moment, week)
        return week


def set_note(engine: Engine, mention_id: int, note: str, *, actor: str) -> str:
    """Store the editorial note (an empty note clears it); returns the post's week."""
    cleaned = note.strip()[:NOTE_LIMIT] or None
    return _update_review(engine, mention_id, "note", cleaned, actor=actor)


def set_reposted(
    engine: Engine, mention_id: int, reposted: bool, *, actor: str, now: datetime | None = None
) -> str:
    """Record that a highlight was reposted on the intranet (or undo that mark); returns the week.

    Allowed after publication too, and it never reopens an approved week: the mark does not change
    the digest, only the highlights page (as `praise highlights --mark-reposted` always could).

    Raises:
        UnknownMention: no such post.
        WeekNotReady: the post is neither approved nor a highlight, or it was rejected.
    """
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        week = _week_of(conn, mention_id)
        review = conn.execute(
            select(ReviewRow.decision, ReviewRow.highlight).where(ReviewRow.mention_id == mention_id)
        ).one_or_none()
        if reposted and (
            review is None
            or review.decision == "rejected"
            or (review.decision != "approved" and not review.highlight)
        ):
            raise WeekNotReady(f"mention {mention_id} is not an approved highlight")
        _write_review(conn, mention_id, "reposted_at", moment if reposted else None, actor, moment, week)
        return week


def ensure_open(engine: Engine, mention_id: int, *, actor: str) -> str:
    """Check (and reopen an approved week) before a change stored elsewhere, e.g. an editor's label.

    Returns:
        The post's week.

    Raises:
        UnknownMention, WeekLocked: as for the other writes.
    """
    with writing(engine) as conn:
        return _open_week_of(conn, mention_id, actor, datetime.now(UTC))


def week_state(engine: Engine, week: str) -> WeekState:
    """The digest state of a week; a digest sent by `praise publish` counts as published too."""
    with engine.connect() as conn:
        return _week_state(conn, week)


def approve_week(engine: Engine, week: str, *, actor: str, now: datetime | None = None) -> WeekState:
    """The publisher approves the week's digest as previewed.

    Raises:
        WeekLocked: it is published already.
    """
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        state = _week_state(conn, week)
        if state.locked:
            raise WeekLocked(week)
        _upsert_week(conn, week, status=APPROVED, approved_by=actor, approved_at=moment)
        _audit(conn, moment, actor, "digest.approved", None, week, {"from": state.status})
        return _week_state(conn, week)


def withdraw_approval(engine: Engine, week: str, *, actor: str, now: datetime | None = None) -> WeekState:
    """Send an approved week back to draft.

    Raises:
        WeekLocked: it is published already.
    """
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        state = _week_state(conn, week)
        if state.locked:
            raise WeekLocked(week)
        if state.status == APPROVED:
            _upsert_week(conn, week, status=DRAFT, approved_by=None, approved_at=None)
            _audit(conn, moment, actor, "digest.approval_withdrawn", None, week, {})
        return _week_state(conn, week)


def mark_week_published(
    engine: Engine, week: str, *, actor: str, target: str, now: datetime | None = None
) -> WeekState:
    """Close the week after its digest went out: from now on it is read-only."""
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        state = _week_state(conn, week)
        if state.status == PUBLISHED and state.published_at is not None:
            return state
        _upsert_week(conn, week, status=PUBLISHED, published_at=moment)
        _audit(conn, moment, actor, "digest.week_closed", None, week, {"target": target})
        return _week_state(conn, week)


def require_approved(engine: Engine, week: str) -> WeekState:
    """The week's state if a publisher approved it and it is not yet published.

    Raises:
        WeekLocked: published already.
        WeekNotReady: nobody approved it.
    """
    state = week_state(engine, week)
    if state.locked:
        raise WeekLocked(week)
    if state.status != APPROVED:
        raise WeekNotReady(f"the digest of {week} is not approved")
    return state


def audit_history(engine: Engine, mention_ids: list[int]) -> dict[int, list[AuditEntry]]:
    """Every audit entry of each mention, oldest first, in one query."""
    history: dict[int, list[AuditEntry]] = {i: [] for i in mention_ids}
    if not mention_ids:
        return history
    stmt = select(AuditRow.__table__).where(AuditRow.mention_id.in_(mention_ids)).order_by(AuditRow.id)
    with engine.connect() as conn:
        for row in conn.execute(stmt):
            if row.mention_id is not None:
                history[row.mention_id].append(_entry(row))
    return history


def week_history(engine: Engine, week: str) -> list[AuditEntry]:
    """The week-level entries (approval, publication), oldest first."""
    stmt = (
        select(AuditRow.__table__)
        .where(AuditRow.week == week, AuditRow.mention_id.is_(None))
        .order_by(AuditRow.id)
    )
    with engine.connect() as conn:
        return [_entry(row) for row in conn.execute(stmt)]


def _entry(row: Row[Any]) -> AuditEntry:
    return AuditEntry(row.at, row.actor, row.action, row.mention_id, row.week, dict(row.details or {}))


def set_label(engine: Engine, mention_id: int, field: str, value: str, *, actor: str) -> str:
    """An editor corrects the sentiment or praise label: checked against the week and stored in one
    transaction, so a publication cannot slip in between.

    Raises:
        UnknownMention, WeekLocked: as for the other writes.
        ValueError: not a label of that field.
    """
    moment = datetime.now(UTC)
    with writing(engine) as conn:
        week = _open_week_of(conn, mention_id, actor, moment)
        write_editor_label(conn, mention_id, field, value, by=actor, at=moment, week=week)
        return week


def _update_review(engine: Engine, mention_id: int, column: str, value: Any, *, actor: str) -> str:
    moment = datetime.now(UTC)
    with writing(engine) as conn:
        week = _open_week_of(conn, mention_id, actor, moment)
        _write_review(conn, mention_id, column, value, actor, moment, week)
        return week


def _write_review(
    conn: Connection, mention_id: int, column: str, value: Any, actor: str, moment: datetime, week: str
) -> None:
    before = conn.execute(
        select(ReviewRow.__table__.c[column]).where(ReviewRow.mention_id == mention_id)
    ).scalar_one_or_none()
    fresh = {"mention_id": mention_id, "highlight": False, "updated_by": actor, "updated_at": moment}
    stmt = dialect_insert(conn, ReviewRow.__table__).values({**fresh, column: value})
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["mention_id"], set_={column: value, "updated_by": actor, "updated_at": moment}
        )
    )
    details = {"from": _plain(before), "to": _plain(value)}
    _audit(conn, moment, actor, f"review.{column}", mention_id, week, details)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _week_of(conn: Connection, mention_id: int) -> str:
    created = conn.execute(
        select(MentionRow.created_at).where(MentionRow.id == mention_id)
    ).scalar_one_or_none()
    if created is None:
        raise UnknownMention(f"no mention with id {mention_id}")
    return week_label(created)


def _open_week_of(conn: Connection, mention_id: int, actor: str, moment: datetime) -> str:
    week = _week_of(conn, mention_id)
    # Lock the week's row (PostgreSQL) so a publication cannot slip in between this check and the write.
    conn.execute(select(DigestWeekRow.week).where(DigestWeekRow.week == week).with_for_update())
    state = _week_state(conn, week)
    if state.locked:
        raise WeekLocked(week)
    if state.status == APPROVED:
        _upsert_week(conn, week, status=DRAFT, approved_by=None, approved_at=None)
        _audit(conn, moment, actor, "digest.reopened", None, week, {"because_of": mention_id})
    return week


def _week_state(conn: Connection, week: str) -> WeekState:
    row = conn.execute(select(DigestWeekRow.__table__).where(DigestWeekRow.week == week)).one_or_none()
    sent_at = conn.execute(
        select(PublicationRow.sent_at)
        .where(
            PublicationRow.product == "digest",
            PublicationRow.period == week,
            PublicationRow.status == "sent",
        )
        .order_by(PublicationRow.sent_at)
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        status = PUBLISHED if sent_at else DRAFT
        return WeekState(week, status, None, None, sent_at)
    status = PUBLISHED if sent_at else row.status
    return WeekState(week, status, row.approved_by, row.approved_at, row.published_at or sent_at)


def _upsert_week(conn: Connection, week: str, **values: Any) -> None:
    stmt = dialect_insert(conn, DigestWeekRow.__table__).values(week=week, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["week"], set_=values))


def _audit(
    conn: Connection,
    moment: datetime,
    actor: str,
    action: str,
    mention_id: int | None,
    week: str | None,
    details: dict[str, Any],
) -> None:
    conn.execute(
        insert(AuditRow).values(
            at=moment, actor=actor, action=action, mention_id=mention_id, week=week, details=details
        )
    )


__all__ = [
    "APPROVED",
    "CONSENTS",
    "DECISIONS",
    "DRAFT",
    "PUBLISHED",
    "AuditEntry",
    "UnknownMention",
    "WeekLocked",
    "WeekNotReady",
    "WeekState",
    "approve_week",
    "audit_history",
    "ensure_open",
    "mark_week_published",
    "require_approved",
    "set_consent",
    "set_decision",
    "set_decisions",
    "set_highlight",
    "set_label",
    "set_note",
    "set_reposted",
    "week_history",
    "week_state",
]
