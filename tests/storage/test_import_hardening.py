"""Imports of awkward files: the same good lines stored and the same bad lines named on both databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from storage import exchange
from storage.exchange import (
    ImportFileError,
    ImportResult,
    export_records,
    import_records,
    open_import,
    parse_csv,
    parse_jsonl,
    write_csv,
)

GOOD: dict[str, Any] = {
    "platform": "x",
    "external_id": "1",
    "created_at": "2026-11-17T09:00:00Z",
    "text": "Danke",
}


def _line(n: int, **values: Any) -> dict[str, Any]:
    return {**GOOD, "external_id": str(n), **values}


def _import(engine: Engine, path: Path, encoding: str | None = None, max_text: int = 100_000) -> ImportResult:
    with open_import(path, encoding) as stream:
        records = parse_csv(stream, max_text=max_text) if path.suffix == ".csv" else parse_jsonl(stream)
        return import_records(engine, records, default_source="import:test", max_text=max_text)


def _stored(engine: Engine) -> dict[str, dict[str, Any]]:
    return {r["external_id"]: r for r in export_records(engine)}


def test_latin1_lines_are_named_with_a_hint_and_ascii_lines_kept(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    lines = [_line(1), _line(2, text="Grüße an die IT"), _line(3), _line(4, author_name="Jürgen")]
    path.write_bytes(b"".join(json.dumps(x, ensure_ascii=False).encode("latin-1") + b"\n" for x in lines))
    result = _import(engine, path)
    assert [e.line for e in result.errors] == [2, 4]
    assert "0xFC" in result.errors[0].message
    assert "--encoding" in result.errors[0].message
    assert sorted(_stored(engine)) == ["1", "3"]
    again = _import(engine, path, encoding="latin-1")
    assert again.error_count == 0
    assert _stored(engine)["2"]["text"] == "Grüße an die IT"
    assert _stored(engine)["4"]["author_name"] == "Jürgen"


def test_utf16_csv_with_a_byte_order_mark_is_read(engine: Engine, tmp_path: Path) -> None:
    source = tmp_path / "source.jsonl"
    source.write_text(
        "\n".join(json.dumps(_line(n, text=f"Dankeschön {n} 💙")) for n in range(3)), encoding="utf-8"
    )
    _import(engine, source)
    with (tmp_path / "plain.csv").open("w", encoding="utf-8", newline="") as out:
        write_csv(export_records(engine), out)
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text((tmp_path / "plain.csv").read_text(encoding="utf-8"), encoding="utf-16")
    result = _import(engine, utf16)
    assert (result.error_count, result.read, result.updated) == (0, 3, 3)
    assert _stored(engine)["2"]["text"] == "Dankeschön 2 💙"
    no_bom = tmp_path / "nobom.csv"
    no_bom.write_bytes((tmp_path / "plain.csv").read_text(encoding="utf-8").encode("utf-16-le"))
    with pytest.raises(ImportFileError, match="--encoding utf-16-le"):
        _import(engine, no_bom)
    assert _import(engine, no_bom, encoding="utf-16-le").error_count == 0
    with pytest.raises(ImportFileError, match="unknown encoding"):
        _import(engine, no_bom, encoding="klingon")


def test_values_beyond_the_schema_are_named_and_the_rest_stored(engine: Engine, tmp_path: Path) -> None:
    lines = [
        json.dumps(_line(1)),
        '{"platform": "x", "external_id": "2", "created_at": "2026-11-17T09:00:00Z", "text": "a\\ud800b"}',
        json.dumps(_line(3, text="NUL\u0000byte")),
        json.dumps(_line(4, raw={"nested": ["fine", "NUL\u0000"]})),
        json.dumps(_line(5, author_handle="h" * 129)),
        json.dumps(_line(6, likes=2**31)),
        json.dumps(_line(7, likes=2**31 - 1, author_handle="h" * 128)),
        json.dumps(_line(8, text="x" * 51)),
        json.dumps({**GOOD, "external_id": "9" * 301}),
        json.dumps(_line(10, sources=["s" * 301])),
        json.dumps(_line(11, text="x" * 50)),
    ]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _import(engine, path, max_text=50)
    messages = {e.line: e.message for e in result.errors}
    assert sorted(messages) == [2, 3, 4, 5, 6, 8, 9, 10]
    assert "lone surrogate" in messages[2]
    assert "NUL" in messages[3]
    assert "raw" in messages[4]
    assert "author_handle" in messages[5]
    assert "likes" in messages[6]
    assert "51 characters" in messages[8]
    assert "external_id" in messages[9]
    # No message repeats the post's text.
    assert all("xxxx" not in m for m in messages.values())
    stored = _stored(engine)
    assert sorted(stored) == ["1", "11", "7"]
    assert stored["7"]["likes"] == 2**31 - 1


def test_duplicates_in_a_file_are_merged_without_blanking(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = _line(1, author_name="Anna", author_handle="anna", likes=3, media_urls=["https://x.com/a.jpg"])
    later = _line(1, text="Danke, korrigiert", likes=5, sources=["x:search:b"])
    lines = [
        full,
        _line(2),
        later,
        _line(2, author_name="Bert"),
        _line(3),
        _line(1, text="Danke, korrigiert", raw={"v": 3}),
    ]
    path = tmp_path / "dups.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    # Batches of two lines, so copies meet both within a batch and across batches.
    monkeypatch.setattr(exchange, "CHUNK", 1)
    result = _import(engine, path)
    assert (result.read, result.new, result.duplicates, result.error_count) == (3, 3, 3, 0)
    one = _stored(engine)["1"]
    assert one["text"] == "Danke, korrigiert"
    assert (one["author_name"], one["author_handle"], one["likes"]) == ("Anna", "anna", 5)
    assert one["media_urls"] == ["https://x.com/a.jpg"]
    assert one["raw"] == {"v": 3}
    assert one["sources"] == ["import:test", "x:search:b"]
    assert _stored(engine)["2"]["author_name"] == "Bert"


def test_a_csv_cell_beyond_csv_limits_costs_only_its_line(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    rows = ["platform,external_id,created_at,text"]
    rows += [f"x,{n},2026-11-17T09:00:00Z,{'y' * (200_000 if n == 2 else 5)}" for n in range(1, 4)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = _import(engine, path)
    assert [e.line for e in result.errors] == [3]
    assert "200,000 characters" in result.errors[0].message
    assert sorted(_stored(engine)) == ["1", "3"]
