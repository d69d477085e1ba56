"""`[retention]`: old raw payloads, personal fields, posts and run-log rows go; published posts keep
their author until the posts themselves expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from kernel.records import Normalised, Platform, Quarantined, RawPage, SourceKey
from kernel.settings import RetentionSettings
from storage.ingest import store_page
from storage.retention import apply_retention, months_before
from storage.reviews import set_decision, set_note
from storage.schema import AuditRow, CollectionRunRow, MentionRow, QuarantineRow, ReviewRow
from tests.storage.factories import mention

SOURCE = SourceKey(Platform.X, "search", "#DankeStadtIT")
NOW = datetime(2026, 12, 1, 3, 30, tzinfo=UTC)


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(2024, 12, 15, tzinfo=UTC)


def _age(days: int) -> datetime:
    return NOW - timedelta(days=days)


def test_retention_applies_each_limit(engine: Engine) -> None:
    posts = [
        mention(1, created_at=_age(30)),  # fresh: untouched
        mention(2, created_at=_age(250)),  # raw payload expired
        mention(3, created_at=_age(400)),  # personal fields expired
        mention(4, created_at=_age(400)),  # … but approved, so published: keeps its author
        mention(5, created_at=_age(800)),  # the post itself expired
    ]
    old_quarantine = Quarantined(Platform.X, "no text", {"user": "someone"}, "9")
    store_page(engine, RawPage(SOURCE, {}, {}), Normalised(posts, [old_quarantine]))
    with engine.begin() as conn:
        ids = dict(conn.execute(select(MentionRow.external_id, MentionRow.id)).tuples().all())
        conn.execute(update(QuarantineRow).values(created_at=_age(250)))
        conn.execute(
            insert(CollectionRunRow),
            [
                {"run_id": "a", "source": str(SOURCE), "started_at": _age(800), "outcome": "ok"},
                {"run_id": "b", "source": str(SOURCE), "started_at": _age(10), "outcome": "ok"},
            ],
        )
    set_note(engine, ids["1000003"], "ruft zurück: 0170 1234567", actor="redaktion")
    set_decision(engine, ids["1000004"], "approved", actor="redaktion")
    set_note(engine, ids["1000005"], "Anruf von Frau X", actor="redaktion")

    result = apply_retention(engine, RetentionSettings(), now=NOW)

    assert result.as_dict() == {
        "posts_deleted": 1,
        "personal_fields_cleared": 1,
        "raw_payloads_cleared": 2,
        "quarantine_deleted": 1,
        "runs_deleted": 1,
    }
    with engine.connect() as conn:
        rows = {r.external_id: r for r in conn.execute(select(MentionRow))}
        notes = dict(conn.execute(select(ReviewRow.mention_id, ReviewRow.note)).tuples().all())
        audit = [r.details for r in conn.execute(select(AuditRow).where(AuditRow.mention_id.is_(None)))]
    assert sorted(rows) == ["1000001", "1000002", "1000003", "1000004"]
    assert rows["1000001"].raw == {"id": "1000001"}
    assert rows["1000002"].raw == {}
    assert rows["1000002"].author_handle == "user2"
    assert (rows["1000003"].author_handle, rows["1000003"].author_name, rows["1000003"].url) == (
        None,
        None,
        None,
    )
    assert notes[ids["1000003"]] is None
    assert rows["1000004"].author_handle == "user4"
    assert {"expired": True} in audit
    assert all("Frau X" not in str(d) for d in audit)
    again = apply_retention(engine, RetentionSettings(), now=NOW)
    assert sum(again.as_dict().values()) == 0


def test_none_keeps_forever(engine: Engine) -> None:
    store_page(engine, RawPage(SOURCE, {}, {}), Normalised([mention(5, created_at=_age(5000))]))
    keep = RetentionSettings(raw_months=0, personal_months=0, posts_months=0, run_log_months=0)
    assert sum(apply_retention(engine, keep, now=NOW).as_dict().values()) == 0
