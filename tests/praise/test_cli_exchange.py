from __future__ import annotations

import json
from pathlib import Path

from tests.praise.cli import run_praise

GOOD = {
    "platform": "x",
    "external_id": "1",
    "created_at": "2026-11-17T09:00:00Z",
    "text": "Danke, liebe IT 💙",
}


def test_import_reports_bad_lines_keeps_good_ones_and_exits_nonzero(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(GOOD), "{broken", json.dumps({**GOOD, "external_id": "2"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_praise("import", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert "in.jsonl:line 2: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert "imported 2 mentions" in result.stdout
    exported = run_praise("export", "--format", "jsonl", cwd=tmp_path)
    assert exported.returncode == 0
    assert [json.loads(line)["external_id"] for line in exported.stdout.splitlines()] == ["1", "2"]


def test_export_then_import_round_trip_through_the_command(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    assert run_praise("import", str(source), cwd=tmp_path).returncode == 0
    out = tmp_path / "out.jsonl"
    assert run_praise("export", "--out", str(out), cwd=tmp_path).returncode == 0
    other = tmp_path / "other"
    other.mkdir()
    assert run_praise("import", str(out), cwd=other).returncode == 0
    again = run_praise("export", cwd=other)
    assert again.stdout == out.read_text(encoding="utf-8")


def test_user_mistakes_give_one_line_and_nonzero_exit(tmp_path: Path) -> None:
    for args in (
        ["import", "missing.jsonl"],
        ["export", "--since", "gestern"],
        ["--config", "nope.toml", "sources"],
    ):
        result = run_praise(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert result.stderr.startswith("praise: error: "), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    result = run_praise("db", "upgrade", cwd=tmp_path, env={"PRAISE_DATABASE_URL": "nosuchdb://x"})
    assert result.returncode == 2
    assert "praise: error:" in result.stderr


def test_import_labels_new_mentions_and_records_the_named_source(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    result = run_praise("import", str(path), "--source", "import:tool:listening", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "classified 1 mentions" in result.stdout
    exported = json.loads(run_praise("export", cwd=tmp_path).stdout)
    assert exported["sources"] == ["import:tool:listening"]
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "praise.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM classifications").fetchone() == (1,)


def test_import_names_non_utf8_lines_and_takes_an_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    plain = {**GOOD, "text": "Danke"}
    lines = [plain, {**plain, "external_id": "2", "text": "Grüße"}, {**plain, "text": "Danke!"}]
    path.write_bytes(b"".join(json.dumps(x, ensure_ascii=False).encode("latin-1") + b"\n" for x in lines))
    first = run_praise("import", "--no-classify", str(path), cwd=tmp_path)
    assert first.returncode == 1
    assert "latin1.jsonl:line 2: byte 0xFC" in first.stderr
    assert "--encoding" in first.stderr
    assert "Traceback" not in first.stderr
    second = run_praise("import", "--no-classify", "--encoding", "latin-1", str(path), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "1 duplicate lines merged" in second.stdout
    bad = run_praise("import", "--encoding", "nope", str(path), cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip() == "praise: error: unknown encoding 'nope' (try utf-8, latin-1, utf-16, cp1252)"
