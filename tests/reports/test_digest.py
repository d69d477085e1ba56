from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from reports.digest import build_digest, digest_data, render_digest_html, render_digest_markdown, write_digest
from tests.reports.html_checks import (
    SVG,
    active_content,
    heading_problems,
    local,
    parse_html5,
    parse_xml,
    text_of,
)

OWN = ["StadtIT_Demo", "kater.joey.demo"]
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def shown_ids(digest) -> list[int]:
    return [i.mention_id for i in digest.highlights] + [i.mention_id for g in digest.groups for i in g.items]


def test_selection_rules_hold_on_the_demo_week(engine: Engine, world: dict[str, int]) -> None:
    digest = build_digest(engine, "2026-W47", own_handles=OWN, now=NOW)
    shown = set(shown_ids(digest)) | {i.mention_id for i in digest.mascot}
    # Approved praise and confident praise are in; the approved doubtful one too.
    for name in ("vpn_anna", "helpdesk_tom", "devices_ig", "irony_approved", "video_lena"):
        assert world[name] in shown, name
    # Never: unapproved irony, rejected, reposts, our own account, refused consent, complaints.
    for name in ("irony_vpn", "rejected", "repost_vpn", "own_post", "refused", "complaint_vpn", "w46_a"):
        assert world[name] not in shown, name
    assert {i.mention_id for i in digest.mascot} == {world["joey_fan1"], world["joey_fan2"]}
    topics = [g.topic for g in digest.groups]
    assert topics[0] == "helpdesk"  # the topic with the most praise leads
    assert len(topics) == len(set(topics))


def test_numbers_compare_with_the_week_before_and_reposts_are_reach(
    engine: Engine, world: dict[str, int]
) -> None:
    digest = build_digest(engine, "2026-W47", own_handles=OWN, now=NOW)
    assert digest.this_week.week == "2026-W47"
    assert digest.last_week.week == "2026-W46"
    assert digest.this_week.reposts == 1
    assert digest.this_week.mentions == 17  # 18 stored, one of them a repost
    assert digest.last_week.mentions == 4
    assert digest.last_week.negative == 1


def test_coverage_names_sources_gaps_and_reads(engine: Engine, world: dict[str, int]) -> None:
    coverage = build_digest(engine, "2026-W47", now=NOW).coverage
    assert coverage.runs == 6
    assert coverage.posts_read == 120
    assert coverage.posts_stored == 18
    outcomes = {(g.source, g.outcome) for g in coverage.gaps}
    assert ("instagram:hashtag:katerjoey", "failed") in outcomes
    assert ("x:mentions:StadtIT_Demo", "rate_limited") in outcomes
    assert ("x:search:#DankeStadtIT", "waited") in outcomes
    html = render_digest_html(build_digest(engine, "2026-W47", now=NOW))
    assert "Worauf diese Zahlen beruhen" in html
    assert "Instagram answered 401: log in again" in html
    assert "vom Anbieter gebremst" in html


def test_writes_three_files_with_the_same_content(
    engine: Engine, world: dict[str, int], tmp_path: Path
) -> None:
    digest = build_digest(engine, "2026-W47", own_handles=OWN, now=NOW)
    paths = write_digest(digest, tmp_path / "out")
    assert [p.name for p in paths] == ["digest.html", "digest.md", "digest.json"]
    data = json.loads(paths[2].read_text(encoding="utf-8"))
    assert data["week"] == "2026-W47"
    assert data["generated_at"] == "2026-11-23T06:00:00+00:00"
    assert data["item_count"] == digest.item_count
    assert [g["topic"] for g in data["groups"]] == [g.topic for g in digest.groups]
    assert [i["mention_id"] for i in data["mascot"]] == [i.mention_id for i in digest.mascot]
    assert data["this_week"] == digest_data(digest)["this_week"]
    html = paths[0].read_text(encoding="utf-8")
    markdown = paths[1].read_text(encoding="utf-8")
    for group in data["groups"]:
        for item in group["items"]:
            assert item["url"] in html
            assert item["url"] in markdown
    assert "16.11.2026" in html
    assert "22.11.2026" in html
    assert "75,0\u202f%" in html  # German decimal comma in the numbers table


def test_html_is_well_formed_self_contained_and_accessible(engine: Engine, world: dict[str, int]) -> None:
    html = render_digest_html(build_digest(engine, "2026-W47", own_handles=OWN, now=NOW))
    root = parse_xml(html)
    parse_html5(html)
    assert root.get("lang") == "de"
    assert heading_problems(root) == []
    assert active_content(root) == []
    metas = {m.get("http-equiv"): m.get("content") for m in root.iter() if local(m.tag) == "meta"}
    assert "script-src" not in metas["Content-Security-Policy"]
    assert metas["Content-Security-Policy"].startswith("default-src 'none'")
    # No external resource: nothing but links may carry a URL.
    for element in root.iter():
        for attribute in ("src", "srcset", "poster", "background"):
            assert element.get(attribute) is None
    charts = [e for e in root.iter() if e.tag == f"{SVG}svg" and e.get("class") == "chart"]
    assert charts
    for chart in charts:
        assert chart.get("role") == "img"
        assert chart.get("aria-label")
        assert chart[0].tag == f"{SVG}title"
        figure = chart.getparent()
        assert any(local(e.tag) == "table" for e in figure.iter())
    assert "Kater Joey" in text_of(root)


def test_english_digest(engine: Engine, world: dict[str, int]) -> None:
    digest = build_digest(engine, "2026-W47", "en", now=NOW)
    html = render_digest_html(digest)
    root = parse_xml(html)
    assert root.get("lang") == "en"
    assert "Praise of the week" in html
    assert "75.0%" in html
    assert "# Praise of the week" in render_digest_markdown(digest)


def test_empty_week_says_so(engine: Engine) -> None:
    digest = build_digest(engine, "2026-W10", now=NOW)
    html = render_digest_html(digest)
    assert digest.groups == []
    assert digest.mascot == []
    assert "kein freigegebenes Lob" in html
    assert "kein Sammellauf verzeichnet" in html
    assert heading_problems(parse_xml(html)) == []
