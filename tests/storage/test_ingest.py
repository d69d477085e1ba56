from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from kernel.records import Normalised, Platform, Quarantined, RawPage, SourceKey
from storage.cursors import get_cursor
from storage.ingest import store_page
from storage.schema import MentionRow, QuarantineRow
from tests.storage.factories import mention

SOURCE = SourceKey(Platform.X, "search", "#DankeStadtIT")


def test_page_mentions_quarantine_and_cursor_are_stored_together(engine: Engine) -> None:
    page = RawPage(SOURCE, {"data": []}, {"since_id": "1000002"}, posts_read=3)
    normalised = Normalised(
        [mention(1), mention(2)], [Quarantined(Platform.X, "tweet without text", {"id": "9"}, "9")]
    )
    result = store_page(engine, page, normalised, run_id="r1")
    assert (result.new, result.updated, result.quarantined) == (2, 0, 1)
    assert get_cursor(engine, str(SOURCE)) == {"since_id": "1000002"}
    with engine.connect() as conn:
        reason = conn.execute(select(QuarantineRow.reason)).scalar_one()
    assert reason == "tweet without text"


def test_failed_page_leaves_cursor_and_stores_nothing(engine: Engine) -> None:
    store_page(engine, RawPage(SOURCE, {}, {"since_id": "1"}), Normalised([mention(1)]))
    broken = mention(2, text=None)  # violates NOT NULL: the database refuses the whole page
    with pytest.raises(Exception, match=r"(?i)null"):
        store_page(engine, RawPage(SOURCE, {}, {"since_id": "2"}), Normalised([mention(3), broken]))
    assert get_cursor(engine, str(SOURCE)) == {"since_id": "1"}
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(MentionRow)).scalar_one() == 1


def test_unknown_source_has_empty_cursor(engine: Engine) -> None:
    assert get_cursor(engine, "x:search:nothing") == {}
