"""From one Mastodon page (mention notifications or a hashtag timeline) to ``Mention`` records.

Pure and total: whatever cannot be read goes to ``quarantined`` with its reason, nothing raises.
A status is keyed by its ``uri``, the ActivityPub id that is the same on every instance (the numeric
``id`` is local to the instance that answered), so a post seen on two instances is stored once.
"""

from __future__ import annotations

from typing import Any

from collectors.mastodon.html_text import html_to_text
from collectors.payload import Unreadable, aware_time, count, nonempty_text
from kernel.records import JSON, Mention, MentionKind, Metrics, Normalised, Platform, Quarantined

# mentions.external_id holds at most this many characters.
MAX_KEY = 300


def normalise_mastodon_page(payload: JSON) -> Normalised:
    """Turn one raw Mastodon page into mentions, quarantining what cannot be read.

    Args:
        payload: ``{"instance": host, "kind": "notifications" | "statuses", "items": [...]}``.

    Returns:
        The mentions in the page's order and the quarantined items (or the whole page if its shape is wrong).
    """
    if not isinstance(payload, dict):
        return Normalised(quarantined=[_quarantine("page is not a JSON object", {"page": payload})])
    items, instance, kind = payload.get("items"), payload.get("instance"), payload.get("kind")
    if (
        not isinstance(items, list)
        or not isinstance(instance, str)
        or kind not in ("notifications", "statuses")
    ):
        return Normalised(quarantined=[_quarantine("page lacks items, instance or kind", payload)])
    result = Normalised()
    for item in items:
        try:
            status = _status_of(item, kind)
            result.mentions.append(_mention(status, instance))
        except Unreadable as exc:
            kept = item if isinstance(item, dict) else {"item": item}
            uri = _uri(kept.get("status")) if kind == "notifications" else _uri(kept)
            result.quarantined.append(_quarantine(str(exc), kept, uri))
    return result


def _status_of(item: Any, kind: str) -> JSON:
    if not isinstance(item, dict):
        raise Unreadable("item is not a JSON object")
    if kind == "statuses":
        return item
    if item.get("type") != "mention":
        raise Unreadable(f"notification is not a mention: {item.get('type')!r}")
    status = item.get("status")
    if not isinstance(status, dict):
        raise Unreadable("mention notification without a status")
    return status


def _mention(status: JSON, instance: str) -> Mention:
    uri = _uri(status)
    if uri is None:
        raise Unreadable(f"status uri missing, not text or longer than {MAX_KEY}: {status.get('uri')!r}")
    local_id = _id(status.get("id"))
    if local_id is None:
        raise Unreadable(f"status id missing or not numeric: {status.get('id')!r}")
    account = status.get("account")
    if not isinstance(account, dict) or not isinstance(account.get("acct"), str) or not account["acct"]:
        raise Unreadable("status without an account acct")
    acct: str = account["acct"]
    reblog = status.get("reblog")
    shown = reblog if isinstance(reblog, dict) else status
    content = shown.get("content")
    if not isinstance(content, str):
        raise Unreadable(f"status content missing or not text: {content!r}")
    if isinstance(reblog, dict):
        kind, referenced = MentionKind.REPOST, _uri(reblog)
    elif status.get("in_reply_to_id") is not None:
        kind, referenced = MentionKind.REPLY, None
    else:
        kind, referenced = MentionKind.POST, None
    language = status.get("language")
    return Mention(
        platform=Platform.MASTODON,
        external_id=uri,
        kind=kind,
        text=html_to_text(content),
        created_at=aware_time(status.get("created_at"), "created_at"),
        # The status as the instance we read from shows it: a link on a configured instance, whatever
        # the author's home server.
        url=f"https://{instance}/@{acct}/{local_id}",
        author_id=_id(account.get("id")),
        author_handle=acct,
        author_name=nonempty_text(account.get("display_name")),
        language=language if isinstance(language, str) and language else None,
        metrics=Metrics(
            likes=count(status.get("favourites_count")),
            reposts=count(status.get("reblogs_count")),
            replies=count(status.get("replies_count")),
        ),
        media_urls=_media(shown.get("media_attachments")),
        # Mastodon names the parent only by its id on this instance, which is not our key (the uri):
        # the parent stays empty rather than wrong; raw keeps in_reply_to_id.
        parent_external_id=None,
        referenced_external_id=referenced,
        raw=status,
    )


def _uri(status: Any) -> str | None:
    uri = status.get("uri") if isinstance(status, dict) else None
    return uri if isinstance(uri, str) and uri and len(uri) <= MAX_KEY else None


def _id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and value.isdigit() else None


def _media(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    urls = []
    for item in value:
        url = item.get("url") or item.get("preview_url") if isinstance(item, dict) else None
        if isinstance(url, str) and url:
            urls.append(url)
    return tuple(urls)


def _quarantine(reason: str, payload: JSON, external_id: str | None = None) -> Quarantined:
    return Quarantined(platform=Platform.MASTODON, reason=reason, payload=payload, external_id=external_id)
