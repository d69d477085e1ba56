"""`praise serve` and `prefect.yaml` schedule the same deployments, and serve really registers them."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from praise.schedules import SCHEDULES, TIMEZONE

ROOT = Path(__file__).resolve().parents[2]


def test_prefect_yaml_and_serve_schedule_the_same_deployments() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    declared = {
        d["name"]: (d["entrypoint"], d["schedules"][0]["cron"], d["schedules"][0]["timezone"])
        for d in spec["deployments"]
    }
    for schedule in SCHEDULES:
        module, func = schedule.entrypoint.split(":")
        assert declared[schedule.deployment] == (
            f"{module.replace('.', '/')}.py:{func}",
            schedule.cron,
            TIMEZONE,
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


def test_serve_starts_a_server_and_registers_the_schedules(tmp_path: Path) -> None:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PRAISE_"))}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PYTHONPATH": str(ROOT),
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "praise", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        found: list[dict[str, object]] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not found:
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            with contextlib.suppress(OSError):
                found = [d for d in _deployments(api) if d["name"] == SCHEDULES[0].deployment]
            time.sleep(1)
        assert found, "praise serve registered no deployment within 120 s"
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
