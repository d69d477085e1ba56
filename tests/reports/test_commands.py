"""The report commands as a user runs them, in a subprocess on a filled SQLite database."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.db import make_engine
from storage.migrate import upgrade
from storage.schema import ReviewRow
from tests.praise.cli import run_praise
from tests.reports.world import fill_world


# Until praise/cli.py imports praise.commands.reports, register the commands here before running main().
def praise(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_praise(*args, cwd=cwd, env=env)


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, int]]:
    url = f"sqlite:///{tmp_path}/praise.sqlite"
    engine = make_engine(url)
    upgrade(engine)
    ids = fill_world(engine)
    engine.dispose()
    return tmp_path, {"PRAISE_DATABASE_URL": url}, ids


def test_digest_report_and_highlights_commands(filled: tuple[Path, dict[str, str], dict[str, int]]) -> None:
    cwd, env, ids = filled
    result = praise("digest", "--week", "2026-W47", cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    out = cwd / "out" / "digest-2026-W47"
    assert sorted(p.name for p in out.iterdir()) == ["digest.html", "digest.json", "digest.md"]
    english = praise(
        "digest", "--week", "2026-W47", "--lang", "en", "--out", str(cwd / "en"), cwd=cwd, env=env
    )
    assert english.returncode == 0
    assert "Praise of the week" in (cwd / "en" / "digest.html").read_text("utf-8")

    report = praise("report", "--from", "2026-09-01", "--to", "2026-11-22", "--out", "r", cwd=cwd, env=env)
    assert report.returncode == 0, report.stderr
    assert sorted(p.name for p in (cwd / "r").iterdir()) == [
        "platforms.csv",
        "report.html",
        "topics.csv",
        "weekly.csv",
    ]

    shown = praise("highlights", "--week", "2026-W47", "--format", "json", cwd=cwd, env=env)
    assert shown.returncode == 0, shown.stderr
    items = json.loads(shown.stdout)["items"]
    assert {i["mention_id"] for i in items} >= {ids["vpn_anna"], ids["helpdesk_tom"]}

    marked = praise("highlights", "--mark-reposted", str(ids["vpn_anna"]), cwd=cwd, env=env)
    assert marked.returncode == 0, marked.stderr
    engine = make_engine(env["PRAISE_DATABASE_URL"])
    with engine.connect() as conn:
        at = conn.execute(
            select(ReviewRow.reposted_at).where(ReviewRow.mention_id == ids["vpn_anna"])
        ).scalar_one()
    engine.dispose()
    assert at is not None
    again = praise("highlights", "--week", "2026-W47", "--format", "md", cwd=cwd, env=env)
    assert "bereits geteilt am" in again.stdout


def test_publish_command_once_only_and_user_errors(
    filled: tuple[Path, dict[str, str], dict[str, int]],
) -> None:
    cwd, env, ids = filled
    unapproved = praise("publish", "--week", "2026-W47", cwd=cwd, env=env)
    assert unapproved.returncode == 2
    assert "not approved yet" in unapproved.stderr
    assert not (cwd / "out" / "published").exists()
    (cwd / "praise.toml").write_text("[publish]\nrequire_approval = false\n", encoding="utf-8")
    first = praise("publish", "--week", "2026-W47", cwd=cwd, env=env)
    assert first.returncode == 0, first.stderr
    assert (cwd / "out" / "published" / "digest-2026-W47" / "digest.html").exists()
    second = praise("publish", "--week", "2026-W47", cwd=cwd, env=env)
    assert second.returncode == 2
    assert "was published" in second.stderr
    assert "--force" in second.stderr
    assert "Traceback" not in second.stderr
    forced = praise("publish", "--week", "2026-W47", "--force", cwd=cwd, env=env)
    assert forced.returncode == 0, forced.stderr
    unconfigured = praise("publish", "--week", "2026-W47", "--to", "email", cwd=cwd, env=env)
    assert unconfigured.returncode == 2
    assert "smtp_host" in unconfigured.stderr
    for args in (
        ["digest", "--week", "2026-W99"],
        ["report", "--from", "gestern"],
        ["highlights", "--mark-reposted", str(ids["rejected"])],
    ):
        bad = praise(*args, cwd=cwd, env=env)
        assert bad.returncode == 2, args
        assert len(bad.stderr.strip().splitlines()) == 1
        assert "Traceback" not in bad.stderr
