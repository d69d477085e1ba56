"""Flow tests run against Prefect's test harness (one temporary server for the session) and the
loopback doubles of every platform that the demo uses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from praise.demo import demo_config, demo_environment
from praise.fakes.bluesky import FakeBluesky
from praise.fakes.instagram import FakeInstagram
from praise.fakes.mastodon import FakeMastodon
from praise.fakes.x_api import FakeXApi
from storage.db import make_engine


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@dataclass
class World:
    config: Path
    x: FakeXApi
    instagram: FakeInstagram
    database_url: str
    mastodon: FakeMastodon
    bluesky: FakeBluesky


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The demo's sources, served by fresh doubles, with a fresh database in tmp_path."""
    config = demo_config(tmp_path)
    with (
        FakeXApi() as x_api,
        FakeInstagram() as instagram,
        FakeMastodon() as mastodon,
        FakeBluesky() as bluesky,
    ):
        for name, value in demo_environment(config, x_api, instagram, tmp_path, mastodon, bluesky).items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("PRAISE_DATABASE_URL", raising=False)
        database_url = f"sqlite:///{(tmp_path / 'demo.sqlite').resolve()}"
        yield World(config, x_api, instagram, database_url, mastodon, bluesky)


@pytest.fixture
def engine_of(world: World):  # type: ignore[no-untyped-def]
    engine = make_engine(world.database_url)
    yield engine
    engine.dispose()
