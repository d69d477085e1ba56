"""Storage limitation (GDPR art. 5(1)(e)): what `[retention]` says goes, goes.

Applied by the scheduled `retention` flow (daily) or `praise retention`. Each step is one short
statement per chunk, so it can run beside collection and the review workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, Text, and_, cast, delete, exists, or_, select, update

from kernel.settings import RetentionSettings
from storage.db import writing
from storage.erasure import anonymise_audit
from storage.schema import CollectionRunRow, MentionRow, QuarantineRow, ReviewRow

_CHUNK = 500


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day if shorter)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


@dataclass(slots=True)
class RetentionResult:
    posts_deleted: int = 0
    personal_fields_cleared: int = 0
    raw_payloads_cleared: int = 0
    quarantine_deleted: int = 0
    runs_deleted: int = 0

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


def apply_retention(
    engine: Engine, policy: RetentionSettings, *, now: datetime | None = None
) -> RetentionResult:
    moment = now or datetime.now(UTC)
    result = RetentionResult()
    m = MentionRow
    if policy.posts_months:
        cutoff = months_before(moment, policy.posts_months)
        while True:
            with writing(engine) as conn:
                ids = list(conn.execute(select(m.id).where(m.created_at < cutoff).limit(_CHUNK)).scalars())
                if not ids:
                    break
                # Audit entries keep who did what, but not the details of a post that is gone.
                anonymise_audit(conn, ids, None)
                result.posts_deleted += conn.execute(delete(m).where(m.id.in_(ids))).rowcount or 0
    if policy.personal_months:
        cutoff = months_before(moment, policy.personal_months)
        # Posts an editor approved or marked as highlight were published with their author: kept.
        published = exists().where(
            ReviewRow.mention_id == m.id, or_(ReviewRow.decision == "approved", ReviewRow.highlight.is_(True))
        )
        personal = or_(
            m.author_id.isnot(None), m.author_handle.isnot(None), m.author_name.isnot(None), m.url.isnot(None)
        )
        with writing(engine) as conn:
            stale = and_(m.created_at < cutoff, personal, ~published)
            ids = list(conn.execute(select(m.id).where(stale)).scalars())
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                result.personal_fields_cleared += (
                    conn.execute(
                        update(m)
                        .where(m.id.in_(chunk))
                        .values(
                            author_id=None,
                            author_handle=None,
                            author_name=None,
                            url=None,
                            media_urls=[],
                            raw={},
                        )
                    ).rowcount
                    or 0
                )
                # Editors' notes may name or quote the person (a phone number, a call).
                conn.execute(update(ReviewRow).where(ReviewRow.mention_id.in_(chunk)).values(note=None))
    if policy.raw_months:
        cutoff = months_before(moment, policy.raw_months)
        with writing(engine) as conn:
            result.raw_payloads_cleared = (
                conn.execute(
                    update(m).where(m.created_at < cutoff, cast(m.raw, Text) != "{}").values(raw={})
                ).rowcount
                or 0
            )
            result.quarantine_deleted = (
                conn.execute(delete(QuarantineRow).where(QuarantineRow.created_at < cutoff)).rowcount or 0
            )
    if policy.run_log_months:
        cutoff = months_before(moment, policy.run_log_months)
        with writing(engine) as conn:
            result.runs_deleted = (
                conn.execute(delete(CollectionRunRow).where(CollectionRunRow.started_at < cutoff)).rowcount
                or 0
            )
    return result
