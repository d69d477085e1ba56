"""Charts name only fonts matplotlib ships, so no machine logs "findfont: Font family … not found"."""

from __future__ import annotations

import logging
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager

from reports.charts import STYLE, horizontal_bars

GENERIC = {"serif", "sans-serif", "cursive", "fantasy", "monospace"}


def test_every_named_family_is_bundled_with_matplotlib() -> None:
    bundled_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    bundled = {font_manager.FontProperties(fname=str(f)).get_name() for f in bundled_dir.glob("*.ttf")}
    named = [f for f in (*STYLE["font.family"], *STYLE["font.sans-serif"]) if f not in GENERIC]
    assert named
    assert set(named) <= bundled


def test_rendering_a_chart_logs_no_font_lookup_misses(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="matplotlib.font_manager"):
        svg = horizontal_bars("Themen", "Drei Themen", ["VPN", "Intranet", "Kater Joey"], [3, 2, 1])
    assert "Kater Joey" in svg
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]
