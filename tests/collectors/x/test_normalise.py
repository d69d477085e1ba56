from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from collectors.x import normalise_x_page
from collectors.x.ids import time_of_id
from kernel.records import Mention, MentionKind, Metrics, Platform

PAYLOADS = Path(__file__).parent / "payloads"


def load(name: str) -> dict[str, Any]:
    page: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return page


def by_id(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.external_id: m for m in mentions}


def test_search_page_becomes_one_mention_per_post_in_page_order():
    page = load("search_danke_stadtit_w47.json")
    result = normalise_x_page(page)
    assert result.quarantined == []
    assert [m.external_id for m in result.mentions] == [p["id"] for p in page["data"]]
    assert all(m.platform is Platform.X for m in result.mentions)


def test_plain_post_keeps_text_emoji_and_line_breaks_exactly():
    page = load("search_danke_stadtit_w47.json")
    post = page["data"][5]
    m = by_id(normalise_x_page(page).mentions)[post["id"]]
    assert m.text == post["text"]
    assert "🙏\nDas neue WLAN" in m.text
    assert m.kind is MentionKind.POST
    assert m.created_at == datetime(2026, 11, 16, 8, 15, 42, tzinfo=UTC)
    assert (m.author_id, m.author_handle, m.author_name) == (
        post["author_id"],
        "lena_beispiel",
        "Lena Beispiel 🌻",
    )
    assert m.url == f"https://x.com/lena_beispiel/status/{post['id']}"
    assert m.language == "de"
    assert m.metrics == Metrics(likes=57, reposts=9, replies=2, quotes=1)
    assert m.media_urls == (
        "https://pbs.twimg.com/media/DemoWlanBuergeramt.jpg",
        "https://pbs.twimg.com/ext_tw_video_thumb/demo/pu/img/DemoRouter.jpg",
    )
    assert m.raw == post


def test_long_post_takes_the_whole_text_from_note_tweet():
    page = load("search_danke_stadtit_w47.json")
    post = page["data"][4]
    m = by_id(normalise_x_page(page).mentions)[post["id"]]
    assert m.text == post["note_tweet"]["text"]
    assert len(m.text) > 280
    assert m.text.endswith("#DankeStadtIT")


def test_repost_reply_and_quote_name_the_post_they_refer_to():
    page = load("search_danke_stadtit_w47.json")
    mentions = by_id(normalise_x_page(page).mentions)
    quote, reply, repost = (mentions[page["data"][i]["id"]] for i in (1, 2, 3))
    assert repost.kind is MentionKind.REPOST
    assert repost.referenced_external_id == page["data"][5]["id"]
    assert repost.parent_external_id is None
    assert reply.kind is MentionKind.REPLY
    assert reply.parent_external_id == page["data"][2]["referenced_tweets"][0]["id"]
    assert reply.referenced_external_id is None
    assert quote.kind is MentionKind.QUOTE
    assert quote.referenced_external_id == page["data"][1]["referenced_tweets"][0]["id"]


def test_missing_fields_stay_empty_or_are_derived_from_the_id():
    page = load("search_danke_stadtit_w47.json")
    post = page["data"][0]
    m = by_id(normalise_x_page(page).mentions)[post["id"]]
    # No created_at was sent: the snowflake id holds the exact time, not the collection time.
    assert m.created_at == time_of_id(post["id"])
    assert m.created_at == datetime(2026, 11, 20, 7, 5, tzinfo=UTC)
    # Author not in includes: no handle invented, the id-only link still opens the post.
    assert (m.author_handle, m.author_name) == (None, None)
    assert m.url == f"https://x.com/i/web/status/{post['id']}"
    assert m.language is None  # "und" is X's "undetermined", not a language
    assert m.media_urls == ()


def test_odd_posts_are_quarantined_with_reasons_and_the_good_one_kept():
    page = load("mentions_stadtit_odd_w46.json")
    result = normalise_x_page(page)
    assert [m.text for m in result.mentions] == ["@StadtIT_Demo Drucker im 3. OG geht wieder, merci! 🖨️"]
    reasons = [q.reason for q in result.quarantined]
    assert len(reasons) == 6
    assert reasons[0].startswith("post id missing")
    assert reasons[1].startswith("post text missing")
    assert reasons[2].startswith("created_at is not an ISO time")
    assert reasons[3] == "post is not a JSON object"
    assert reasons[4].startswith("referenced_tweets entry unreadable")
    assert reasons[5].startswith("post id missing")  # a number, not X's decimal string
    assert result.quarantined[2].external_id == page["data"][3]["id"]
    assert result.quarantined[3].payload == {"post": "kein Objekt"}
    assert all(q.platform is Platform.X for q in result.quarantined)


def test_empty_page_and_malformed_pages():
    assert normalise_x_page({"meta": {"result_count": 0}}).mentions == []
    bad = normalise_x_page({"data": {"id": "1"}})
    assert [q.reason for q in bad.quarantined] == ["page 'data' is not a list"]
    assert normalise_x_page([1, 2]).quarantined[0].payload == {"page": [1, 2]}  # type: ignore[arg-type]


def test_created_at_with_offset_is_stored_in_utc():
    post = {"id": "2122242189554642944", "text": "Danke", "created_at": "2026-11-16T09:15:42+01:00"}
    (m,) = normalise_x_page({"data": [post]}).mentions
    assert m.created_at == datetime(2026, 11, 16, 8, 15, 42, tzinfo=UTC)
    assert m.created_at.tzinfo is UTC


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.just("2122242189554642944"),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "text",
                    "created_at",
                    "referenced_tweets",
                    "type",
                    "attachments",
                    "media_keys",
                    "public_metrics",
                    "author_id",
                    "note_tweet",
                    "lang",
                    "users",
                    "media",
                    "media_key",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(data=st.lists(json_values, max_size=4), includes=json_values)
def test_normaliser_never_raises_and_accounts_for_every_post(data, includes):
    result = normalise_x_page({"data": data, "includes": includes})
    assert len(result.mentions) + len(result.quarantined) == len(data)


def test_a_reply_keeps_the_handle_it_answers_and_a_post_keeps_none():
    page = load("search_danke_stadtit_w47.json")
    mentions = by_id(normalise_x_page(page).mentions)
    reply = mentions["2122989459338194944"]
    assert reply.kind is MentionKind.REPLY
    assert reply.reply_to_handle == "StadtIT_Demo"
    assert all(m.reply_to_handle is None for m in mentions.values() if m.kind is not MentionKind.REPLY)
