from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, func, select

from kernel.records import Metrics, Normalised, Platform, Quarantined, RawPage, SourceKey
from storage.cursors import get_cursor
from storage.ingest import store_page
from storage.runs import last_runs, start_run
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


def _mentions(engine: Engine) -> dict[str, MentionRow]:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return {m.external_id: m for m in session.scalars(select(MentionRow))}


def _quarantine(engine: Engine) -> list[QuarantineRow]:
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        return list(session.scalars(select(QuarantineRow).order_by(QuarantineRow.id)))


@pytest.mark.parametrize(
    ("bad_text", "kind"),
    [("Danke \ud83d und tschüss", "lone surrogate"), ("Danke\x00 IT", "NUL"), ("\udfff\x00", "NUL and lone")],
)
def test_a_post_with_a_lone_surrogate_or_nul_is_made_storable_and_its_page_stored(
    engine: Engine, bad_text: str, kind: str
) -> None:
    bad = mention(2, text=bad_text, author_name="Ka\x00rl", raw={"id": "1000002", "text": bad_text})
    page = RawPage(SOURCE, {}, {"since_id": "1000003"}, posts_read=3)
    result = store_page(engine, page, Normalised([mention(1), bad, mention(3)]), run_id="r1")
    assert (result.new, result.quarantined) == (3, 1)
    assert get_cursor(engine, str(SOURCE)) == {"since_id": "1000003"}
    stored = _mentions(engine)
    assert "\ufffd" in stored["1000002"].text
    assert stored["1000002"].author_name == "Ka\ufffdrl"
    assert stored["1000002"].raw["text"] == stored["1000002"].text
    (kept,) = _quarantine(engine)
    assert kept.external_id == "1000002"
    assert kind.split()[0] in kept.reason
    # The original is kept exactly, as escaped JSON that every database stores.
    assert json.loads(kept.payload["original_json"])["text"] == bad_text


def test_the_same_page_gives_the_same_rows_on_both_databases(engine: Engine) -> None:
    bad = mention(2, text="a\ud800b\x00c")
    store_page(engine, RawPage(SOURCE, {}, {"since_id": "1000002"}), Normalised([bad]))
    assert _mentions(engine)["1000002"].text == "a\ufffdb\ufffdc"


def test_a_quarantined_payload_with_a_nul_is_kept_as_escaped_json(engine: Engine) -> None:
    payload = {"id": "9", "text": "kaputt\x00\udc00"}
    page = RawPage(SOURCE, {}, {"since_id": "9"})
    store_page(engine, page, Normalised([], [Quarantined(Platform.X, "tweet without author", payload, "9")]))
    (kept,) = _quarantine(engine)
    assert kept.reason == "tweet without author"
    assert json.loads(kept.payload["original_json"]) == payload


def test_a_post_the_database_refuses_is_quarantined_alone_and_the_rest_stored(engine: Engine) -> None:
    # PostgreSQL refuses a handle over 128 characters and a count above 2^31; SQLite takes both.
    refused = mention(2, author_handle="h" * 300, metrics=Metrics(likes=2**40))
    page = RawPage(SOURCE, {}, {"since_id": "1000003"}, posts_read=3)
    result = store_page(engine, page, Normalised([mention(1), refused, mention(3)]), run_id="r1")
    stored = _mentions(engine)
    assert {"1000001", "1000003"} <= set(stored)
    assert get_cursor(engine, str(SOURCE)) == {"since_id": "1000003"}
    if engine.dialect.name == "postgresql":
        assert "1000002" not in stored
        assert result.new == 2
        (kept,) = _quarantine(engine)
        assert kept.reason.startswith("refused by the database: ")
        assert len(kept.reason) < 350
        assert "INSERT" not in kept.reason
        assert "Danke" not in kept.reason
        assert json.loads(kept.payload["original_json"])["author_handle"] == "h" * 300
    else:
        assert result.new == 3


def test_page_counts_go_into_the_run_row_with_the_page(engine: Engine) -> None:
    row = start_run(engine, "r1", str(SOURCE))
    store_page(
        engine, RawPage(SOURCE, {}, {"since_id": "1"}, posts_read=4), Normalised([mention(1)]), run_row=row
    )
    store_page(
        engine,
        RawPage(SOURCE, {}, {"since_id": "2"}, posts_read=2),
        Normalised([mention(1), mention(2)], [Quarantined(Platform.X, "odd", {"id": "7"}, "7")]),
        run_row=row,
    )
    # No finish_run: a run killed now still shows what it read and stored.
    summary = last_runs(engine)[str(SOURCE)]
    assert (summary.outcome, summary.read, summary.new, summary.updated, summary.quarantined) == (
        "running",
        6,
        2,
        1,
        1,
    )


def test_a_text_over_the_limit_is_cut_and_its_whole_original_quarantined(engine: Engine) -> None:
    long_text = "Danke! " + "x" * 300
    long = mention(2, text=long_text, raw={"id": "1000002", "text": long_text})
    page = RawPage(SOURCE, {}, {"since_id": "1000003"}, posts_read=3)
    result = store_page(engine, page, Normalised([mention(1), long, mention(3)]), run_id="r1", max_text=100)
    assert (result.new, result.quarantined) == (3, 1)
    stored = _mentions(engine)["1000002"]
    assert stored.text == long_text[:100]
    assert stored.raw["text"] == long_text[:100]
    (kept,) = _quarantine(engine)
    assert kept.reason == "text cut from 307 to 100 characters"
    original = json.loads(kept.payload["original_json"])
    assert original["text"] == long_text
    assert original["raw"]["text"] == long_text
    # Texts within the limit pass unchanged, with no quarantine entry.
    assert _mentions(engine)["1000001"].text == mention(1).text
