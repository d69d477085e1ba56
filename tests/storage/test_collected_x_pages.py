"""X pages from the fake X API through the real client, normaliser and storage, on SQLite and PostgreSQL.

One post with a lone surrogate or a NUL used to fail its page's transaction on every run, billing the
page again each time and never storing anything older.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import responses
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from collectors.x import ReadBudget, build_x_client, collect_x, normalise_x_page
from kernel.records import Platform, SourceKey, SourceReport
from storage.cursors import get_cursor
from storage.ingest import store_page
from storage.runs import finish_run, last_runs, start_run
from storage.schema import MentionRow, QuarantineRow
from tests.collectors.x.fake_x_api import BASE_URL, FakeXApi

SEARCH = SourceKey(Platform.X, "search", "#DankeStadtIT")
W47_MONDAY = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    fake = FakeXApi()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.install(rsps)
        yield fake


def _collect(engine: Engine, api: FakeXApi, run_id: str) -> None:
    """What the collect flow does for one source, without Prefect: read, normalise, store page by page."""
    client = build_x_client("demo-token", base_url=BASE_URL, timeout=5)
    report = SourceReport(SEARCH)
    row = start_run(engine, run_id, str(SEARCH))
    pages = collect_x(
        client,
        SEARCH,
        get_cursor(engine, str(SEARCH)),
        budget=ReadBudget(1000),
        report=report,
        page_size=10,
        clock=lambda: api.now,
    )
    for page in pages:
        store_page(engine, page, normalise_x_page(page.payload), run_id=run_id, run_row=row)
    finish_run(engine, row, report, pages_counted=True)


@pytest.mark.parametrize(
    "bad_text",
    ["Danke für den Laptop \ud83d", "Danke\x00 fürs Passwort", "\udc00\x00"],
    ids=["lone-surrogate", "nul", "both"],
)
def test_one_unstorable_post_does_not_block_its_page_or_bill_it_again(
    engine: Engine, api: FakeXApi, bad_text: str
) -> None:
    ids = api.add_posts(25, W47_MONDAY, "#DankeStadtIT danke")
    # Between the 13th and 14th post: the middle of the second page (newest first, ten a page).
    bad_id = api.add_post(W47_MONDAY + timedelta(minutes=12 * 7 + 3), bad_text + " #DankeStadtIT")
    _collect(engine, api, "run-1")
    with Session(engine) as session:
        stored = {m.external_id: m for m in session.scalars(select(MentionRow))}
        (kept,) = session.scalars(select(QuarantineRow)).all()
    assert set(stored) == {*ids, bad_id}
    assert "\ufffd" in stored[bad_id].text
    assert kept.external_id == bad_id
    assert json.loads(kept.payload["original_json"])["text"] == bad_text + " #DankeStadtIT"
    run = last_runs(engine)[str(SEARCH)]
    assert (run.outcome, run.read, run.new, run.quarantined) == ("ok", 26, 26, 1)
    # The next run reads nothing again: the page with the odd post was stored and its cursor moved.
    _collect(engine, api, "run-2")
    assert set(api.served.values()) == {1}
    assert last_runs(engine)[str(SEARCH)].read == 0
