from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select

from kernel.errors import PraiseError
from kernel.weeks import parse_week
from reports.highlights import build_highlights, render_highlights
from storage.publications import mark_reposted
from storage.schema import AuditRow, ReviewRow
from tests.reports.html_checks import active_content, heading_problems, parse_xml

W47 = parse_week("2026-W47")


def test_highlights_are_approved_or_marked_and_never_rejected(engine: Engine, world: dict[str, int]) -> None:
    items = build_highlights(engine, W47).items
    ids = {i.mention_id for i in items}
    assert ids == {world[n] for n in ("vpn_anna", "helpdesk_tom", "devices_ig", "irony_approved")}
    anna = next(i for i in items if i.mention_id == world["vpn_anna"])
    assert anna.url == "https://x.com/anna_k_bsp/status/1860000000000000001"
    assert anna.reposted_at is None


def test_mark_reposted_sets_the_time_and_shows_in_every_format(engine: Engine, world: dict[str, int]) -> None:
    at = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    assert mark_reposted(engine, world["vpn_anna"], actor="redaktion", now=at) == at
    with engine.connect() as conn:
        stored = conn.execute(
            select(ReviewRow.reposted_at).where(ReviewRow.mention_id == world["vpn_anna"])
        ).scalar_one()
        actions = conn.execute(select(AuditRow.action, AuditRow.mention_id)).all()
    assert stored == at
    assert ("reposted", world["vpn_anna"]) in actions
    highlights = build_highlights(engine, W47)
    data = json.loads(render_highlights(highlights, "json"))
    marked = {i["mention_id"]: i["reposted_at"] for i in data["items"]}
    assert marked[world["vpn_anna"]].startswith("2026-11-24")
    assert marked[world["helpdesk_tom"]] is None
    assert "bereits geteilt am 24.11.2026, 11:30 Uhr" in render_highlights(highlights, "md")
    html = render_highlights(highlights, "html")
    root = parse_xml(html)
    assert heading_problems(root) == []
    assert active_content(root) == []
    assert "noch nicht geteilt" in html


def test_only_approved_highlights_can_be_marked(engine: Engine, world: dict[str, int]) -> None:
    for name in ("rejected", "video_lena"):
        with pytest.raises(PraiseError, match="not an approved highlight"):
            mark_reposted(engine, world[name], actor="redaktion")
