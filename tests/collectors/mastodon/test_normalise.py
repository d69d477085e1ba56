"""The Mastodon normaliser against recorded-shape pages: exact text, keys, links, kinds and quarantine."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from collectors.mastodon.html_text import html_to_text
from collectors.mastodon.normalise import normalise_mastodon_page
from kernel.records import MentionKind, Platform

PAYLOADS = Path(__file__).parent / "payloads"


def _page(name: str) -> dict[str, Any]:
    page: dict[str, Any] = json.loads((PAYLOADS / name).read_text(encoding="utf-8"))
    return page


def test_hashtag_page_becomes_mentions_keyed_by_uri_with_exact_text() -> None:
    result = normalise_mastodon_page(_page("hashtag_danke_w47.json"))

    assert result.quarantined == []
    repost, media, reply, broken = result.mentions
    assert {m.platform for m in result.mentions} == {Platform.MASTODON}
    # The key is the ActivityPub uri, the same on every instance; the link is on the instance we read.
    assert reply.external_id == "https://mastodon.example/users/tarik/statuses/117632021299200003"
    assert reply.url == "https://social.beispielstadt.example/@tarik@mastodon.example/117632021299200003"
    assert reply.kind is MentionKind.REPLY
    assert reply.author_handle == "tarik@mastodon.example"
    assert reply.text == (
        "@stadtit_demo Seit Montag bricht die Videokonferenz alle zehn Minuten ab. Gibt es eine Störung?"
    )
    # The HTML stays in raw, untouched.
    assert reply.raw["content"].startswith('<p><span class="h-card">')
    assert repost.kind is MentionKind.REPOST
    assert (
        repost.referenced_external_id
        == "https://social.beispielstadt.example/users/lena/statuses/117624990597120001"
    )
    assert repost.text.startswith("Großes Danke an @stadtit_demo – der neue VPN-Client")
    assert media.media_urls == (
        "https://social.beispielstadt.example/system/media_attachments/files/022/345/792/original/joey.png",
    )
    assert (
        media.text
        == "Kater Joey erklärt den Passwort-Reset besser als jedes Handbuch 😹\n\n#DankeStadtIT #KaterJoey"
    )
    assert media.metrics.likes == 21
    assert media.language == "de"
    # A shortened link comes back whole, even with the documented example's unclosed "</span}".
    assert broken.text.endswith("intranet.beispielstadt.example/hilfe/passwort-zuruecksetzen")
    assert broken.text.startswith('"Passwort vergessen" – Anleitung:\n\n')
    assert broken.created_at == datetime(2026, 11, 10, 8, 15, 0, 901000, tzinfo=UTC)
    assert broken.language is None


def test_mention_notifications_keep_good_items_and_quarantine_the_rest() -> None:
    result = normalise_mastodon_page(_page("notifications_mentions_w47.json"))

    assert [m.author_handle for m in result.mentions] == [
        "tarik@mastodon.example",
        "ute_schule",
        "sam@fedi.example",
    ]
    ute = result.mentions[1]
    assert ute.text == (
        "Liebes Service-Desk-Team,\n\ndanke für die Geduld am Telefon!\nDer Drucker im Sekretariat druckt "
        "wieder. @stadtit_demo\n\nAnleitung zum Nachlesen: https://intranet.beispielstadt.example/hilfe/drucker"
    )
    assert ute.author_name == "Ute, Schulverwaltung"
    reasons = [q.reason for q in result.quarantined]
    assert reasons == [
        "notification is not a mention: 'favourite'",
        "mention notification without a status",
        "status uri missing, not text or longer than 300: None",
        "created_at is not an ISO time: 'gestern'",
        "item is not a JSON object",
    ]
    assert result.quarantined[3].external_id is not None
    assert all(q.platform is Platform.MASTODON for q in result.quarantined)


def test_a_page_of_the_wrong_shape_is_quarantined_whole() -> None:
    assert (
        normalise_mastodon_page({"items": "nope"}).quarantined[0].reason
        == "page lacks items, instance or kind"
    )
    assert normalise_mastodon_page([]).quarantined[0].reason == "page is not a JSON object"  # type: ignore[arg-type]


def test_html_text_keeps_line_breaks_entities_and_hidden_link_parts() -> None:
    assert html_to_text("<p>a &amp; b<br>c</p><p>d</p>") == "a & b\nc\n\nd"
    assert html_to_text('<a href="x"><span class="invisible">https://www.</span>example.org</a>') == (
        "https://www.example.org"
    )
    assert html_to_text("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == "<script>alert(1)</script>"
    assert html_to_text("") == ""


def test_a_response_recorded_by_mastodon_py_normalises() -> None:
    result = normalise_mastodon_page(_page("recorded_mastodonpy_hashtag_tl.json"))

    (status,) = result.mentions
    assert result.quarantined == []
    assert status.external_id == "http://localhost:3000/users/mastodonpy_test/statuses/109440153064280358"
    assert status.text == "#hoot (hashtag toot)"
    assert status.language == "ja"
    assert status.author_handle == "mastodonpy_test"
    assert status.author_name == "John Lennon"
    assert status.created_at == datetime(2022, 12, 1, 19, 50, 10, 577000, tzinfo=UTC)
    assert status.metrics.likes == 0
    assert status.url == "https://localhost/@mastodonpy_test/109440153064280358"
