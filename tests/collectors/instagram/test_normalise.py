"""The Instagram normaliser over recorded-shape payloads (GraphQL and iPhone structures) and odd ones."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectors.instagram.normalise import mediaid_to_shortcode, normalise_instagram_page
from kernel.records import MentionKind, Platform

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def by_kind(result, kind):
    return [m for m in result.mentions if m.kind is kind]


def test_graphql_sidecar_post_with_threaded_answers():
    payload = load("graphql_tagged_sidecar.json")
    result = normalise_instagram_page(payload)
    assert result.quarantined == []
    (post,) = by_kind(result, MentionKind.POST)
    assert post.platform is Platform.INSTAGRAM
    assert post.external_id == "DNZCoiNHrJh"
    assert post.url == "https://www.instagram.com/p/DNZCoiNHrJh/"
    assert post.created_at == datetime.fromtimestamp(1794492000, UTC)
    assert post.author_handle == "stadtbib.beispiel"
    assert post.author_id == "61000000112"
    assert post.text.startswith("Neue Leseplätze mit WLAN")
    assert post.metrics.likes == payload["post"]["edge_liked_by"]["count"]
    assert post.metrics.replies == 3
    # the sidecar's children, each once
    assert post.media_urls == tuple(
        f"https://scontent.example.invalid/v/demo/DNZCoiNHrJh/{n}.jpg" for n in range(4)
    )
    comments = by_kind(result, MentionKind.COMMENT)
    # two comments and one answer; the answer arrives both embedded and in "answers" but is kept once
    assert len(comments) == 3
    assert len({c.external_id for c in comments}) == 3
    assert {c.parent_external_id for c in comments} == {"DNZCoiNHrJh"}
    assert all(c.url == f"https://www.instagram.com/p/DNZCoiNHrJh/c/{c.external_id}/" for c in comments)


def test_iphone_structure_video_with_comment_pages_and_answers():
    payload = load("iphone_profile_video.json")
    result = normalise_instagram_page(payload)
    assert result.quarantined == []
    (post,) = by_kind(result, MentionKind.POST)
    assert post.external_id == "DNZCn9VEu86"
    assert post.text == "Joey startet das VPN – jetzt auch als Video 🎬🔐"
    assert post.author_handle == "kater.joey.demo"
    assert post.author_name == "Kater Joey 🐈 | IT-Referat Beispielstadt (Demo)"
    assert post.media_urls[-1].endswith("/0.mp4")
    comments = by_kind(result, MentionKind.COMMENT)
    expected = len(payload["comments"]) + sum(len(c["answers"]) for c in payload["comments"])
    assert len(comments) == expected == payload["post"]["iphone_struct"]["comment_count"]
    first = payload["comments"][0]
    mention = next(c for c in comments if c.external_id == str(first["id"]))
    assert mention.text == first["text"]
    assert mention.created_at == datetime.fromtimestamp(first["created_at"], UTC)
    assert mention.author_handle == first["owner"]["username"]
    assert mention.metrics.likes == first["edge_liked_by"]["count"]


def test_very_long_caption_with_emoji_and_line_breaks_is_kept_exactly():
    payload = load("iphone_profile_long_caption.json")
    result = normalise_instagram_page(payload)
    (post,) = by_kind(result, MentionKind.POST)
    caption = payload["post"]["iphone_struct"]["caption"]["text"]
    assert len(caption) > 2000
    assert post.text == caption
    assert "\n\n" in post.text
    assert "💙" in post.text
    # comments fetched through the iPhone endpoint (more than one page of them) all arrive
    assert (
        len(by_kind(result, MentionKind.COMMENT)) == payload["post"]["iphone_struct"]["comment_count"] == 16
    )


def test_pinned_post_is_still_a_post():
    result = normalise_instagram_page(load("iphone_profile_pinned.json"))
    (post,) = by_kind(result, MentionKind.POST)
    assert post.created_at == datetime(2026, 9, 7, 9, 0, tzinfo=UTC)


def test_no_caption_and_deleted_owner_stay_empty_not_guessed():
    result = normalise_instagram_page(load("graphql_no_caption_deleted_owner.json"))
    assert result.quarantined == []
    (post,) = by_kind(result, MentionKind.POST)
    assert post.text == ""
    assert post.author_handle is None
    assert post.author_name is None
    assert post.author_id == "61000009999"
    assert post.metrics.likes is None
    assert post.metrics.replies is None
    comments = {c.external_id: c for c in by_kind(result, MentionKind.COMMENT)}
    assert set(comments) == {"18031000009990001", "18031000009990002", "18031000009990003"}
    assert comments["18031000009990001"].text == "Wer hat das gepostet? 🤔\nDas Konto gibt es nicht mehr."
    assert comments["18031000009990003"].author_handle is None
    assert comments["18031000009990002"].metrics.likes == 0


def test_bare_iphone_carousel_without_like_count():
    result = normalise_instagram_page(load("iphone_bare_carousel_missing_likes.json"))
    (post,) = result.mentions
    assert post.external_id == "DNZCAAAAAAB"
    assert post.metrics.likes is None
    assert post.metrics.replies == 0
    assert post.text == ""
    assert post.author_handle == "eva.elster.bsp"
    assert post.media_urls == (
        "https://scontent.example.invalid/v/demo/DNZCAAAAAAB/1.jpg",
        "https://scontent.example.invalid/v/demo/DNZCAAAAAAB/2.jpg",
        "https://scontent.example.invalid/v/demo/DNZCAAAAAAB/2.mp4",
    )


def test_iphone_comment_structures_and_iso_times():
    result = normalise_instagram_page(load("iphone_video_comments_iphone_struct.json"))
    assert result.quarantined == []
    (post,) = by_kind(result, MentionKind.POST)
    assert post.text == "Joey erklärt\n\nZeile zwei 🐈‍⬛\r\nund drei"
    assert post.metrics.likes == 0
    comments = {c.external_id: c for c in by_kind(result, MentionKind.COMMENT)}
    assert set(comments) == {"18031000009990010", "18031000009990011", "18031000009990012"}
    assert comments["18031000009990010"].author_handle == "paul_p_demo"
    assert comments["18031000009990010"].author_name == "Paul P."
    assert comments["18031000009990010"].metrics.likes == 4
    assert comments["18031000009990012"].created_at == datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_nodes_without_id_or_time_are_quarantined_with_reasons():
    payloads = load("broken_nodes.json")
    results = [normalise_instagram_page(p) for p in payloads]
    reasons = [q.reason for r in results for q in r.quarantined]
    assert all(r.mentions == [] for r in results[2:])
    assert "post without shortcode or media id" in reasons
    assert "comment of a post without id" in reasons
    assert "post without a time (taken_at)" in reasons
    assert "page without a post node" in reasons
    # a post without time still anchors its readable comments; unreadable ones are quarantined
    assert "comment without a time (created_at)" in reasons
    assert "comment without id" in reasons
    assert "comment is not a JSON object" in reasons
    assert results[1].mentions == []
    assert sum(len(r.quarantined) for r in results) == 9


def test_media_id_alone_gives_the_exact_shortcode():
    result = normalise_instagram_page(
        {"post": {"id": "3700000150461002337", "taken_at_timestamp": 1794492000}}
    )
    assert result.mentions[0].external_id == "DNZCoiNHrJh" == mediaid_to_shortcode(3700000150461002337)


def test_closing_page_of_a_pass_yields_nothing():
    result = normalise_instagram_page({"post": None, "pass_complete": True})
    assert result.mentions == []
    assert result.quarantined == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
post_keys = st.sampled_from(
    [
        "post",
        "comments",
        "answers",
        "owner",
        "shortcode",
        "code",
        "id",
        "pk",
        "taken_at",
        "taken_at_timestamp",
        "created_at",
        "caption",
        "text",
        "user",
        "edge_media_to_caption",
        "edge_threaded_comments",
        "iphone_struct",
        "carousel_media",
        "image_versions2",
        "edge_sidecar_to_children",
        "like_count",
        "post_metadata",
    ]
)
shaped = st.recursive(
    st.none() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(post_keys, children, max_size=6),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, shaped, st.dictionaries(post_keys, shaped, max_size=6)))
def test_arbitrary_json_never_raises(payload):
    result = normalise_instagram_page(payload)
    # odd input is handled field by field, not by the last-resort catch-all
    assert not any(q.reason.startswith("unreadable payload") for q in result.quarantined)
    for mention in result.mentions:
        assert mention.created_at.tzinfo is not None
        assert isinstance(mention.text, str)
        assert mention.external_id


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIXTURES.glob("*.json") if p.name != "broken_nodes.json")
)
def test_every_fixture_is_read_without_quarantine(name):
    result = normalise_instagram_page(load(name))
    assert result.mentions
    assert result.quarantined == []


def test_comments_remember_whose_post_they_sit_under():
    result = normalise_instagram_page(load("graphql_tagged_sidecar.json"))
    (post,) = by_kind(result, MentionKind.POST)
    comments = by_kind(result, MentionKind.COMMENT)
    assert {c.reply_to_handle for c in comments} == {post.author_handle} == {"stadtbib.beispiel"}
    assert post.reply_to_handle is None
