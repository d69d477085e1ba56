"""Turn one Instagram page (as `collectors.instagram.collect` yields it) into mentions: the post and its comments.

A page payload is ``{"post": <node>, "post_metadata": <node>?, "owner": {...}?, "pinned": bool,
"comments": [<comment>, ...] | None}``; a bare post node is accepted too. instaloader meets posts in two
structures, and a node may hold both (``Post.from_iphone_struct`` keeps the iPhone structure under
``iphone_struct``; ``Post._full_metadata`` is the iPhone structure plus GraphQL-style keys):

* GraphQL nodes: ``shortcode``, ``id``, ``taken_at_timestamp`` (or instaloader's ``date``),
  ``edge_media_to_caption``, ``owner``, ``edge_liked_by``/``edge_media_preview_like``,
  ``edge_media_to_comment``, ``display_url``, ``is_video``, ``video_url``, ``edge_sidecar_to_children``;
* iPhone API items: ``code``, ``pk``, ``taken_at``, ``caption.text``, ``user``, ``like_count``,
  ``comment_count``, ``image_versions2``, ``video_versions``, ``carousel_media``.

The iPhone structure is read first, because instaloader fills some GraphQL-style keys it derives from it
with guesses (a missing like count becomes 0 in ``_full_metadata``).

**External id of a post: its shortcode.** Every structure carries it (instaloader's `Post` refuses a node
without ``shortcode`` or ``code``), it is what the post's URL shows, and it is the same in both
structures, whereas the media id comes as ``id`` (GraphQL), ``pk`` or ``id = "<pk>_<owner id>"``
(iPhone). When only a numeric media id is present the shortcode is derived from it exactly (it is the
id's base64). Comments keep their numeric comment id and point at the post's shortcode with
``parent_external_id``; answers to comments are comments of the same post (the comment they answer
stays in ``raw``).

Text is kept exactly as sent. A field that was not sent stays ``None``; a post or comment without an id or
a time goes to ``quarantined`` with a reason. The function never raises.
"""

from __future__ import annotations

import math
from base64 import b64encode
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from kernel.records import JSON, Mention, MentionKind, Metrics, Normalised, Platform, Quarantined

POST_URL = "https://www.instagram.com/p/{shortcode}/"
COMMENT_URL = "https://www.instagram.com/p/{shortcode}/c/{comment_id}/"

View = dict[str, Any]


def _get(value: Any, *path: str | int) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(value, list) or not -len(value) <= step < len(value):
                return None
            value = value[step]
        else:
            if not isinstance(value, dict):
                return None
            value = value.get(step)
    return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _handle(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _ident(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _time(value: Any) -> datetime | None:
    """Unix seconds (int, float or digits) or an ISO 8601 string, as UTC."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            value = int(text)
        else:
            try:
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                return None
            return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _first(views: Iterable[View], *getters: Callable[[View], Any]) -> Any:
    for view in views:
        for getter in getters:
            value = getter(view)
            if value is not None:
                return value
    return None


def _is_iphone(view: View) -> bool:
    return "code" in view or "pk" in view or "taken_at" in view or "image_versions2" in view


def mediaid_to_shortcode(media_id: int) -> str | None:
    """Instagram's shortcode of a media id (URL-safe base64 of the id, leading zeros dropped)."""
    if media_id < 0 or media_id.bit_length() > 64:
        return None
    encoded = b64encode(media_id.to_bytes(9, "big"), b"-_").decode()
    return encoded.replace("A", " ").lstrip().replace(" ", "A") or None


def _media_id(view: View) -> str | None:
    for key in ("pk", "id"):
        ident = _ident(view.get(key))
        if ident is not None:
            # The iPhone API's "id" is "<media pk>_<owner id>".
            return ident.split("_", 1)[0]
    return None


def _shortcode(views: list[View]) -> str | None:
    code = _first(views, lambda v: _handle(v.get("code")), lambda v: _handle(v.get("shortcode")))
    if isinstance(code, str):
        return code
    media_id = _first(views, _media_id)
    if isinstance(media_id, str) and media_id.isdigit():
        return mediaid_to_shortcode(int(media_id))
    return None


def _caption(view: View) -> str | None:
    if _is_iphone(view):
        caption = view.get("caption")
        return _text(caption.get("text")) if isinstance(caption, dict) else _text(caption)
    edges = _get(view, "edge_media_to_caption", "edges")
    if isinstance(edges, list):
        return _text(_get(edges, 0, "node", "text")) if edges else None
    # instaloader's node built from the iPhone structure holds the caption as a plain string.
    return _text(view.get("caption"))


def _likes(view: View) -> int | None:
    if _is_iphone(view):
        return _count(view.get("like_count"))
    liked_by = _count(_get(view, "edge_liked_by", "count"))
    return liked_by if liked_by is not None else _count(_get(view, "edge_media_preview_like", "count"))


def _replies(view: View) -> int | None:
    if _is_iphone(view):
        return _count(view.get("comment_count"))
    for path in (
        ("edge_media_to_comment", "count"),
        ("edge_media_to_parent_comment", "count"),
        ("comments",),
    ):
        found = _count(_get(view, *path))
        if found is not None:
            return found
    return None


def _owner(view: View) -> dict[str, Any] | None:
    owner = view.get("user") if _is_iphone(view) else view.get("owner")
    if not isinstance(owner, dict):
        owner = view.get("owner") if isinstance(view.get("owner"), dict) else None
    return owner


def _media_urls(view: View) -> list[str]:
    urls: list[str] = []
    if _is_iphone(view):
        items = [view, *(m for m in (view.get("carousel_media") or []) if isinstance(m, dict))]
        for item in items:
            urls.extend(
                u
                for u in (
                    _text(_get(item, "image_versions2", "candidates", 0, "url")),
                    _text(_get(item, "video_versions", 0, "url")),
                )
                if u
            )
        return urls
    children = _get(view, "edge_sidecar_to_children", "edges")
    nodes = (
        [view, *(_get(e, "node") for e in children if isinstance(_get(e, "node"), dict))]
        if isinstance(children, list)
        else [view]
    )
    for node in nodes:
        urls.extend(u for u in (_text(node.get("display_url")), _text(node.get("video_url"))) if u)
    return urls


def _author(views: list[View], explicit: Any) -> tuple[str | None, str | None, str | None]:
    owners = [o for o in (explicit, *(_owner(v) for v in views)) if isinstance(o, dict)]
    author_id = _first(owners, lambda o: _ident(o.get("id")), lambda o: _ident(o.get("pk")))
    handle = _first(owners, lambda o: _handle(o.get("username")))
    name = _first(owners, lambda o: _handle(o.get("full_name")))
    return author_id, handle, name


def _post_views(payload: JSON) -> tuple[JSON, list[View]]:
    node = payload["post"] if isinstance(payload.get("post"), dict) else payload
    views: list[View] = []
    if isinstance(node.get("iphone_struct"), dict):
        views.append(node["iphone_struct"])
    views.append(node)
    if isinstance(payload.get("post_metadata"), dict):
        views.append(payload["post_metadata"])
    return node, views


def _normalise_post(payload: JSON, out: Normalised) -> str | None:
    """Append the post's mention (or quarantine it); return its external id for its comments."""
    node, views = _post_views(payload)
    shortcode = _shortcode(views)
    if shortcode is None:
        out.quarantined.append(Quarantined(Platform.INSTAGRAM, "post without shortcode or media id", node))
        return None
    created_at = _first(
        views,
        lambda v: _time(v.get("taken_at")) if _is_iphone(v) else None,
        lambda v: _time(v.get("taken_at_timestamp")),
        lambda v: _time(v.get("date")),
    )
    if created_at is None:
        out.quarantined.append(
            Quarantined(Platform.INSTAGRAM, "post without a time (taken_at)", node, external_id=shortcode)
        )
        return shortcode
    caption = _first(views, _caption)
    author_id, handle, name = _author(views, payload.get("owner") if node is not payload else None)
    # The first structure that lists media is the most direct one; mixing them would repeat URLs.
    urls = next((found for found in (_media_urls(v) for v in views) if found), [])
    out.mentions.append(
        Mention(
            platform=Platform.INSTAGRAM,
            external_id=shortcode,
            kind=MentionKind.POST,
            text=caption if isinstance(caption, str) else "",
            created_at=created_at,
            url=POST_URL.format(shortcode=shortcode),
            author_id=author_id,
            author_handle=handle,
            author_name=name,
            metrics=Metrics(likes=_first(views, _likes), replies=_first(views, _replies)),
            media_urls=tuple(dict.fromkeys(urls)),
            raw=node,
        )
    )
    return shortcode


def _comment_views(comment: JSON) -> list[View]:
    views: list[View] = []
    if isinstance(comment.get("iphone_struct"), dict):
        views.append(comment["iphone_struct"])
    views.append(comment)
    return views


def _answers(comment: JSON) -> list[JSON]:
    found: list[JSON] = []
    listed = comment.get("answers")
    if isinstance(listed, list):
        found.extend(a for a in listed if isinstance(a, dict))
    edges = _get(comment, "edge_threaded_comments", "edges")
    if isinstance(edges, list):
        found.extend(e["node"] for e in edges if isinstance(_get(e, "node"), dict))
    preview = _get(comment, "iphone_struct", "preview_child_comments")
    if isinstance(preview, list) and not listed:
        found.extend(a for a in preview if isinstance(a, dict))
    return found


def _normalise_comment(
    comment: JSON, parent: str, out: Normalised, seen: set[str], under: str | None = None
) -> None:
    views = _comment_views(comment)
    comment_id = _first(views, lambda v: _ident(v.get("id")), lambda v: _ident(v.get("pk")))
    raw = {k: v for k, v in comment.items() if k != "answers"}
    if comment_id is None:
        out.quarantined.append(Quarantined(Platform.INSTAGRAM, "comment without id", raw))
        return
    if comment_id in seen:
        return
    seen.add(comment_id)
    created_at = _first(views, lambda v: _time(v.get("created_at")), lambda v: _time(v.get("created_at_utc")))
    if created_at is None:
        out.quarantined.append(
            Quarantined(
                Platform.INSTAGRAM, "comment without a time (created_at)", raw, external_id=comment_id
            )
        )
        return
    text = _first(views, lambda v: _text(v.get("text")))
    owners = [o for o in (_get(v, key) for v in views for key in ("owner", "user")) if isinstance(o, dict)]
    author_id = _first(owners, lambda o: _ident(o.get("id")), lambda o: _ident(o.get("pk")))
    handle = _first(owners, lambda o: _handle(o.get("username")))
    name = _first(owners, lambda o: _handle(o.get("full_name")))
    likes = _first(
        views,
        lambda v: _count(_get(v, "comment_like_count")),
        lambda v: _count(_get(v, "edge_liked_by", "count")),
        lambda v: _count(_get(v, "likes_count")),
    )
    out.mentions.append(
        Mention(
            platform=Platform.INSTAGRAM,
            external_id=comment_id,
            kind=MentionKind.COMMENT,
            text=text if isinstance(text, str) else "",
            created_at=created_at,
            url=COMMENT_URL.format(shortcode=parent, comment_id=comment_id),
            author_id=author_id,
            author_handle=handle,
            author_name=name,
            metrics=Metrics(likes=likes),
            parent_external_id=parent,
            raw=raw,
            # Comments sit under the post's owner: under our own profile they address us.
            reply_to_handle=under,
        )
    )
    for answer in _answers(comment):
        _normalise_comment(answer, parent, out, seen, under)


def _normalise(payload: Any) -> Normalised:
    out = Normalised()
    if not isinstance(payload, dict):
        out.quarantined.append(
            Quarantined(Platform.INSTAGRAM, "payload is not a JSON object", {"payload": payload})
        )
        return out
    if payload.get("post") is None and payload.get("pass_complete") is True:
        # The collector's closing page of a pass: it carries a cursor, no post.
        return out
    if "post" in payload and not isinstance(payload["post"], dict):
        out.quarantined.append(Quarantined(Platform.INSTAGRAM, "page without a post node", payload))
        return out
    parent = _normalise_post(payload, out)
    owner = next((m.author_handle for m in out.mentions if m.external_id == parent), None)
    comments = payload.get("comments") if isinstance(payload.get("post"), dict) else None
    if comments is None:
        return out
    if not isinstance(comments, list):
        out.quarantined.append(
            Quarantined(
                Platform.INSTAGRAM, "comments are not a list", {"comments": comments}, external_id=parent
            )
        )
        return out
    seen: set[str] = set()
    for comment in comments:
        if not isinstance(comment, dict):
            out.quarantined.append(
                Quarantined(Platform.INSTAGRAM, "comment is not a JSON object", {"comment": comment})
            )
        elif parent is None:
            out.quarantined.append(Quarantined(Platform.INSTAGRAM, "comment of a post without id", comment))
        else:
            _normalise_comment(comment, parent, out, seen, owner)
    return out


def normalise_instagram_page(payload: dict[str, Any]) -> Normalised:
    """Normalise one Instagram page: the post as a POST mention, each comment and answer as a COMMENT.

    Args:
        payload: A `RawPage.payload` from `collectors.instagram.collect` (or a bare post node).

    Returns:
        The mentions, and what could not be read with the reason. Never raises.
    """
    try:
        return _normalise(payload)
    except Exception as exc:  # the contract: odd input is quarantined, never raised
        kept = payload if isinstance(payload, dict) else {"payload": repr(payload)}
        return Normalised(
            quarantined=[
                Quarantined(Platform.INSTAGRAM, f"unreadable payload ({type(exc).__name__}: {exc})", kept)
            ]
        )
