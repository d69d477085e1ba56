from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from kernel.weeks import parse_day_span
from reports.sentiment import build_report, render_report_html, report_csv, weeks_in, write_report
from tests.reports.html_checks import SVG, active_content, heading_problems, local, parse_html5, parse_xml
from tests.reports.world import week_posts

SPAN = parse_day_span("2026-08-31", "2026-11-22")
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def test_twelve_weeks_with_counts_and_shares(engine: Engine, world: dict[str, int]) -> None:
    report = build_report(engine, SPAN, now=NOW)
    assert [w.key for w in report.weeks] == [f"2026-W{n}" for n in range(36, 48)]
    last = report.weeks[-1]
    assert (last.volume, last.positive, last.neutral, last.negative, last.unclassified) == (17, 12, 1, 3, 1)
    assert last.share("negative") == 3 / 16
    before, latest = report.week_over_week or (None, None)
    assert before is not None
    assert before.key == "2026-W46"
    assert latest is last
    assert report.total.volume == 2 + 4 + 17
    assert {p.key for p in report.platforms} == {"x", "instagram"}
    assert report.complaints[0].key == "vpn"  # two complaints about the VPN in W47, one in W46


def test_only_aggregates_leave_the_report(engine: Engine, world: dict[str, int], tmp_path: Path) -> None:
    paths = write_report(build_report(engine, SPAN, now=NOW), tmp_path)
    assert [p.name for p in paths] == ["report.html", "weekly.csv", "platforms.csv", "topics.csv"]
    everything = "".join(p.read_text(encoding="utf-8") for p in paths)
    for post in week_posts():
        if post.handle != "StadtIT_Demo":  # our own account names a source in the coverage statement
            assert post.handle not in everything
        assert post.text not in everything


def test_csv_holds_the_weekly_figures(engine: Engine, world: dict[str, int]) -> None:
    files = report_csv(build_report(engine, SPAN, now=NOW))
    rows = list(csv.DictReader(io.StringIO(files["weekly.csv"])))
    assert len(rows) == 12
    w47 = rows[-1]
    assert w47["key"] == "2026-W47"
    assert w47["volume"] == "17"
    assert w47["share_negative"] == "0.1875"
    assert rows[0]["share_positive"] == ""  # no data is not zero


def test_html_is_well_formed_and_accessible(engine: Engine, world: dict[str, int]) -> None:
    html = render_report_html(build_report(engine, SPAN, now=NOW))
    root = parse_xml(html)
    parse_html5(html)
    assert root.get("lang") == "de"
    assert heading_problems(root) == []
    assert active_content(root) == []
    charts = [e for e in root.iter() if e.tag == f"{SVG}svg" and e.get("class") == "chart"]
    assert len(charts) == 3
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "chart ids collide"
    for chart in charts:
        assert chart.get("role") == "img"
        assert chart.get("aria-label")
        assert not any(local(e.tag) in ("metadata", "style", "script") for e in chart.iter())
        assert any(local(e.tag) == "table" for e in chart.getparent().iter())
    assert "Worauf diese Zahlen beruhen" in html


def test_weeks_of_a_span_follow_berlin_iso_weeks() -> None:
    assert weeks_in(parse_day_span("2026-11-16", "2026-11-22")) == ["2026-W47"]
    assert weeks_in(parse_day_span("2026-12-28", "2027-01-05")) == ["2026-W53", "2027-W01"]


def test_english_report(engine: Engine, world: dict[str, int]) -> None:
    html = render_report_html(build_report(engine, SPAN, "en", now=NOW))
    root = parse_xml(html)
    assert root.get("lang") == "en"
    assert "Sentiment report" in html
    assert "75.0%" in html
    assert heading_problems(root) == []
