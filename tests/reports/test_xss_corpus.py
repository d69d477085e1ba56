"""A corpus of XSS and template-injection payloads pushed through every output; none may be active."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import html5lib
import pytest
from markdown_it import MarkdownIt
from sqlalchemy import Engine, insert

from kernel.weeks import parse_day_span, parse_week
from reports.digest import build_digest, write_digest
from reports.highlights import build_highlights, render_highlights
from reports.safety import LINK_DOMAINS
from reports.sentiment import build_report, write_report
from storage.db import writing
from storage.schema import CollectionRunRow
from tests.reports.html_checks import active_content, external_links, local, parse_html5, parse_xml, text_of
from tests.reports.world import W47_MONDAY, Post, insert_posts

PAYLOADS = [
    "{{7*7}}",
    "{% raw %}{{7*7}}{% endraw %}",
    "{{ config.__class__.__init__.__globals__ }}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><body onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "</style><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">klick</a>',
    "javascript:alert(1)",
    "[klick](javascript:alert(1))",
    "[klick](https://evil.example/phish)",
    "![pixel](https://evil.example/track.png)",
    "<https://evil.example/auto>",
    "# Überschrift\n- Liste\n> Zitat\n```\ncode\n```",
    '=HYPERLINK("https://evil.example","klick")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "<!-- <![CDATA[ ]]> -->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
BAD_URLS = [
    "javascript:alert(1)",
    "https://evil.example/x.com",
    "data:text/html,<script>alert(1)</script>",
    'https://x.com/a"><script>alert(1)</script>',
    "https://x.com.evil.example/p",
]
TEMPLATE = "{{7*7}}"
# What the first payload's post would read if any layer evaluated its template expression.
EVALUATED = "Danke IT! 49"


def payload_posts() -> list[Post]:
    posts = []
    for n, payload in enumerate(PAYLOADS):
        url = BAD_URLS[n % len(BAD_URLS)]
        posts.append(
            Post(
                f"xss{n}",
                f"Danke IT! {payload}",
                days=0.5 + n * 0.1,
                handle=payload[:120],
                author_name=payload,
                platform="x" if n % 2 else "instagram",
                topics=["mascot"] if n % 4 == 1 else [payload[:60]],
                decision="approved",
                highlight=n % 4 != 1,  # the mascot posts stay in their corner
                url=url,
                media_urls=(url, 'https://pbs.twimg.com/media/ok.jpg?x="<b>'),
                sentiment=("positive", "negative", "neutral")[n % 3],
                likes=1000 - n,  # the template payloads come first, so the digest shows them
            )
        )
    return posts


@pytest.fixture
def outputs(engine: Engine, tmp_path: Path) -> dict[str, str]:
    insert_posts(engine, payload_posts())
    with writing(engine) as conn:
        for n, payload in enumerate(PAYLOADS[:8]):
            conn.execute(
                insert(CollectionRunRow).values(
                    run_id=f"run-{n}",
                    source=f"x:search:{payload}",
                    started_at=W47_MONDAY + timedelta(hours=n),
                    outcome="failed",
                    error=payload,
                    retry_after=None,
                )
            )
    files: dict[str, str] = {}
    digest = build_digest(engine, "2026-W47", now=datetime(2026, 11, 23, tzinfo=UTC))
    assert digest.item_count > 0
    assert digest.mascot
    for path in write_digest(digest, tmp_path / "digest"):
        files[path.name] = path.read_text(encoding="utf-8")
    report = build_report(engine, parse_day_span("2026-10-26", "2026-11-22"))
    for path in write_report(report, tmp_path / "report"):
        files[path.name] = path.read_text(encoding="utf-8")
    highlights = build_highlights(engine, parse_week("2026-W47"))
    assert len(highlights.items) == len(PAYLOADS)
    for fmt in ("md", "html", "json"):
        files[f"highlights.{fmt}"] = render_highlights(highlights, fmt)
    return files


def _check_html(name: str, text: str) -> None:
    # Our pages are well-formed XML; the payloads must not change that.
    for root in (parse_xml(text), parse_html5(text)):
        assert active_content(root) == [], name
        for href in external_links(root):
            host = href.split("/")[2] if href.startswith("http") else ""
            assert href.startswith("https://") or href.startswith("http://"), (name, href)
            assert any(host == d or host.endswith("." + d) for d in LINK_DOMAINS), (name, href)
        assert EVALUATED not in text_of(root), name
    assert TEMPLATE in text_of(parse_html5(text)), name
    assert "{{" not in text, f"{name}: braces must be escaped in HTML"


@pytest.mark.parametrize("name", ["digest.html", "report.html", "highlights.html"])
def test_html_outputs_stay_inert(outputs: dict[str, str], name: str) -> None:
    _check_html(name, outputs[name])


@pytest.mark.parametrize("name", ["digest.md", "highlights.md"])
def test_markdown_outputs_stay_inert_when_rendered(outputs: dict[str, str], name: str) -> None:
    markdown = outputs[name]
    # Render as an intranet would, raw HTML allowed: our Markdown must not contain any.
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    page = f"<html><body>{rendered}</body></html>"
    root = html5lib.parse(page, treebuilder="lxml", namespaceHTMLElements=False).getroot()
    assert active_content(root) == [], name
    assert not [e for e in root.iter() if local(e.tag) == "img"], name
    for href in external_links(root):
        host = href.split("/")[2]
        assert href.startswith("https://"), href
        assert _platform_host(host), href
    assert "evil.example" not in " ".join(external_links(root))
    assert TEMPLATE in text_of(root)
    assert EVALUATED not in text_of(root)


@pytest.mark.parametrize("name", ["digest.json", "highlights.json"])
def test_json_outputs_keep_the_data_but_no_forbidden_links(outputs: dict[str, str], name: str) -> None:
    text = outputs[name]
    assert "<" not in text
    assert ">" not in text
    data = json.loads(text)
    flat = json.dumps(data, ensure_ascii=False)
    # The data is kept verbatim (only encoded): markup-laden texts come back unchanged.
    assert any(f"Danke IT! {p}" in flat for p in PAYLOADS if "<" in p)
    assert any(f"Danke IT! {p}" in flat for p in PAYLOADS if "{{" in p)
    for bad in ("javascript:", "evil.example", "data:text"):
        assert f'"url": "{bad}' not in flat
    urls = [u for u in _values(data, "url") if u] + [u for m in _values(data, "media_urls") for u in m]
    assert urls
    for url in urls:
        host = url.split("/")[2]
        assert url.startswith("https://"), url
        assert _platform_host(host), url
        assert not set("<>\"' ").intersection(url), url


@pytest.mark.parametrize("name", ["weekly.csv", "platforms.csv", "topics.csv"])
def test_csv_cells_never_start_a_formula(outputs: dict[str, str], name: str) -> None:
    rows = list(csv.reader(io.StringIO(outputs[name])))
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            if cell and cell[0] in "=+-@\t\r":
                float(cell)  # only a plain number may start with a sign
    if name == "topics.csv":
        assert any(cell.startswith("'=HYPERLINK(") for row in rows for cell in row)


def _platform_host(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in LINK_DOMAINS)


def _values(data: object, key: str) -> list[Any]:
    found = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k == key:
                found.append(v)
            else:
                found += _values(v, key)
    elif isinstance(data, list):
        for v in data:
            found += _values(v, key)
    return found
