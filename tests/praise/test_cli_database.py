"""`praise db upgrade` on a database path it cannot write: one line, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.praise.cli import run_praise


@pytest.mark.parametrize(
    "where", ["/proc/praise-data/praise.sqlite", "{tmp}/file/praise.sqlite", "/proc/x.sqlite"]
)
def test_praise_says_one_line_for_an_unwritable_database_path(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("in the way")
    url = "sqlite:///" + where.format(tmp=tmp_path)
    result = run_praise("db", "upgrade", cwd=tmp_path, env={"PRAISE_DATABASE_URL": url})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("praise: error: ")
