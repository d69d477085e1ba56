"""Operations (issue 11): honest states and artifacts, one alert per incident, one collector per source,
lost runs recognised. Real Prefect (the session's temporary server), real tweepy and instaloader against
the loopback doubles, a real HTTP server as the alert webhook, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from flows.collect import collect, collect_source
from praise.fakes.x_api import DEMO_NOW
from storage.db import make_engine
from storage.migrate import upgrade
from storage.schema import Base, CollectionRunRow, SourceLeaseRow
from tests.flows.conftest import World

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "instagram:profile:kater.joey.demo"
MENTIONS = "x:mentions:StadtIT_Demo"
CHECKPOINT = {"message": "checkpoint_required", "checkpoint_url": "/challenge/", "status": "fail"}


class Webhook:
    """A local HTTP endpoint that records every POST body."""

    def __init__(self) -> None:
        received: list[dict[str, Any]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                received.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alerts"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.close()


def _small_world(world: World, extra: str = "") -> None:
    """The demo's X mentions and one Instagram profile without comments: a failing source is one incident."""
    config = world.config.read_text(encoding="utf-8")
    config = re.sub(r"(?m)^queries = .*$", "queries = []", config)
    config = config.replace('tagged = ["kater.joey.demo"]', "tagged = []")
    config = config.replace('hashtags = ["katerjoey"]', "hashtags = []\nmax_posts = 10\ncomments = false")
    # Only X and Instagram: the fediverse sources would keep a run "partly collected".
    config = re.sub(r"(?ms)^\[(mastodon|bluesky)\]\n.*?(?=^\[)", "", config)
    assert "[mastodon]" not in config
    assert "[bluesky]" not in config
    assert "tagged = []" in config
    assert "comments = false" in config
    world.config.write_text(config + extra, encoding="utf-8")


def _collect(world: World) -> Any:
    """One collect flow run; its final State (Prefect's typing cannot tell it from an awaitable)."""
    return collect(config=str(world.config), now=DEMO_NOW, return_state=True)


def _logged(flow_run_id: Any) -> str:
    """The run's log lines as the Prefect API holds them (what the UI shows)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with get_client(sync_client=True) as client:
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return "\n".join(f"{entry.name}: {entry.message}" for entry in logs)


def _artifact_rows(flow_run_id: Any) -> list[dict[str, Any]]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterKey,
        FlowRunFilter,
        FlowRunFilterId,
    )

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["collection-outcome"])),
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
        )
    assert len(artifacts) == 1
    data = artifacts[0].data
    rows: list[dict[str, Any]] = json.loads(data) if isinstance(data, str) else data  # type: ignore[assignment]
    return rows


def test_failing_source_fails_the_run_with_an_artifact_and_alerts_once(
    world: World, engine_of: Engine, webhook: Webhook
) -> None:
    _small_world(world, f'\n[alerts]\ntargets = ["webhook"]\nwebhook_url = "{webhook.url}"\n')
    states = []
    for _ in range(2):
        world.instagram.fail_next(400, CHECKPOINT, times=50)
        states.append(_collect(world))
        _no_more_faults(world)
    for state in states:
        assert not state.is_completed()
        assert state.is_failed()
        assert state.name == "Partly collected"
        reports = {r["source"]: r for r in state.result(raise_on_failure=False).reports}
        assert reports[PROFILE]["outcome"] == "auth_failed"
        rows = {r["source"]: r for r in _artifact_rows(state.state_details.flow_run_id)}
        assert rows[PROFILE]["outcome"] == "auth_failed"
        assert rows[MENTIONS]["outcome"] == "ok"
        # The API handler sends log lines in batches, in the background: give the last batch a moment.
        run_id = state.state_details.flow_run_id
        _wait_for(lambda r=run_id: f"{MENTIONS}: ok" in _logged(r), "the run's log lines in the API", 30)
        logged = _logged(run_id)
        assert f"{PROFILE}: auth_failed" in logged
        assert f"{MENTIONS}: ok" in logged
    # The source failed in both runs: one incident, one alert.
    assert [a["data"]["key"] for a in webhook.received] == [f"auth_failed:{PROFILE}"]
    assert "checkpoint" in webhook.received[0]["markdown"]
    # Back to ok ends the incident; failing again is a new one, alerted anew.
    assert _collect(world).is_completed()
    world.instagram.fail_next(400, CHECKPOINT, times=50)
    assert _collect(world).is_failed()
    assert len(webhook.received) == 2


def _no_more_faults(world: World) -> None:
    with world.instagram._lock:
        world.instagram._faults.clear()


def test_a_run_where_nothing_was_collected_is_failed(world: World) -> None:
    _small_world(world)
    world.x.fail_next(401, times=100)
    world.instagram.fail_next(400, CHECKPOINT, times=500)
    state = _collect(world)
    assert state.is_failed()
    assert state.name == "Failed"
    assert state.message.startswith("nothing collected")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(
    request: pytest.FixtureRequest, world: World, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Engine]:
    """The world's database on SQLite, or an emptied one on the PostgreSQL server."""
    url = world.database_url if request.param == "sqlite" else request.getfixturevalue("pg_url")
    monkeypatch.setenv("PRAISE_DATABASE_URL", url)
    engine = make_engine(url)
    upgrade(engine)
    if engine.dialect.name == "postgresql":
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield engine
    engine.dispose()


def _wait_for(condition: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _lease_taken(engine: Engine, source: str) -> bool:
    with engine.connect() as conn:
        return (
            conn.execute(select(SourceLeaseRow.holder).where(SourceLeaseRow.source == source)).first()
            is not None
        )


def _running(engine: Engine) -> bool:
    with engine.connect() as conn:
        return (
            conn.execute(select(CollectionRunRow.id).where(CollectionRunRow.outcome == "running")).first()
            is not None
        )


def test_two_collects_of_one_source_at_once_read_no_post_twice(world: World, database: Engine) -> None:
    # Every answer of X takes a moment, so the first run still holds the source when the second starts.
    world.x.delay_next(0.3, times=1000)
    results: dict[str, dict[str, Any]] = {}

    def run(run_id: str) -> None:
        results[run_id] = collect_source.fn(MENTIONS, run_id, str(world.config), 2000, DEMO_NOW)

    first = threading.Thread(target=run, args=("run-1",))
    first.start()
    _wait_for(lambda: _lease_taken(database, MENTIONS), "the first run's lease")
    run("run-2")
    first.join()
    assert results["run-1"]["outcome"] == "ok"
    assert results["run-1"]["new"] > 0
    assert results["run-2"]["outcome"] == "skipped"
    assert "run-1" in results["run-2"]["error"]
    assert world.x.served
    assert max(world.x.served.values()) == 1
    assert not _lease_taken(database, MENTIONS)
    # Afterwards the source is free again and reads only what is new (nothing).
    assert collect_source.fn(MENTIONS, "run-3", str(world.config), 2000, DEMO_NOW)["read"] == 0
    assert max(world.x.served.values()) == 1


def test_a_run_killed_with_sigkill_is_marked_interrupted_by_the_next_run_at_once(
    world: World, database: Engine
) -> None:
    # A lease of an hour: the next run must not wait for it to expire.
    world.config.write_text(
        world.config.read_text(encoding="utf-8") + "\n[operations]\nlease_seconds = 3600\n", encoding="utf-8"
    )
    world.x.delay_next(30, times=1)
    code = (
        "import datetime, sys\n"
        "from flows.collect import collect_source\n"
        "collect_source.fn(sys.argv[1], 'killed-run', sys.argv[2], 2000, datetime.datetime.fromisoformat(sys.argv[3]))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, MENTIONS, str(world.config), DEMO_NOW.isoformat()],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        _wait_for(lambda: _running(database), "the run to start")
        time.sleep(0.5)  # inside its first, stalled request to X
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    with database.connect() as conn:
        assert conn.execute(select(CollectionRunRow.outcome)).scalars().all() == ["running"]
    state = _collect(world)
    assert state.is_completed()
    with database.connect() as conn:
        runs = conn.execute(
            select(CollectionRunRow.run_id, CollectionRunRow.outcome)
            .where(CollectionRunRow.source == MENTIONS)
            .order_by(CollectionRunRow.id)
        ).all()
    assert runs[0] == ("killed-run", "interrupted")
    assert [outcome for _, outcome in runs[1:]] == ["ok"]
