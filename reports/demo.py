"""The demo's products: the 2026-W47 digest and the 12-week report ending with that week."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from kernel.weeks import parse_day_span
from reports.digest import build_digest, write_digest
from reports.sentiment import build_report, write_report

DEMO_WEEK = "2026-W47"
# The twelve ISO weeks W36..W47 of 2026: Monday 31 August to Sunday 22 November.
DEMO_REPORT_SPAN = ("2026-08-31", "2026-11-22")


def write_demo_products(engine: Engine, out_dir: Path, *, own_handles: Iterable[str] = ()) -> list[Path]:
    """Write the demo week's digest to `out_dir/digest-2026-W47/` and the report to `out_dir/report/`.

    Returns:
        Every path written: digest.html, digest.md, digest.json, report.html and the report's CSV files.
    """
    digest = build_digest(engine, DEMO_WEEK, "de", own_handles=own_handles)
    paths = write_digest(digest, out_dir / f"digest-{DEMO_WEEK}")
    report = build_report(engine, parse_day_span(*DEMO_REPORT_SPAN), "de")
    paths += write_report(report, out_dir / "report")
    return paths
