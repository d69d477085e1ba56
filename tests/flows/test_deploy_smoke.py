"""README "Operating it", end to end: ops/deploy-smoke.sh on this machine (about a minute)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_the_operating_section_runs_end_to_end(pg_url: str) -> None:
    # pg_url: skips (or fails under CI) when no PostgreSQL answers, like the storage tests.
    if shutil.which("createdb") is None:
        pytest.skip("PostgreSQL's client tools (createdb, psql) are not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PRAISE_"))}
    done = subprocess.run(
        [str(ROOT / "ops" / "deploy-smoke.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "deploy smoke: 12 sources ok" in done.stdout
    assert done.stdout.rstrip().endswith("deploy smoke: ok")
