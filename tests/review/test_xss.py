"""Hostile post content stays inert on every page of the workspace."""

from __future__ import annotations

import html5lib
import pytest
from lxml import etree

from kernel.records import Platform
from tests.review.conftest import sign_in
from tests.review.world import WEEK, Post, insert_posts

PAYLOAD = (
    "Lob {{7*7}} Ende <script>alert('text')</script> <img src=x onerror=alert(1)> "
    '"><svg onload=alert(2)> <a href="javascript:alert(3)">klick</a> {% raw %}x{% endraw %}'
)
HOSTILE = [
    Post(
        "xss_text",
        PAYLOAD,
        5,
        "<script>alert(4)</script>",
        topics=["helpdesk", "<img src=x onerror=alert(5)>"],
        url="javascript:alert(6)",
    ),
    Post(
        "xss_link",
        "Danke {{7*7}}!",
        6,
        'evil" onmouseover="alert(7)',
        url="https://x.com.evil.example/p",
        platform=Platform.INSTAGRAM,
    ),
]


def _active(root: etree._Element) -> list[str]:
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name == "script" and (element.get("src") != "/static/review.js" or (element.text or "").strip()):
            found.append(f"<script> {etree.tostring(element)[:80]!r}")
        for attribute, value in element.attrib.items():
            attr = attribute.rsplit("}", 1)[-1].lower()
            if attr.startswith("on"):
                found.append(f"{name} {attr}={value}")
            if attr in ("href", "src", "action", "formaction") and "".join(value.split()).lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                found.append(f"{name} {attr}={value}")
            if attr == "href" and value.startswith("http") and "evil" in value:
                found.append(f"foreign link {value}")
    return found


def _parse(html: str) -> etree._Element:
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)
    return parser.parse(html)


def _text(root: etree._Element) -> str:
    return "".join(root.getroot().itertext() if hasattr(root, "getroot") else root.itertext())


@pytest.fixture
def hostile(engine):
    return insert_posts(engine, HOSTILE)


def test_payloads_stay_inert_on_every_page(make_client, hostile):
    client = make_client()
    token = sign_in(client, "pia")
    for name in ("xss_text", "xss_link"):
        for path, data in (("decision", {"decision": "approved"}), ("highlight", {"highlight": "1"})):
            client.post(f"/posts/{hostile[name]}/{path}", data={"csrf_token": token, **data})
        client.post(f"/posts/{hostile[name]}/note", data={"csrf_token": token, "note": PAYLOAD})

    pages = {
        "queue": f"/weeks/{WEEK}/queue?state=all",
        "search": f"/weeks/{WEEK}/queue?state=all&q=%3Cscript%3E",
        "weeks": "/weeks",
        "highlights": f"/weeks/{WEEK}/highlights",
        "preview": f"/weeks/{WEEK}/preview",
        "digest": f"/weeks/{WEEK}/digest.html",
        "leadership": "/leadership?from=2026-11-16&to=2026-11-22",
        "report": "/leadership/report.html?from=2026-11-16&to=2026-11-22",
    }
    for page, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, page
        root = _parse(response.text)
        assert _active(root) == [], page
        text = _text(root)
        assert "Lob 49 Ende" not in text, page
        assert "Danke 49!" not in text, page
        if page in ("queue", "highlights", "digest"):
            assert "Lob {{7*7}} Ende" in text, page
            assert "<script>alert('text')</script>" in text, page  # shown as text, not run


def test_the_review_pages_never_link_a_foreign_or_script_url(make_client, hostile):
    client = make_client()
    token = sign_in(client, "ed")
    client.post(f"/posts/{hostile['xss_link']}/decision", data={"csrf_token": token, "decision": "approved"})
    for path in (f"/weeks/{WEEK}/queue", f"/weeks/{WEEK}/highlights"):
        html = client.get(path).text
        assert 'href="https://x.com.evil' not in html
        assert 'href="javascript:' not in html
