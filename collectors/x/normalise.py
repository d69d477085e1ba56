"""From one page of the X API v2 (recent search or mentions timeline) to ``Mention`` records.

Pure and total: whatever cannot be read goes to ``quarantined`` with its reason, nothing raises.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from collectors.payload import Unreadable, aware_time, nonempty_text
from collectors.x.ids import is_post_id, time_of_id
from kernel.records import JSON, Mention, MentionKind, Metrics, Normalised, Platform, Quarantined

# X's pseudo language codes say what a post is not (undetermined, only media, only hashtags, ...):
# they are no language, so the field stays empty and the language classifier decides.
_NO_LANGUAGE = {"und", "zxx", "qam", "qct", "qht", "qme", "qst"}

# A post that is several of these is filed under the first: a repost is reach whatever it repeats,
# and a reply that quotes is still part of a conversation.
_KIND_BY_REFERENCE = (
    ("retweeted", MentionKind.REPOST),
    ("replied_to", MentionKind.REPLY),
    ("quoted", MentionKind.QUOTE),
)


_LEADING_HANDLE = re.compile(r"\s*@(\w{1,15})\b")


def normalise_x_page(payload: JSON) -> Normalised:
    """Turn one raw X API page into mentions, quarantining what cannot be read.

    Args:
        payload: ``RawPage.payload`` as the API sent it (``data``, ``includes``, ``meta``).

    Returns:
        The mentions in the page's order and the quarantined posts (or the whole page if its shape is wrong).
    """
    if not isinstance(payload, dict):
        return Normalised(quarantined=[_quarantine("page is not a JSON object", {"page": payload})])
    data = payload.get("data")
    if data is None:
        # An empty page: X leaves out "data" when nothing matched.
        return Normalised()
    if not isinstance(data, list):
        return Normalised(quarantined=[_quarantine("page 'data' is not a list", payload)])
    includes = payload.get("includes")
    includes = includes if isinstance(includes, dict) else {}
    users = _index(includes.get("users"), "id")
    media = _index(includes.get("media"), "media_key")
    result = Normalised()
    for item in data:
        try:
            result.mentions.append(_mention(item, users, media))
        except Unreadable as exc:
            post = item if isinstance(item, dict) else {"post": item}
            post_id = post.get("id")
            result.quarantined.append(_quarantine(str(exc), post, post_id if is_post_id(post_id) else None))
    return result


def _mention(post: Any, users: dict[str, JSON], media: dict[str, JSON]) -> Mention:
    if not isinstance(post, dict):
        raise Unreadable("post is not a JSON object")
    post_id = post.get("id")
    if not is_post_id(post_id):
        raise Unreadable(f"post id missing or not a decimal string: {post_id!r}")
    text = _full_text(post)
    kind, parent_id, referenced_id = _references(post.get("referenced_tweets"))
    author_id = post.get("author_id") if isinstance(post.get("author_id"), str) else None
    author = users.get(author_id, {}) if author_id else {}
    handle = nonempty_text(author.get("username"))
    language = nonempty_text(post.get("lang"))
    return Mention(
        platform=Platform.X,
        external_id=post_id,
        kind=kind,
        text=text,
        created_at=_created_at(post.get("created_at"), post_id),
        # Without the handle the id alone still opens the post; both forms are X's own.
        url=f"https://x.com/{handle}/status/{post_id}" if handle else f"https://x.com/i/web/status/{post_id}",
        author_id=author_id,
        author_handle=handle,
        author_name=nonempty_text(author.get("name")),
        language=None if language in _NO_LANGUAGE else language,
        metrics=_metrics(post.get("public_metrics")),
        media_urls=_media_urls(post.get("attachments"), media),
        parent_external_id=parent_id,
        referenced_external_id=referenced_id,
        raw=post,
        reply_to_handle=_replied_handle(text) if kind is MentionKind.REPLY else None,
    )


def _replied_handle(text: str) -> str | None:
    # X puts the answered author's handle first in a reply's text ("@StadtIT_Demo danke!"); the
    # user id of in_reply_to_user_id would cost another expansion, the text already names the handle.
    match = _LEADING_HANDLE.match(text)
    return match.group(1) if match else None


def _full_text(post: JSON) -> str:
    # "text" stops at 280 characters; a long post's whole text is in note_tweet.
    note = post.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        return str(note["text"])
    text = post.get("text")
    if not isinstance(text, str):
        raise Unreadable(f"post text missing or not a string: {text!r}")
    return text


def _created_at(value: Any, post_id: str) -> datetime:
    if value is None:
        # Not requested or not sent: the id carries the exact time, so nothing is guessed.
        return time_of_id(post_id)
    return aware_time(value, "created_at")


def _references(value: Any) -> tuple[MentionKind, str | None, str | None]:
    """Return the post's kind, the post it replies to and the post it quotes or reposts."""
    if value is None:
        return MentionKind.POST, None, None
    if not isinstance(value, list):
        raise Unreadable(f"referenced_tweets is not a list: {value!r}")
    by_type: dict[str, str] = {}
    for ref in value:
        if not isinstance(ref, dict) or not isinstance(ref.get("type"), str) or not is_post_id(ref.get("id")):
            raise Unreadable(f"referenced_tweets entry unreadable: {ref!r}")
        by_type.setdefault(ref["type"], ref["id"])
    kind = next((k for ref_type, k in _KIND_BY_REFERENCE if ref_type in by_type), MentionKind.POST)
    return kind, by_type.get("replied_to"), by_type.get("retweeted") or by_type.get("quoted")


def _metrics(value: Any) -> Metrics:
    counts = value if isinstance(value, dict) else {}

    def count(name: str) -> int | None:
        number = counts.get(name)
        return number if isinstance(number, int) and not isinstance(number, bool) else None

    return Metrics(
        likes=count("like_count"),
        reposts=count("retweet_count"),
        replies=count("reply_count"),
        quotes=count("quote_count"),
    )


def _media_urls(attachments: Any, media: dict[str, JSON]) -> tuple[str, ...]:
    keys = attachments.get("media_keys") if isinstance(attachments, dict) else None
    if not isinstance(keys, list):
        return ()
    urls: list[str] = []
    for key in keys:
        item = media.get(key, {}) if isinstance(key, str) else {}
        # Photos have a url; videos and GIFs only a still image.
        url = nonempty_text(item.get("url")) or nonempty_text(item.get("preview_image_url"))
        if url:
            urls.append(url)
    return tuple(urls)


def _index(items: Any, key: str) -> dict[str, JSON]:
    if not isinstance(items, list):
        return {}
    return {item[key]: item for item in items if isinstance(item, dict) and isinstance(item.get(key), str)}


def _quarantine(reason: str, payload: JSON, external_id: str | None = None) -> Quarantined:
    return Quarantined(platform=Platform.X, reason=reason, payload=payload, external_id=external_id)
