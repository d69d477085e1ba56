"""From one Bluesky page (notifications or search results) to ``Mention`` records.

Pure and total: whatever cannot be read goes to ``quarantined`` with its reason, nothing raises.
A post is keyed by its ``at://`` uri. The record's text is kept exactly; its facets (mentions, links and
hashtags with their byte ranges) stay in ``raw``, where they belong to that exact text.
"""

from __future__ import annotations

from typing import Any

from collectors.bluesky.settings import REASONS
from collectors.payload import Unreadable, aware_time, count, nonempty_text
from kernel.records import JSON, Mention, MentionKind, Metrics, Normalised, Platform, Quarantined

MAX_KEY = 300
POST_COLLECTION = "app.bsky.feed.post"


def normalise_bluesky_page(payload: JSON) -> Normalised:
    """Turn one raw Bluesky page into mentions, quarantining what cannot be read.

    Args:
        payload: ``{"kind": "notifications" | "search", "items": [...]}``.

    Returns:
        The mentions in the page's order and the quarantined items (or the whole page if its shape is wrong).
    """
    if not isinstance(payload, dict):
        return Normalised(quarantined=[_quarantine("page is not a JSON object", {"page": payload})])
    items, kind = payload.get("items"), payload.get("kind")
    if not isinstance(items, list) or kind not in ("notifications", "search"):
        return Normalised(quarantined=[_quarantine("page lacks items or kind", payload)])
    result = Normalised()
    for item in items:
        try:
            if not isinstance(item, dict):
                raise Unreadable("item is not a JSON object")
            if kind == "notifications" and item.get("reason") not in REASONS:
                raise Unreadable(f"notification is not a mention, reply or quote: {item.get('reason')!r}")
            result.mentions.append(_mention(item))
        except Unreadable as exc:
            kept = item if isinstance(item, dict) else {"item": item}
            result.quarantined.append(_quarantine(str(exc), kept, _uri(kept.get("uri"))))
    return result


def _mention(item: JSON) -> Mention:
    uri = _uri(item.get("uri"))
    if uri is None:
        raise Unreadable(f"post uri missing or not an at:// post uri: {item.get('uri')!r}")
    did, _, rkey = uri.removeprefix("at://").partition(f"/{POST_COLLECTION}/")
    record = item.get("record")
    if not isinstance(record, dict):
        raise Unreadable("post without a record")
    text = record.get("text")
    if not isinstance(text, str):
        raise Unreadable(f"record text missing or not text: {text!r}")
    author = item.get("author")
    author = author if isinstance(author, dict) else {}
    handle = nonempty_text(author.get("handle"))
    reply = record.get("reply")
    parent = (
        _uri(reply.get("parent", {}).get("uri"))
        if isinstance(reply, dict) and isinstance(reply.get("parent"), dict)
        else None
    )
    quoted = _quoted(record.get("embed"))
    kind = MentionKind.REPLY if isinstance(reply, dict) else MentionKind.QUOTE if quoted else MentionKind.POST
    langs = record.get("langs")
    return Mention(
        platform=Platform.BLUESKY,
        external_id=uri,
        kind=kind,
        text=text,
        created_at=aware_time(record.get("createdAt"), "createdAt"),
        # bsky.app opens a post by handle or by DID; the DID still works after a change of handle.
        url=f"https://bsky.app/profile/{handle or did}/post/{rkey}",
        author_id=nonempty_text(author.get("did")) or did,
        author_handle=handle,
        author_name=nonempty_text(author.get("displayName")),
        language=langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None,
        metrics=Metrics(
            likes=count(item.get("likeCount")),
            reposts=count(item.get("repostCount")),
            replies=count(item.get("replyCount")),
            quotes=count(item.get("quoteCount")),
        ),
        media_urls=_images(item.get("embed")),
        parent_external_id=parent,
        referenced_external_id=quoted,
        raw=item,
    )


def _uri(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_KEY or not value.startswith("at://"):
        return None
    did, sep, rkey = value.removeprefix("at://").partition(f"/{POST_COLLECTION}/")
    return value if sep and did and rkey and "/" not in rkey else None


def _quoted(embed: Any) -> str | None:
    """The post a record quotes (``app.bsky.embed.record``, or with media: ``recordWithMedia``)."""
    if not isinstance(embed, dict):
        return None
    inner = embed.get("record")
    if isinstance(inner, dict) and isinstance(inner.get("record"), dict):
        inner = inner["record"]
    return _uri(inner.get("uri")) if isinstance(inner, dict) else None


def _images(embed: Any) -> tuple[str, ...]:
    """The full-size image links of a post view's embed (``app.bsky.embed.images#view``)."""
    if not isinstance(embed, dict):
        return ()
    images = embed.get("images")
    if not isinstance(images, list) and isinstance(embed.get("media"), dict):
        images = embed["media"].get("images")
    if not isinstance(images, list):
        return ()
    return tuple(i["fullsize"] for i in images if isinstance(i, dict) and isinstance(i.get("fullsize"), str))


def _quarantine(reason: str, payload: JSON, external_id: str | None = None) -> Quarantined:
    return Quarantined(platform=Platform.BLUESKY, reason=reason, payload=payload, external_id=external_id)
