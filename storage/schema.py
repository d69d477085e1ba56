"""The database schema: one typed model per table.

Alembic migrations in `storage/migrations/` create these tables; tests check that the migrated schema
matches these models, so the two cannot drift apart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

# PostgreSQL gets JSONB (indexable, compact); SQLite stores JSON as text.
JSONType = JSON().with_variant(JSONB(), "postgresql")
# SQLite's INTEGER PRIMARY KEY must be spelled INTEGER to be the rowid alias; PostgreSQL gets BIGINT.
IdType = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSONType, list[Any]: JSONType, datetime: UTCDateTime()}  # noqa: RUF012


class MentionRow(Base):
    """One post, reply or comment, stored once per platform and id whatever found it."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        Index("ix_mentions_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(String(64))
    author_handle: Mapped[str | None] = mapped_column(String(128))
    author_name: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]
    likes: Mapped[int | None] = mapped_column(Integer)
    reposts: Mapped[int | None] = mapped_column(Integer)
    replies: Mapped[int | None] = mapped_column(Integer)
    quotes: Mapped[int | None] = mapped_column(Integer)
    media_urls: Mapped[list[Any]]
    parent_external_id: Mapped[str | None] = mapped_column(String(300))
    referenced_external_id: Mapped[str | None] = mapped_column(String(300))
    # Whom a reply answers or a comment sits under; the classifier reads it (migration 0003).
    reply_to_handle: Mapped[str | None] = mapped_column(String(128))
    raw: Mapped[dict[str, Any]]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class MentionSourceRow(Base):
    """Which configured account or query found a mention; a mention found twice has two rows."""

    __tablename__ = "mention_sources"

    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(300), primary_key=True)
    first_seen_at: Mapped[datetime]


class CursorRow(Base):
    """Where the next collection of a source starts (since_id, newest timestamp, paging state)."""

    __tablename__ = "cursors"

    source: Mapped[str] = mapped_column(String(300), primary_key=True)
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class CollectionRunRow(Base):
    """One collection run of one source and how it ended."""

    __tablename__ = "collection_runs"
    __table_args__ = (Index("ix_collection_runs_started_at", "started_at"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(300), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(32))
    read: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)
    rate_limit_waits: Mapped[int] = mapped_column(Integer, default=0)
    rate_limit_wait_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    retry_after: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class QuarantineRow(Base):
    """A payload we could not normalise, kept with its reason so nothing is dropped silently."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(300))
    run_id: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class ClassificationRow(Base):
    """The classifier's labels for one mention, with the model version that produced them."""

    __tablename__ = "classifications"

    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str | None] = mapped_column(String(16))
    sentiment: Mapped[str] = mapped_column(String(16))
    sentiment_score: Mapped[float] = mapped_column(Float)
    praise: Mapped[bool] = mapped_column(Boolean)
    praise_score: Mapped[float] = mapped_column(Float)
    irony: Mapped[bool] = mapped_column(Boolean)
    needs_review: Mapped[bool] = mapped_column(Boolean)
    review_reasons: Mapped[list[Any]]
    topics: Mapped[list[Any]]
    reasons: Mapped[list[Any]]
    model_version: Mapped[str] = mapped_column(String(64))
    classified_at: Mapped[datetime]


class EditorLabelRow(Base):
    """A label a person set; it overrides the classifier and feeds `praise train`."""

    __tablename__ = "editor_labels"

    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    field: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(32))
    set_by: Mapped[str] = mapped_column(String(128))
    set_at: Mapped[datetime]


class ReviewRow(Base):
    """What the communications team decided about one mention (issue: review workspace)."""

    __tablename__ = "reviews"

    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True)
    # approved | rejected; no row means not reviewed yet.
    decision: Mapped[str | None] = mapped_column(String(16))
    highlight: Mapped[bool] = mapped_column(Boolean, default=False)
    reposted_at: Mapped[datetime | None]
    # asked | granted | refused; where a person was asked whether we may repost their post.
    consent: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime]


class DigestWeekRow(Base):
    """The state of one week's digest: draft, approved, published (then read-only)."""

    __tablename__ = "digest_weeks"

    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str | None] = mapped_column(String(128))
    approved_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]


class PublicationRow(Base):
    """One publication of a product (digest, report) for a period to a target; sent at most once."""

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("product", "period", "target"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    product: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(300))
    # sending | sent | failed
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    first_attempt_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class AuditRow(Base):
    """Who did what and when: every decision, correction and publication."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_mention_id", "mention_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mentions.id", ondelete="SET NULL"))
    week: Mapped[str | None] = mapped_column(String(8))
    details: Mapped[dict[str, Any]]


class ReviewSessionRow(Base):
    """A signed-in session of the review workspace; deleting the row signs that browser out.

    The cookie carries a random id; only its SHA-256 is stored, so a database dump holds no usable
    session. `fingerprint` hashes the user's role and password hash at sign-in: a changed role or
    password in praise.toml no longer matches, which ends every older session of that user.
    """

    __tablename__ = "review_sessions"
    __table_args__ = (Index("ix_review_sessions_user_name", "user_name"),)

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(128))
    fingerprint: Mapped[str] = mapped_column(String(64))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class PublishedDigestRow(Base):
    """The exact bytes of a week's digest as first published: what the preview shows from then on."""

    __tablename__ = "published_digests"

    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    markdown: Mapped[str] = mapped_column(Text)
    json: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]


class ErasureRow(Base):
    """One erasure (a person's request or a post deleted upstream): who ran it, when, what it removed.

    Holds counts, weeks and file paths only, never the handle, name or text that was erased.
    """

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    # request | deleted_upstream
    reason: Mapped[str] = mapped_column(String(32))
    # author | mention
    scope: Mapped[str] = mapped_column(String(16))
    platform: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[dict[str, Any]]


class SuppressionRow(Base):
    """An erased author or post that collection and import must never store again.

    Keys are SHA-256 digests of the normalised handle, author id or post id, so the list itself
    does not spell out whom it protects.
    """

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("platform", "kind", "key_sha256"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    # A platform, or "*" for a handle erased on every platform.
    platform: Mapped[str] = mapped_column(String(16))
    # handle | author_id | name | post
    kind: Mapped[str] = mapped_column(String(16))
    key_sha256: Mapped[str] = mapped_column(String(64))
    erasure_id: Mapped[int | None] = mapped_column(ForeignKey("erasures.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class SourceLeaseRow(Base):
    """Who collects a source right now: one holder per source, whoever started the run (issue 11).

    The holder renews `expires_at` while it works; a holder that died stops renewing, so its lease
    expires, and on its own machine a dead process id lets the next run take over at once.
    """

    __tablename__ = "source_leases"

    source: Mapped[str] = mapped_column(String(300), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    run_id: Mapped[str] = mapped_column(String(64))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class AlertIncidentRow(Base):
    """One thing worth telling a person about (a failing source, a missed run, a spike), alerted once.

    The row stays while the incident lasts; `notified_at` says the alert went out, `resolved_at` that it
    ended, so the next occurrence is a new incident with an alert of its own.
    """

    __tablename__ = "alert_incidents"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    notified_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
