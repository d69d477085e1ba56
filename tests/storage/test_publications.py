from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from storage.publications import (
    AlreadyPublished,
    claim_publication,
    get_publication,
    mark_failed,
    mark_sent,
    record_attempt,
)
from storage.schema import AuditRow


def test_a_publication_is_claimed_once_until_forced(engine: Engine) -> None:
    first = claim_publication(engine, "digest", "2026-W47", "folder:/srv", content_sha256="a")
    assert first.status == "sending"
    # A second claim while the first is still sending is refused: two publishers must not both send.
    with pytest.raises(AlreadyPublished, match="being published"):
        claim_publication(engine, "digest", "2026-W47", "folder:/srv", content_sha256="a")
    assert record_attempt(engine, first.id) == 1
    mark_sent(engine, first.id)
    with pytest.raises(AlreadyPublished, match="was published"):
        claim_publication(engine, "digest", "2026-W47", "folder:/srv", content_sha256="b")
    again = claim_publication(engine, "digest", "2026-W47", "folder:/srv", content_sha256="b", force=True)
    assert again.id == first.id
    assert again.status == "sending"
    assert again.content_sha256 == "b"
    # Other targets and weeks are separate publications.
    other = claim_publication(
        engine, "digest", "2026-W47", "email:team@beispielstadt.example", content_sha256="a"
    )
    assert other.id != first.id


def test_a_failed_publication_may_be_retried_and_keeps_its_error(engine: Engine) -> None:
    claimed = claim_publication(
        engine, "digest", "2026-W46", "webhook:https://intranet/hook", content_sha256="a"
    )
    record_attempt(engine, claimed.id)
    mark_failed(engine, claimed.id, "webhook answered HTTP 503")
    failed = get_publication(engine, "digest", "2026-W46", "webhook:https://intranet/hook")
    assert failed is not None
    assert failed.status == "failed"
    assert failed.error == "webhook answered HTTP 503"
    retried = claim_publication(
        engine, "digest", "2026-W46", "webhook:https://intranet/hook", content_sha256="a"
    )
    assert retried.status == "sending"
    assert retried.error is None
    assert retried.attempts == 1
    with engine.connect() as conn:
        actions = [a for (a,) in conn.execute(select(AuditRow.action).order_by(AuditRow.id))]
    assert actions == ["publish_started", "publish_failed", "publish_started"]
