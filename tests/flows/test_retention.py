"""The scheduled retention flow applies `[retention]` of the configuration it is given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from kernel.records import Normalised, Platform, RawPage, SourceKey
from praise.entrypoints import RETENTION, load_flow
from storage.db import make_engine
from storage.exchange import export_records
from storage.ingest import store_page
from storage.migrate import upgrade
from tests.storage.factories import mention


def test_retention_flow_deletes_what_the_configuration_says(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/praise.sqlite"
    config = tmp_path / "praise.toml"
    config.write_text(f'database_url = "{url}"\n[retention]\nposts_months = 1\n', encoding="utf-8")
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    old, fresh = (
        mention(1, created_at=now - timedelta(days=70)),
        mention(2, created_at=now - timedelta(days=2)),
    )
    store_page(engine, RawPage(SourceKey(Platform.X, "search", "q"), {}, {}), Normalised([old, fresh]))

    counts = load_flow(RETENTION)(config=str(config))

    assert counts["posts_deleted"] == 1
    assert [r["external_id"] for r in export_records(engine)] == [fresh.external_id]
    engine.dispose()
