"""`praise erase` end to end: database, export, draft and published digest files, a later re-import."""

from __future__ import annotations

import json
from pathlib import Path

from kernel.settings import PublishSettings
from reports.digest import build_digest, write_digest
from reports.publish.approved import publish_week
from storage.db import make_engine
from storage.migrate import upgrade
from tests.praise.cli import run_praise
from tests.reports.world import insert_posts, week_posts

HANDLE = "anna_k_bsp"
TRACES = (HANDLE, "anna k.")


def _tree_text(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8").lower() for p in sorted(root.rglob("*")) if p.is_file())


def test_erase_removes_the_author_everywhere_and_a_reimport_does_not_restore_them(tmp_path: Path) -> None:
    db = tmp_path / "praise.sqlite"
    (tmp_path / "praise.toml").write_text(
        f'database_url = "sqlite:///{db}"\nout_dir = "{tmp_path / "out"}"\n'
        f'[publish]\nfolder = "{tmp_path / "published"}"\nrequire_approval = false\n',
        encoding="utf-8",
    )
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    insert_posts(engine, week_posts())
    write_digest(build_digest(engine, "2026-W47"), tmp_path / "out" / "digest-2026-W47")
    publish_week(
        engine,
        "2026-W47",
        "folder",
        settings=PublishSettings(folder=tmp_path / "published", require_approval=False),
        actor="test",
    )
    engine.dispose()
    for folder in ("out", "published"):
        assert HANDLE in _tree_text(tmp_path / folder)
    old_export = tmp_path / "old.jsonl"
    assert run_praise("export", "--out", str(old_export), cwd=tmp_path).returncode == 0
    assert HANDLE in old_export.read_text(encoding="utf-8")

    erased = run_praise("erase", "--author", "@Anna_K_Bsp", cwd=tmp_path)

    assert erased.returncode == 0, erased.stderr
    assert "erasure 1: erased posts 1," in erased.stdout
    assert "digest-2026-W47" in erased.stdout
    for folder in ("out", "published"):
        text = _tree_text(tmp_path / folder)
        assert [t for t in TRACES if t in text] == []
    exported = run_praise("export", cwd=tmp_path).stdout.lower()
    assert [t for t in TRACES if t in exported] == []
    reimport = run_praise("import", "--no-classify", str(old_export), cwd=tmp_path)
    assert reimport.returncode == 0, reimport.stderr
    assert "1 of erased authors skipped" in reimport.stdout
    assert [t for t in TRACES if t in run_praise("export", cwd=tmp_path).stdout.lower()] == []
    rebuilt = run_praise("digest", "--week", "2026-W47", "--out", str(tmp_path / "again"), cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert [t for t in TRACES if t in _tree_text(tmp_path / "again")] == []
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        (details,) = conn.exec_driver_sql("SELECT details FROM erasures").one()
    engine.dispose()
    record = json.loads(details)
    assert record["weeks"] == ["2026-W47"]
    assert record["files"]["published_copies_rewritten"] == [str(tmp_path / "published" / "digest-2026-W47")]
    assert HANDLE not in details.lower()


def test_erase_needs_exactly_one_target(tmp_path: Path) -> None:
    result = run_praise("erase", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "praise: error: give exactly one of --author HANDLE or --mention ID"
    missing = run_praise("erase", "--mention", "x:404", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "praise: error: no stored post x:404"
