"""`erase_author` / `erase_mention`: no trace in any table, and the suppression list keeps it so."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from sqlalchemy import Engine, select

from kernel.records import MentionKind, Normalised, Platform, Quarantined, RawPage, SourceKey
from storage.classifications import set_editor_label
from storage.erasure import NothingToErase, erase_author, erase_mention, erasures
from storage.exchange import export_records, import_records, parse_jsonl, write_jsonl
from storage.ingest import store_page
from storage.reviews import set_decision, set_note
from storage.schema import Base, MentionRow
from tests.storage.factories import mention

SOURCE = SourceKey(Platform.X, "search", "#DankeStadtIT")
ANNA_POST = "1862000000000002001"
ANNA_OTHER = "1862000000000002002"
BERT_REPLY = "1862000000000002003"
ANNA_ID = "990017"
# Everything that identifies Anna: no table may hold any of it after the erasure.
TRACES = ("anna_b", "anna beispiel", ANNA_ID, ANNA_POST, ANNA_OTHER, "0170 1234567")


def _anna(n: int, external_id: str, handle: str = "Anna_B") -> Any:
    return mention(
        n,
        external_id=external_id,
        author_id=ANNA_ID,
        author_handle=handle,
        author_name="Anna Beispiel",
        url=f"https://x.com/{handle}/status/{external_id}",
        raw={"id": external_id, "author": {"username": handle, "id": ANNA_ID}},
    )


def _bert() -> Any:
    return mention(
        3,
        external_id=BERT_REPLY,
        kind=MentionKind.REPLY,
        author_handle="bert",
        author_name="Bert",
        author_id="880022",
        url=f"https://x.com/bert/status/{BERT_REPLY}",
        text="@anna_b danke dir, Anna Beispiel hat recht!",
        parent_external_id=ANNA_POST,
        raw={"in_reply_to_user_id": ANNA_ID, "entities": {"mentions": [{"username": "anna_b"}]}},
    )


def _fill(engine: Engine) -> dict[str, int]:
    quarantined = Quarantined(Platform.X, "no text", {"id": "77", "user": {"username": "anna_b"}}, "77")
    page = store_page(
        engine,
        RawPage(SOURCE, {}, {}),
        Normalised([_anna(1, ANNA_POST), _anna(2, ANNA_OTHER, handle="anna_alt"), _bert()], [quarantined]),
    )
    with engine.connect() as conn:
        ids = dict(conn.execute(select(MentionRow.external_id, MentionRow.id)).tuples().all())
    assert len(page.mention_ids) == 3
    set_note(engine, ids[ANNA_POST], "Rückruf unter 0170 1234567 vereinbart", actor="redaktion")
    set_decision(engine, ids[ANNA_POST], "approved", actor="redaktion")
    set_editor_label(engine, ids[ANNA_POST], "praise", "praise", by="redaktion")
    set_note(engine, ids[BERT_REPLY], "antwortet auf @anna_b", actor="redaktion")
    return ids


def _dump(engine: Engine) -> str:
    """Every row of every table as one lower-case text."""
    parts = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in conn.execute(select(table)).mappings():
                parts.append(json.dumps(dict(row), ensure_ascii=False, default=str))
    return "\n".join(parts).lower()


def _traces(engine: Engine) -> list[str]:
    text = _dump(engine)
    return [t for t in TRACES if t in text]


def test_erasing_an_author_leaves_no_trace_and_stays_erased(engine: Engine) -> None:
    ids = _fill(engine)
    older_export = io.StringIO()
    write_jsonl(export_records(engine), older_export)
    assert _traces(engine) == list(TRACES)

    result = erase_author(engine, "@ANNA_B", actor="datenschutz")

    assert result.mentions == 2  # the post under the earlier handle too, by author id
    assert result.removed["reviews"] == 1
    assert result.removed["editor_labels"] == 1
    assert result.removed["quarantine"] == 1
    assert result.weeks == ["2026-W47"]
    assert _traces(engine) == []
    with engine.connect() as conn:
        reply = conn.execute(select(MentionRow).where(MentionRow.external_id == BERT_REPLY)).one()
    assert reply.text == "@[gelöscht] danke dir, [gelöscht] hat recht!"
    assert reply.parent_external_id is None
    assert reply.author_handle == "bert"
    assert ids[BERT_REPLY] == reply.id
    (record,) = erasures(engine)
    assert (record.actor, record.reason, record.scope) == ("datenschutz", "request", "author")
    assert record.details["removed"]["mentions"] == 2

    again = import_records(engine, parse_jsonl(io.StringIO(older_export.getvalue())), default_source="old")
    assert (again.suppressed, again.read, again.error_count) == (2, 1, 0)
    assert _traces(engine) == []
    # Collection honours the list too, whatever handle the author uses by then.
    store_page(
        engine,
        RawPage(SOURCE, {}, {}),
        Normalised([_anna(1, ANNA_POST), _anna(5, "1862000000000002005", "new_name"), _bert()]),
    )
    assert _traces(engine) == []
    assert [r["external_id"] for r in export_records(engine)] == [BERT_REPLY]


def test_a_dry_run_changes_nothing(engine: Engine) -> None:
    _fill(engine)
    before = _dump(engine)
    result = erase_author(engine, "anna_b", actor="datenschutz", dry_run=True)
    assert result.mentions == 2
    assert _dump(engine) == before


def test_erasing_one_post_keeps_its_author_and_suppresses_the_post(engine: Engine) -> None:
    ids = _fill(engine)
    older = io.StringIO()
    write_jsonl(export_records(engine), older)
    result = erase_mention(engine, ("x", ANNA_POST), actor="schedule", reason="deleted_upstream")
    assert result.mentions == 1
    text = _dump(engine)
    assert ANNA_POST not in text
    assert "0170 1234567" not in text  # the note went with the post's audit details
    assert "anna_b" in text  # the author's other post and Bert's reply stay
    import_records(engine, parse_jsonl(io.StringIO(older.getvalue())), default_source="old")
    assert ANNA_POST not in _dump(engine)
    with pytest.raises(NothingToErase):
        erase_mention(engine, ids[ANNA_POST], actor="x")


def test_a_handle_never_stored_is_still_suppressed(engine: Engine) -> None:
    result = erase_author(engine, "carla", platform="x", actor="datenschutz")
    assert (result.mentions, result.suppressed) == (0, 1)
    store_page(engine, RawPage(SOURCE, {}, {}), Normalised([mention(9, author_handle="Carla")]))
    assert list(export_records(engine)) == []
