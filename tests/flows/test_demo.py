"""`praise demo` as a user runs it (what `make demo` runs): offline, twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _demo(workdir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRAISE_", "PREFECT_API"))}
    env.update({"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "COLUMNS": "200"})
    env["PREFECT_HOME"] = str(cwd / ".prefect")
    return subprocess.run(
        [sys.executable, "-m", "praise", "demo", "--dir", str(workdir)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_demo_collects_classifies_and_writes_the_products_twice_without_duplicates(tmp_path: Path) -> None:
    workdir = tmp_path / "demo"
    first = _demo(workdir, tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    for source in ("x:mentions:StadtIT_Demo", "instagram:profile:kater.joey.demo"):
        assert source in first.stdout
    assert "Top praise of the week" in first.stdout
    digest = json.loads((workdir / "out" / "digest-2026-W47" / "digest.json").read_text(encoding="utf-8"))
    assert digest["week"] == "2026-W47"
    assert (workdir / "out" / "report" / "report.html").exists()
    assert "praise --config" in first.stdout
    assert "review" in first.stdout

    second = _demo(workdir, tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    x_rows = [line for line in second.stdout.splitlines() if line.startswith("│ x:")]
    assert x_rows
    # Columns: source, outcome, read, new, ...: the second run reads no X post again.
    for row in x_rows:
        cells = [c.strip() for c in row.strip("│").split("│")]
        assert cells[2:4] == ["0", "0"], row
