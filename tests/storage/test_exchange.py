from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from sqlalchemy import Engine

from kernel.records import MentionKind, Normalised, Platform, RawPage, SourceKey
from storage.exchange import (
    export_records,
    import_records,
    parse_csv,
    parse_jsonl,
    write_csv,
    write_jsonl,
)
from storage.ingest import store_page
from tests.storage.factories import mention

SOURCE = SourceKey(Platform.X, "search", "#DankeStadtIT")


def _fill(engine: Engine) -> None:
    store_page(engine, RawPage(SOURCE, {}, {}), Normalised([mention(i) for i in range(5)]))
    store_page(
        engine,
        RawPage(SourceKey(Platform.X, "mentions", "StadtIT_Demo"), {}, {}),
        Normalised([mention(0, kind=MentionKind.REPLY, parent_external_id="42")]),
    )


def test_jsonl_round_trip_keeps_every_field(engine: Engine, tmp_path) -> None:
    _fill(engine)
    first = io.StringIO()
    assert write_jsonl(export_records(engine), first) == 5
    # Import into a second, empty database of the same kind, then export again.
    from storage.db import make_engine
    from storage.migrate import upgrade

    other = make_engine(f"sqlite:///{tmp_path}/other.sqlite")
    upgrade(other)
    result = import_records(other, parse_jsonl(io.StringIO(first.getvalue())), default_source="import:file:x")
    assert (result.read, result.new, result.error_count) == (5, 5, 0)
    second = io.StringIO()
    write_jsonl(export_records(other), second)
    assert second.getvalue() == first.getvalue()
    line = json.loads(first.getvalue().splitlines()[0])
    assert line["sources"] == ["x:mentions:StadtIT_Demo", "x:search:#DankeStadtIT"]
    assert line["kind"] == "reply"
    assert line["text"].endswith("\nzweite Zeile")


def test_bad_lines_are_reported_and_good_lines_kept(engine: Engine) -> None:
    good = {"platform": "x", "external_id": "1", "created_at": "2026-11-17T09:00:00Z", "text": "Danke"}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "external_id": "2", "created_at": "gestern"}),
        json.dumps({**good, "external_id": "3", "likes": -1}),
        "",
        json.dumps([1, 2]),
        json.dumps({**good, "external_id": "4"}),
    ]
    result = import_records(engine, parse_jsonl(io.StringIO("\n".join(lines))), default_source="s")
    assert result.read == 2
    assert [e.line for e in result.errors] == [2, 3, 4, 6]
    assert "created_at" in result.errors[1].message
    assert [r["external_id"] for r in export_records(engine)] == ["1", "4"]


def test_csv_round_trip_and_header_check(engine: Engine) -> None:
    _fill(engine)
    out = io.StringIO()
    write_csv(export_records(engine, platform=Platform.X), out)
    records = list(parse_csv(io.StringIO(out.getvalue())))
    assert len(records) == 5
    number, record = records[0]
    assert number == 2 or number >= 2
    assert isinstance(record, dict)
    assert record["sources"] == ["x:mentions:StadtIT_Demo", "x:search:#DankeStadtIT"]
    (only,) = list(parse_csv(io.StringIO("id,body\n1,hallo\n")))
    assert "lacks" in str(only[1])


def test_export_filters_by_period_and_platform(engine: Engine) -> None:
    _fill(engine)
    start = datetime(2026, 11, 17, 9, 2, tzinfo=UTC)
    ids = [r["external_id"] for r in export_records(engine, since=start)]
    assert ids == ["1000002", "1000003", "1000004"]
    assert list(export_records(engine, platform=Platform.INSTAGRAM)) == []
