"""Fixtures for the report tests: the filled demo weeks on each database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.reports.world import fill_world


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    """The demo weeks W45..W47 with runs; mention ids by post name."""
    return fill_world(engine)
