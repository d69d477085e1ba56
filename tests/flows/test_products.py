"""The digest and report flows: drafted, held until approved, published once, reports by period."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from flows.products import report_period, sentiment_report, weekly_digest
from storage.db import make_engine
from storage.migrate import upgrade
from storage.reviews import approve_week, week_state
from tests.reports.world import fill_world

WEEK = "2026-W47"


def _config(tmp_path: Path, *, require_approval: bool = True) -> str:
    database = tmp_path / "praise.sqlite"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    if not (tmp_path / "filled").exists():
        fill_world(engine)
        (tmp_path / "filled").touch()
    engine.dispose()
    config = tmp_path / "praise.toml"
    config.write_text(
        f'out_dir = "{tmp_path / "out"}"\n[database]\nurl = "sqlite:///{database}"\n'
        f'[publish]\nfolder = "{tmp_path / "published"}"\nrequire_approval = {str(require_approval).lower()}\n',
        encoding="utf-8",
    )
    return str(config)


def test_digest_waits_for_approval_then_publishes_once(tmp_path: Path) -> None:
    config = _config(tmp_path)
    first = weekly_digest(config=config, week=WEEK)
    assert first["status"] == "waiting for approval"
    assert (tmp_path / "out" / f"digest-{WEEK}" / "digest.html").exists()
    assert not (tmp_path / "published").exists()

    engine = make_engine(f"sqlite:///{tmp_path / 'praise.sqlite'}")
    approve_week(engine, WEEK, actor="freigabe")
    second = weekly_digest(config=config, week=WEEK)
    assert second["status"] == "published"
    published = tmp_path / "published" / f"digest-{WEEK}" / "digest.json"
    assert json.loads(published.read_text(encoding="utf-8"))["week"] == WEEK
    assert week_state(engine, WEEK).status == "published"
    engine.dispose()

    third = weekly_digest(config=config, week=WEEK)
    assert third["status"] == "published already"


def test_digest_goes_out_at_once_where_no_approval_is_required(tmp_path: Path) -> None:
    config = _config(tmp_path, require_approval=False)
    assert weekly_digest(config=config, week=WEEK)["status"] == "published"


def test_monthly_report_covers_the_previous_month(tmp_path: Path) -> None:
    config = _config(tmp_path)
    paths = sentiment_report(config=config, kind="monthly", today=date(2026, 12, 1))
    folder = tmp_path / "out" / "report-monthly-2026-11-01_2026-11-30"
    assert sorted(Path(p).name for p in paths) == ["platforms.csv", "report.html", "topics.csv", "weekly.csv"]
    assert all(Path(p).parent == folder for p in paths)


def test_report_periods() -> None:
    weekly = report_period("weekly", date(2026, 11, 23))
    assert weekly.start == datetime(
        2026, 8, 30, 22, 0, tzinfo=UTC
    )  # Monday 31.08. 00:00 Berlin (summer time)
    assert weekly.end == datetime(2026, 11, 22, 23, 0, tzinfo=UTC)
    monthly = report_period("monthly", date(2026, 3, 1))
    assert monthly.start == datetime(2026, 1, 31, 23, 0, tzinfo=UTC)
    assert monthly.end == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="weekly or monthly"):
        report_period("daily", date(2026, 3, 1))
