from __future__ import annotations

import json

import pytest

from reports.safety import csv_cell, json_text, markdown_text, markdown_url, safe_link


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/anna_k_bsp/status/1",
        "https://twitter.com/a/status/2",
        "https://www.instagram.com/p/DbSp1a2/",
        "https://pbs.twimg.com/media/a.jpg",
        "https://scontent-fra5-1.cdninstagram.com/v/t51/a.jpg?stp=dst-jpg",
        "http://x.com/a",
    ],
)
def test_platform_links_are_kept(url: str) -> None:
    assert safe_link(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/x.com",
        "https://x.com.evil.example/",
        "https://evilx.com/",
        "https://x.com@evil.example/",
        "https://user:pw@x.com/",
        "//x.com/a",
        "ftp://x.com/a",
        "https://x.com\\@evil.example",
        None,
        42,
    ],
)
def test_other_links_are_refused(url: object) -> None:
    assert safe_link(url) is None


def test_link_cannot_break_out_of_an_attribute_or_markdown() -> None:
    link = safe_link('https://x.com/a?q="><script>alert(1)</script>')
    assert link is not None
    assert '"' not in link
    assert "<" not in link
    assert ">" not in link
    md = markdown_url("https://x.com/a_(b)")
    assert md is not None
    assert "(" not in md
    assert ")" not in md


def test_markdown_text_escapes_structure_and_html() -> None:
    text = markdown_text(
        "# Titel\n- Liste [klick](javascript:alert(1)) <img src=x onerror=alert(1)> **fett** {{7*7}}"
    )
    assert "<" not in text
    assert "\\[klick\\]\\(javascript\\:alert\\(1\\)\\)" in text
    assert text.startswith("\\#")
    assert "\\*\\*fett\\*\\*" in text
    assert "\\{\\{7\\*7\\}\\}" in text
    assert "\n" not in text


def test_csv_cells_cannot_start_a_formula() -> None:
    assert (
        csv_cell('=HYPERLINK("https://evil.example","klick")')
        == '\'=HYPERLINK("https://evil.example","klick")'
    )
    for start in ("+1", "-1", "@SUM(A1)", "\tx"):
        assert str(csv_cell(start)).startswith("'")
    assert csv_cell(-3) == -3
    assert csv_cell("vpn") == "vpn"


def test_json_text_is_inert_in_html_but_same_data() -> None:
    data = {"text": "</script><script>alert(1)</script> & more"}
    encoded = json_text(data)
    assert "<" not in encoded
    assert ">" not in encoded
    assert json.loads(encoded) == data
