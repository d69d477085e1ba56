"""What was published where: one row per product, period and target, sent at most once.

A publication is claimed (status `sending`) before anything leaves the house, counted per attempt and
closed as `sent` or `failed`. A claim of a row that is `sent` or still `sending` is refused unless the
caller forces it, so a digest reaches a target once even when two publishers race. The same module
records that an editor reposted a highlight (`reviews.reposted_at`), with an audit entry for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from kernel.errors import PraiseError
from storage.db import writing
from storage.dialect import dialect_insert
from storage.schema import AuditRow, PublicationRow, PublishedDigestRow, ReviewRow

SENDING = "sending"
SENT = "sent"
FAILED = "failed"


class AlreadyPublished(PraiseError):
    """The product was already sent to this target for this period (or a send is in progress)."""


@dataclass(frozen=True, slots=True)
class Publication:
    id: int
    product: str
    period: str
    target: str
    status: str
    attempts: int
    content_sha256: str | None
    first_attempt_at: datetime
    sent_at: datetime | None
    error: str | None


def claim_publication(
    engine: Engine,
    product: str,
    period: str,
    target: str,
    *,
    content_sha256: str,
    force: bool = False,
    actor: str = "praise",
    now: datetime | None = None,
) -> Publication:
    """Mark a publication as `sending` before it is sent; the once-only gate.

    Args:
        engine: the database.
        product: "digest" or "report".
        period: the week ("2026-W47") or span the product covers.
        target: where it goes, without secrets (e.g. "folder:/srv/intranet", "email:team@…").
        content_sha256: the hash of what will be sent, kept for the record.
        force: send again although it was sent (or a send seems to hang).
        actor: who publishes, for the audit log.
        now: the time to record (default: now).

    Raises:
        AlreadyPublished: it was sent already, or another send is in progress, and `force` is False.
    """
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        inserted = (
            conn.execute(
                dialect_insert(conn, PublicationRow)
                .values(
                    product=product,
                    period=period,
                    target=target,
                    status=SENDING,
                    attempts=0,
                    content_sha256=content_sha256,
                    first_attempt_at=moment,
                )
                .on_conflict_do_nothing(index_elements=["product", "period", "target"])
                .returning(PublicationRow.id)
            ).scalar_one_or_none()
            is not None
        )
        # Lock the row so a concurrent claim waits for this transaction's verdict (PostgreSQL;
        # SQLite's write transaction holds the whole database already).
        conn.execute(
            select(PublicationRow.id)
            .where(
                PublicationRow.product == product,
                PublicationRow.period == period,
                PublicationRow.target == target,
            )
            .with_for_update()
        )
        existing = _publication(conn, product, period, target)
        if not inserted and existing.status in (SENT, SENDING) and not force:
            when = existing.sent_at or existing.first_attempt_at
            state = "was published" if existing.status == SENT else "is being published (or was interrupted)"
            raise AlreadyPublished(
                f"{product} {period} {state} to {target} on {when:%Y-%m-%d %H:%M} UTC; use --force to send again"
            )
        conn.execute(
            update(PublicationRow)
            .where(PublicationRow.id == existing.id)
            .values(status=SENDING, content_sha256=content_sha256, error=None)
        )
        _audit(conn, moment, actor, "publish_started", period, {"product": product, "target": target})
        return _publication(conn, product, period, target)


def record_attempt(engine: Engine, publication_id: int) -> int:
    """Count one more send attempt; returns the attempts so far."""
    with writing(engine) as conn:
        conn.execute(
            update(PublicationRow)
            .where(PublicationRow.id == publication_id)
            .values(attempts=PublicationRow.attempts + 1)
        )
        return int(
            conn.execute(
                select(PublicationRow.attempts).where(PublicationRow.id == publication_id)
            ).scalar_one()
        )


def mark_sent(
    engine: Engine, publication_id: int, *, actor: str = "praise", now: datetime | None = None
) -> None:
    """Close a publication as sent."""
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        conn.execute(
            update(PublicationRow)
            .where(PublicationRow.id == publication_id)
            .values(status=SENT, sent_at=moment, error=None)
        )
        row = _by_id(conn, publication_id)
        _audit(conn, moment, actor, "published", row.period, {"product": row.product, "target": row.target})


def mark_failed(
    engine: Engine, publication_id: int, error: str, *, actor: str = "praise", now: datetime | None = None
) -> None:
    """Close a publication as failed with the (secret-free) error text; a later run may retry it."""
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        conn.execute(
            update(PublicationRow)
            .where(PublicationRow.id == publication_id)
            .values(status=FAILED, error=error)
        )
        row = _by_id(conn, publication_id)
        details = {"product": row.product, "target": row.target, "error": error}
        _audit(conn, moment, actor, "publish_failed", row.period, details)


def get_publication(engine: Engine, product: str, period: str, target: str) -> Publication | None:
    with engine.connect() as conn:
        try:
            return _publication(conn, product, period, target)
        except LookupError:
            return None


def publications_of(engine: Engine, product: str, period: str) -> list[Publication]:
    """Every target a product of a period went to (or failed to reach)."""
    stmt = (
        select(PublicationRow)
        .where(PublicationRow.product == product, PublicationRow.period == period)
        .order_by(PublicationRow.id)
    )
    with engine.connect() as conn:
        return [_as_publication(r) for r in conn.execute(stmt).mappings()]


def mark_reposted(engine: Engine, mention_id: int, *, actor: str, now: datetime | None = None) -> datetime:
    """Record that an editor reposted a highlight on the intranet; returns the time recorded.

    Raises:
        PraiseError: the mention has no review, or it is neither approved nor marked as a highlight.
    """
    moment = now or datetime.now(UTC)
    with writing(engine) as conn:
        review = conn.execute(
            select(ReviewRow.decision, ReviewRow.highlight).where(ReviewRow.mention_id == mention_id)
        ).one_or_none()
        if (
            review is None
            or (review.decision != "approved" and not review.highlight)
            or review.decision == "rejected"
        ):
            raise PraiseError(
                f"mention {mention_id} is not an approved highlight; approve it before reposting"
            )
        conn.execute(
            update(ReviewRow)
            .where(ReviewRow.mention_id == mention_id)
            .values(reposted_at=moment, updated_by=actor, updated_at=moment)
        )
        conn.execute(
            insert(AuditRow).values(
                at=moment, actor=actor, action="reposted", mention_id=mention_id, week=None, details={}
            )
        )
    return moment


@dataclass(frozen=True, slots=True)
class PublishedDigest:
    """The bytes of a week's digest as first sent; every later look at the week shows exactly these."""

    week: str
    lang: str
    title: str
    html: str
    markdown: str
    json: str
    content_sha256: str
    published_at: datetime


def keep_published_digest(engine: Engine, digest: PublishedDigest) -> PublishedDigest:
    """Store the first published rendering of a week; a later call keeps the first one.

    Returns:
        What is stored for the week now (the given digest, or the one stored before).
    """
    values = {name: getattr(digest, name) for name in PublishedDigest.__slots__}
    with writing(engine) as conn:
        conn.execute(
            dialect_insert(conn, PublishedDigestRow)
            .values(values)
            .on_conflict_do_nothing(index_elements=["week"])
        )
        stored = _published_digest(conn, digest.week)
    assert stored is not None
    return stored


def published_digest(engine: Engine, week: str) -> PublishedDigest | None:
    """The stored published digest of a week, or None if it was never published (or before 0005)."""
    with engine.connect() as conn:
        return _published_digest(conn, week)


def _published_digest(conn: Connection, week: str) -> PublishedDigest | None:
    row = (
        conn.execute(select(PublishedDigestRow.__table__).where(PublishedDigestRow.week == week))
        .mappings()
        .one_or_none()
    )
    return PublishedDigest(**{name: row[name] for name in PublishedDigest.__slots__}) if row else None


def _audit(
    conn: Connection, moment: datetime, actor: str, action: str, period: str, details: dict[str, Any]
) -> None:
    # audit_log.week holds an ISO week; other periods (report spans) live in the details only.
    week = period if len(period) == 8 and "-W" in period else None
    conn.execute(
        insert(AuditRow).values(
            at=moment,
            actor=actor,
            action=action,
            mention_id=None,
            week=week,
            details={"period": period, **details},
        )
    )


def _publication(conn: Connection, product: str, period: str, target: str) -> Publication:
    row = (
        conn.execute(
            select(PublicationRow.__table__).where(
                PublicationRow.product == product,
                PublicationRow.period == period,
                PublicationRow.target == target,
            )
        )
        .mappings()
        .one_or_none()
    )
    if row is None:
        raise LookupError(f"no publication {product} {period} {target}")
    return _as_publication(row)


def _by_id(conn: Connection, publication_id: int) -> Publication:
    row = (
        conn.execute(select(PublicationRow.__table__).where(PublicationRow.id == publication_id))
        .mappings()
        .one()
    )
    return _as_publication(row)


def _as_publication(row: Any) -> Publication:
    return Publication(
        id=int(row["id"]),
        product=row["product"],
        period=row["period"],
        target=row["target"],
        status=row["status"],
        attempts=int(row["attempts"]),
        content_sha256=row["content_sha256"],
        first_attempt_at=row["first_attempt_at"],
        sent_at=row["sent_at"],
        error=row["error"],
    )
