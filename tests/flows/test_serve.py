"""`praise serve` and `prefect.yaml` schedule the same deployments, and serve really registers them."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from praise.fakes.x_api import DEMO_TOKEN, FakeXApi
from praise.prefect_env import SERVE_FILE
from praise.schedules import SCHEDULES, TIMEZONE

ROOT = Path(__file__).resolve().parents[2]


def test_prefect_yaml_and_serve_schedule_the_same_deployments() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    declared = {
        d["name"]: (
            d["entrypoint"],
            d["schedules"][0]["cron"],
            d["schedules"][0]["timezone"],
            d.get("concurrency_limit"),
        )
        for d in spec["deployments"]
    }
    for schedule in SCHEDULES:
        module, func = schedule.entrypoint.split(":")
        assert declared[schedule.deployment] == (
            f"{module.replace('.', '/')}.py:{func}",
            schedule.cron,
            TIMEZONE,
            schedule.concurrency_limit,
        )
    assert len(declared) == len(SCHEDULES)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _deployments(api: str) -> list[dict[str, object]]:
    request = urllib.request.Request(
        f"{api}/deployments/filter", data=b"{}", headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        result: list[dict[str, object]] = json.loads(response.read())
        return result


def _serve(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PRAISE_"))}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PYTHONPATH": str(ROOT),
        }
    )
    with (tmp_path / "serve.out").open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "praise", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _registered(process: subprocess.Popen[bytes], api: str, tmp_path: Path) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not found:
        assert process.poll() is None, (tmp_path / "serve.out").read_text()
        with contextlib.suppress(OSError):
            found = [d for d in _deployments(api) if d["name"] == SCHEDULES[0].deployment]
        time.sleep(1)
    assert found, "praise serve registered no deployment within 120 s"
    return found


def _flow_runs(api: str) -> list[dict[str, object]]:
    request = urllib.request.Request(
        f"{api}/flow_runs/filter", data=b"{}", headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        result: list[dict[str, object]] = json.loads(response.read())
        return result


def _collect_beside(tmp_path: Path, x_api: str) -> subprocess.CompletedProcess[str]:
    """`praise collect` from the command line, in the PREFECT_HOME of the running `praise serve`."""
    config = tmp_path / "praise.toml"
    config.write_text(
        f'database_url = "sqlite:///{tmp_path / "praise.sqlite"}"\n[x]\nqueries = ["#DankeStadtIT"]\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PRAISE_"))}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PYTHONPATH": str(ROOT),
            "PRAISE_CONFIG": str(config),
            "X_BEARER_TOKEN": DEMO_TOKEN,
            "PRAISE_X_API_BASE_URL": x_api,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "praise", "collect"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_serve_starts_a_server_and_registers_the_schedules(tmp_path: Path) -> None:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    process = _serve(tmp_path, port)
    note = tmp_path / "prefect" / SERVE_FILE
    try:
        found = _registered(process, api, tmp_path)
        # A command-line collect beside it runs on its server: no server start, the run in the same UI.
        assert json.loads(note.read_text())["api_url"] == api
        with FakeXApi({"tweets": [], "users": []}) as x_api:
            done = _collect_beside(tmp_path, x_api.base_url)
        assert done.returncode == 0, done.stderr
        assert f"recording this run on the Prefect server of `praise serve` at {api}" in done.stderr
        manual = [r for r in _flow_runs(api) if r["deployment_id"] is None]  # not one of the schedules
        assert [r["state_type"] for r in manual] == ["COMPLETED"]
        # One collect at a time under serve too (the collect deployment's own limit).
        limit = found[0]["global_concurrency_limit"]
        assert isinstance(limit, dict)
        assert limit["limit"] == 1
        names = {d["name"] for d in _deployments(api)}
        assert names >= {s.deployment for s in SCHEDULES}
        schedules = found[0]["schedules"]
        assert isinstance(schedules, list)
        schedule = schedules[0]["schedule"]
        assert schedule["cron"] == SCHEDULES[0].cron
        assert schedule["timezone"] == TIMEZONE
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert not note.exists()
    # Stopping serve stops the server it started: nothing is left listening.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _deployments(api)
        except OSError:
            break
        time.sleep(1)
    else:
        raise AssertionError("the Prefect server started by praise serve outlived it")


def test_serve_exits_non_zero_when_its_server_dies_and_keeps_the_server_log(tmp_path: Path) -> None:
    port = _free_port()
    process = _serve(tmp_path, port)
    try:
        _registered(process, f"http://127.0.0.1:{port}/api", tmp_path)
        started = re.search(r"Prefect server \(process (\d+)\)", (tmp_path / "serve.out").read_text())
        assert started
        os.kill(int(started.group(1)), signal.SIGKILL)
        assert process.wait(timeout=180) == 1
    finally:
        if process.poll() is None:
            process.kill()
    output = (tmp_path / "serve.out").read_text()
    assert "praise: error: the Prefect server exited" in output
    assert "Traceback" not in output
    log = tmp_path / "prefect" / "server.log"
    assert str(log) in output
    assert log.stat().st_size > 0
