"""Prefect settings every command that runs a flow needs on these machines."""

from __future__ import annotations

import os
from pathlib import Path


def quiet_prefect() -> None:
    """No analytics, no telemetry (the machines have no internet), and a project-local Prefect home."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(Path(".prefect").resolve()))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
