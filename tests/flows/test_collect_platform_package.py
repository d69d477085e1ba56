"""`praise collect` takes a platform that is only a package under `collectors/`, outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.kernel.test_platform_package import forum_package

ROOT = Path(__file__).resolve().parents[2]


def _praise(*args: str, cwd: Path, plugins: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRAISE_", "PREFECT_"))}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(plugins), str(ROOT)]),
            "PRAISE_CONFIG": str(cwd / "praise.toml"),
            "PREFECT_HOME": str(cwd / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "COLUMNS": "200",  # the sources table wraps long names on a narrow terminal
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "praise", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_platform_added_as_one_package_is_configured_collected_and_exported(tmp_path: Path) -> None:
    plugins = forum_package(tmp_path / "plugins")
    work = tmp_path / "work"
    work.mkdir()
    (work / "praise.toml").write_text(
        f'database_url = "sqlite:///{work / "praise.sqlite"}"\n[forum]\nboards = ["rathaus"]\n',
        encoding="utf-8",
    )
    listed = _praise("sources", cwd=work, plugins=plugins)
    assert listed.returncode == 0, listed.stderr
    assert "forum:board:rathaus" in listed.stdout
    collected = _praise("collect", cwd=work, plugins=plugins)
    assert collected.returncode == 0, collected.stderr + collected.stdout
    exported = _praise("export", "--platform", "forum", cwd=work, plugins=plugins)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {(line["platform"], line["external_id"]) for line in lines} == {
        ("forum", "rathaus-1"),
        ("forum", "rathaus-2"),
    }
    refused = _praise("export", "--platform", "forun", cwd=work, plugins=plugins)
    assert refused.returncode == 2
    assert "'forun' is not a platform" in refused.stderr
    assert "forum" in refused.stderr
