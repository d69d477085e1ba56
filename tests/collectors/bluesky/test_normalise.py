"""The Bluesky normaliser: exact text, at:// keys, links, kinds, facets kept, and quarantine."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from collectors.bluesky.normalise import normalise_bluesky_page
from kernel.records import MentionKind, Platform

PAYLOADS = Path(__file__).parent / "payloads"
OURS = "at://did:plc:stadtitdemo0000000000000/app.bsky.feed.post/3m7demo000001"


def _page(name: str) -> dict[str, Any]:
    page: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return page


def test_notifications_become_mentions_replies_and_quotes() -> None:
    result = normalise_bluesky_page(_page("notifications_w47.json"))

    kinds = [(m.kind, m.author_handle) for m in result.mentions]
    assert kinds == [
        (MentionKind.QUOTE, "pia-kita.example.net"),
        (MentionKind.POST, "ole.example.org"),
        (MentionKind.POST, "ole.example.org"),
        (MentionKind.REPLY, "mira.beispielstadt.example"),
    ]
    quote, _phone, laptop, reply = result.mentions
    assert quote.referenced_external_id == OURS
    assert reply.parent_external_id == OURS
    assert reply.text == "Danke, endlich verständlich erklärt! 👍"
    assert reply.created_at == datetime(2026, 11, 16, 9, 12, tzinfo=UTC)
    assert laptop.external_id == "at://did:plc:ole000000000000000000000/app.bsky.feed.post/3m7demo000003"
    assert laptop.url == "https://bsky.app/profile/ole.example.org/post/3m7demo000003"
    assert {m.platform for m in result.mentions} == {Platform.BLUESKY}
    # The facets stay with the exact text they index (UTF-8 byte ranges).
    facet = laptop.raw["record"]["facets"][0]
    start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
    assert laptop.text.encode("utf-8")[start:end] == b"@stadtit.beispielstadt.example"
    assert facet["features"][0]["did"] == "did:plc:stadtitdemo0000000000000"

    assert [q.reason for q in result.quarantined] == [
        "notification is not a mention, reply or quote: 'like'",
        "post without a record",
        "post uri missing or not an at:// post uri: "
        "'at://did:plc:ole000000000000000000000/app.bsky.feed.like/3m7x'",
        "createdAt is not an ISO time: 'morgen'",
        "item is not a JSON object",
    ]


def test_search_results_keep_counts_images_language_and_a_link_without_handle() -> None:
    result = normalise_bluesky_page(_page("search_danke_w47.json"))

    assert result.quarantined == []
    english, joey, laptop, no_handle = result.mentions
    assert english.language == "en"
    assert english.metrics.likes == 14
    assert joey.text == (
        "Kater Joey hat heute wieder die Passwortregeln erklärt 😸\n#DankeStadtIT "
        "https://intranet.beispielstadt.example/joey"
    )
    assert joey.media_urls == (
        "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:pia000000000000000000000/bafkreidemo01@jpeg",
    )
    assert [f["features"][0]["$type"] for f in joey.raw["record"]["facets"]] == [
        "app.bsky.richtext.facet#tag",
        "app.bsky.richtext.facet#link",
    ]
    assert laptop.kind is MentionKind.POST
    # Without a handle the DID opens the post and names the author.
    assert no_handle.author_handle is None
    assert no_handle.url == "https://bsky.app/profile/did:plc:mira00000000000000000000/post/3m7demo000006"
    assert no_handle.author_id == "did:plc:mira00000000000000000000"


def test_a_page_of_the_wrong_shape_is_quarantined_whole() -> None:
    assert normalise_bluesky_page({"kind": "feed"}).quarantined[0].reason == "page lacks items or kind"


def test_a_post_recorded_by_the_atproto_sdk_normalises_with_its_quote_and_image() -> None:
    result = normalise_bluesky_page(_page("recorded_atproto_post_with_media_quote.json"))

    (post,) = result.mentions
    assert result.quarantined == []
    # An image with a quoted post and no text of its own: the text stays empty, it is not invented.
    assert post.text == ""
    assert post.kind is MentionKind.QUOTE
    assert (
        post.referenced_external_id
        == "at://did:plc:kvwvcn5iqfooopmyzvb4qzba/app.bsky.feed.post/3kahesw26il2z"
    )
    assert post.media_urls == (
        "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:kvwvcn5iqfooopmyzvb4qzba/"
        "bafkreic3cp5ky525vsukjvrzxsc2h3jka2gud74l2hgeatw2rhj2qycnmq@jpeg",
    )
    assert post.url == "https://bsky.app/profile/test.marshal.dev/post/3kaheyt6vpc22"
    assert post.created_at == datetime(2023, 9, 28, 12, 49, 36, 735000, tzinfo=UTC)
    assert post.language == "en"
