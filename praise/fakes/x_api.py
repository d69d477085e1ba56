"""A fake X API v2 on the loopback interface, so that the real X client and collector run in the demo and in tests.

`FakeXApi` serves, from a corpus (by default the fictional demo corpus in ``praise/demo_data/x/corpus.json``),
the three requests the X collector makes: ``GET /2/users/by/username/{username}``,
``GET /2/users/{id}/mentions`` and ``GET /2/tweets/search/recent``. It answers them as X does: newest first,
bounded by ``since_id``/``until_id``/``start_time``/``end_time``, paged by ``max_results`` and opaque tokens,
with only the fields and expansions asked for, ``includes`` and ``meta`` shaped like the real API, and the
refusals X sends (400 for a ``max_results`` out of range, an unknown parameter or a bound older than the
seven-day search window; 401 for a wrong bearer token).

Point the real client at it with ``collectors.x.build_x_client(token, base_url=api.base_url)``, which is what
``PRAISE_X_API_BASE_URL`` does. The fake counts every post it serves (X bills per post read), logs every
request, and can be told to fail (`FakeXApi.fail_next`) or stall (`FakeXApi.delay_next`).

The fake keeps its own clock (`FakeXApi.now`, by default `DEMO_NOW`), so that the demo corpus always lies
inside the search window, whatever the date on the machine.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

JSON = dict[str, Any]
log = logging.getLogger(__name__)

# The demo runs on the Monday morning after the demo week 2026-W47 (07:00 in Beispielstadt).
DEMO_NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
# Not a secret: the only token the fake accepts unless told otherwise.
DEMO_TOKEN = "demo-x-bearer-token"  # noqa: S105
DEMO_ACCOUNT = "StadtIT_Demo"
DEMO_QUERIES = ("#DankeStadtIT", '"Kater Joey"')

SEARCH_WINDOW = timedelta(days=7)
# X answers search without end_time up to 30 s ago, and refuses an end_time less than 10 s ago.
SEARCH_DEFAULT_LAG = timedelta(seconds=30)
SEARCH_MIN_LAG = timedelta(seconds=10)
# The mentions timeline reaches back this many posts, whatever the bounds.
MENTIONS_DEPTH = 800
RATE_LIMIT_WINDOW = timedelta(minutes=15)

_SNOWFLAKE_EPOCH_MS = 1288834974657
_PROBLEMS = "https://api.twitter.com/2/problems/"
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,15}")

# What each endpoint accepts; X refuses any other query parameter with a 400.
_MENTIONS_PARAMS = frozenset(
    {
        "end_time",
        "expansions",
        "max_results",
        "media.fields",
        "pagination_token",
        "place.fields",
        "poll.fields",
        "since_id",
        "start_time",
        "tweet.fields",
        "until_id",
        "user.fields",
    }
)


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split(","))


_SEARCH_PARAMS = _MENTIONS_PARAMS | {"query", "next_token", "sort_order"}
_USER_PARAMS = frozenset({"expansions", "tweet.fields", "user.fields"})
_TWEET_FIELDS = _names(
    "article,attachments,author_id,card_uri,community_id,context_annotations,conversation_id,created_at,"
    "display_text_range,edit_controls,edit_history_tweet_ids,entities,geo,id,in_reply_to_user_id,lang,"
    "media_metadata,non_public_metrics,note_tweet,organic_metrics,possibly_sensitive,promoted_metrics,"
    "public_metrics,referenced_tweets,reply_settings,scopes,source,text,withheld"
)
_USER_FIELDS = _names(
    "affiliation,connection_status,created_at,description,entities,id,is_identity_verified,location,"
    "most_recent_tweet_id,name,parody,pinned_tweet_id,profile_banner_url,profile_image_url,protected,"
    "public_metrics,receives_your_dm,subscription,subscription_type,url,username,verified,verified_followers_count,"
    "verified_type,withheld"
)
_MEDIA_FIELDS = _names(
    "alt_text,duration_ms,height,media_key,non_public_metrics,organic_metrics,preview_image_url,"
    "promoted_metrics,public_metrics,type,url,variants,width"
)
_EXPANSIONS = _names(
    "article.cover_media,article.media_entities,attachments.media_keys,attachments.media_source_tweet,"
    "attachments.poll_ids,author_id,edit_history_tweet_ids,entities.mentions.username,geo.place_id,"
    "in_reply_to_user_id,entities.note.mentions.username,referenced_tweets.id,referenced_tweets.id.attachments.media_keys,"
    "referenced_tweets.id.author_id,pinned_tweet_id"
)
_DEFAULT_TWEET_FIELDS = ("id", "text", "edit_history_tweet_ids")
_DEFAULT_USER_FIELDS = ("id", "name", "username")
_DEFAULT_MEDIA_FIELDS = ("media_key", "type")
# Requests per 15 minutes with app-only auth; the fake reports them in headers but never enforces them.
_RATE_LIMITS = {"user": 300, "mentions": 450, "search": 450, "lookup": 900}

# X's bodies for the statuses a test is most likely to inject (RFC 7807 problem objects).
_PROBLEM_BODIES: dict[int, JSON] = {
    401: {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
    402: {
        "title": "CreditsDepleted",
        "detail": "Your enterprise account does not have any credits to fulfill this request.",
        "type": _PROBLEMS + "credits",
    },
    403: {
        "title": "Forbidden",
        "detail": "Your client app is not configured with the appropriate oauth1 app permissions "
        "for this endpoint.",
        "type": _PROBLEMS + "oauth1-permissions",
    },
    404: {"title": "Not Found", "type": "about:blank", "status": 404, "detail": "Not Found"},
    429: {"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429},
    500: {
        "title": "Internal Server Error",
        "type": "about:blank",
        "status": 500,
        "detail": "Internal Server Error",
    },
    503: {
        "title": "Service Unavailable",
        "type": "about:blank",
        "status": 503,
        "detail": "Service Unavailable",
    },
}


def load_demo_corpus() -> JSON:
    """Read the fictional demo corpus packaged with ``praise`` (written by ``praise/demo_data/x/generate.py``).

    Returns:
        A dict with ``tweets``, ``users`` and ``media``, each a list of objects as the X API returns them.
    """
    text = resources.files("praise.demo_data.x").joinpath("corpus.json").read_text(encoding="utf-8")
    corpus: JSON = json.loads(text)
    return corpus


@dataclass(frozen=True, slots=True)
class ServedRequest:
    """One request the fake answered, without its headers (they hold the token)."""

    path: str
    params: dict[str, str]
    status: int
    # Posts this answer returned, in ``data`` and in ``includes.tweets``: what X would bill.
    tweets: int = 0


@dataclass(slots=True)
class _Fault:
    status: int
    headers: dict[str, str]
    body: JSON | str | None
    times: int


@dataclass(frozen=True, slots=True)
class FakeAnswer:
    """One answer of the fake: status, JSON body (or raw text), extra headers, ids of the posts served."""

    status: int
    body: JSON | str
    headers: dict[str, str]
    tweets: list[str]


class _BadRequest(Exception):
    """A parameter X would refuse; becomes a 400 with X's error body."""

    def __init__(self, parameter: str, value: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.value = value


class FakeXApi:
    """An X API v2 double served over HTTP on 127.0.0.1, in a daemon thread; a context manager.

    Args:
        corpus: ``{"tweets": [...], "users": [...], "media": [...]}``; ``None`` loads the demo corpus.
        token: The only bearer token it accepts.
        now: The fake's current time: it bounds the search window and hides posts created later.
            Tests may move it (``api.now = ...``) between runs.
        port: The port to listen on; 0 picks a free one.

    Attributes:
        served: How often each post id was served (X bills every one, a second read too).
        requests: Every request answered, in order.
    """

    def __init__(
        self,
        corpus: JSON | None = None,
        *,
        token: str = DEMO_TOKEN,
        now: datetime = DEMO_NOW,
        port: int = 0,
    ) -> None:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        corpus = load_demo_corpus() if corpus is None else corpus
        self.token = token
        self.now = now
        self.port = port
        self.served: Counter[str] = Counter()
        self.requests: list[ServedRequest] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._tweets: dict[str, JSON] = {}
        self._users: dict[str, JSON] = {}
        self._media: dict[str, JSON] = {}
        self._faults: list[_Fault] = []
        self._delays: list[list[float]] = []
        self._calls: Counter[str] = Counter()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.add_tweets(
            corpus.get("tweets", []), users=corpus.get("users", []), media=corpus.get("media", [])
        )

    # --- life cycle -----------------------------------------------------------------------------------

    def start(self) -> FakeXApi:
        """Start serving on a free port of 127.0.0.1; returns ``self``."""
        if self._server is not None:
            return self
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        # A handler stalled by delay_next must not hold up close().
        server.block_on_close = False
        self._closing.clear()
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="fake-x-api", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port; stalled answers are cut short."""
        server, self._server = self._server, None
        if server is None:
            return
        self._closing.set()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeXApi:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, for ``build_x_client(..., base_url=...)`` or ``PRAISE_X_API_BASE_URL``."""
        if self._server is None:
            raise RuntimeError("FakeXApi is not running: use it as a context manager or call start()")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- what tests control ---------------------------------------------------------------------------

    @property
    def tweets_served(self) -> int:
        """Posts served so far, counting repeats: what X would have billed."""
        with self._lock:
            return sum(self.served.values())

    def fail_next(
        self,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        body: JSON | str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests (any endpoint) with ``status`` instead of serving them.

        Args:
            status: The HTTP status, e.g. 429, 503, 401, 402.
            headers: Extra headers. A 429 without ``x-rate-limit-reset`` gets one a minute after ``now``.
            body: The body; ``None`` sends X's own problem body for that status.
            times: How many requests in a row fail this way.
        """
        extra = dict(headers or {})
        if status == 429:
            extra.setdefault("x-rate-limit-reset", str(int((self.now + timedelta(minutes=1)).timestamp())))
            extra.setdefault("x-rate-limit-remaining", "0")
        with self._lock:
            self._faults.append(_Fault(status, extra, body, times))

    def delay_next(self, seconds: float, times: int = 1) -> None:
        """Stall the next ``times`` requests by ``seconds`` before answering (for client time-outs)."""
        with self._lock:
            self._delays.append([seconds, times])

    def add_tweets(
        self, tweets: Iterable[JSON], *, users: Iterable[JSON] = (), media: Iterable[JSON] = ()
    ) -> None:
        """Add posts (and their authors and media) as if they had been posted; later runs may find them.

        Args:
            tweets: Post objects as the API returns them with every field; ``id`` must be a snowflake
                string, ``created_at`` is derived from it when missing.
            users: User objects of new authors.
            media: Media objects of new attachments.

        Raises:
            ValueError: A post has no valid id or text, or its id is already taken.
        """
        with self._lock:
            for user in users:
                self._users[str(user["id"])] = dict(user)
            for item in media:
                self._media[str(item["media_key"])] = dict(item)
            for tweet in tweets:
                tweet_id = tweet.get("id")
                if not (isinstance(tweet_id, str) and tweet_id.isdigit()):
                    raise ValueError(f"post id must be a string of digits: {tweet_id!r}")
                if not isinstance(tweet.get("text"), str):
                    raise ValueError(f"post {tweet_id} has no text")
                if tweet_id in self._tweets:
                    raise ValueError(f"post {tweet_id} is already in the fake")
                self._tweets[tweet_id] = dict(tweet)

    def tweets(self) -> list[JSON]:
        """All posts the fake holds, newest first (including those not yet visible at ``now``)."""
        with self._lock:
            return [dict(t) for t in sorted(self._tweets.values(), key=_id_key, reverse=True)]

    def mentions_of(self, username: str) -> list[JSON]:
        """The posts the mentions timeline of ``username`` can return at ``now``, newest first."""
        with self._lock:
            return self._mentions_of(username.lower())

    def search(self, query: str) -> list[JSON]:
        """The posts recent search for ``query`` can return at ``now``, newest first.

        Raises:
            ValueError: The query is not one this fake understands.
        """
        try:
            matcher = _parse_query(query)
        except _BadRequest as exc:
            raise ValueError(str(exc)) from None
        with self._lock:
            floor, ceiling = self.now - SEARCH_WINDOW, self.now - SEARCH_DEFAULT_LAG
            return [
                t
                for t in self._visible()
                if floor <= _posted_at(t) <= ceiling and matcher(self._searchable(t))
            ]

    # --- answering ------------------------------------------------------------------------------------

    def answer(self, path: str, params: dict[str, str], authorization: str | None) -> FakeAnswer:
        """Answer one GET request as X would; the HTTP handler only moves bytes.

        Args:
            path: The URL path, e.g. ``/2/tweets/search/recent``.
            params: Query parameters (the first value of each).
            authorization: The ``Authorization`` header, or ``None``.

        Returns:
            Status, JSON body, headers and the ids of the posts served.
        """
        self._stall()
        with self._lock:
            fault = self._next_fault()
        if fault is not None:
            body = fault.body if fault.body is not None else _problem(fault.status)
            return FakeAnswer(fault.status, body, fault.headers, [])
        if authorization != f"Bearer {self.token}":
            return FakeAnswer(401, _problem(401), {}, [])
        route = _route(path)
        if route is None:
            return FakeAnswer(404, _problem(404), {}, [])
        endpoint, argument = route
        with self._lock:
            self._calls[endpoint] += 1
            headers = self._rate_headers(endpoint)
            served: list[str] = []
            try:
                if endpoint == "user":
                    body = self._user_by_username(argument, params)
                elif endpoint == "mentions":
                    body, served = self._timeline(params, mentions_of=argument)
                elif endpoint == "lookup":
                    body, served = self._lookup(params)
                else:
                    body, served = self._timeline(params, mentions_of=None)
            except _BadRequest as exc:
                return FakeAnswer(400, _invalid_request(exc), headers, [])
            self.served.update(served)
        return FakeAnswer(200, body, headers, served)

    def _record(self, path: str, params: dict[str, str], answer: FakeAnswer) -> None:
        with self._lock:
            self.requests.append(ServedRequest(path, dict(params), answer.status, len(answer.tweets)))

    def _stall(self) -> None:
        with self._lock:
            seconds = 0.0
            if self._delays:
                seconds = self._delays[0][0]
                self._delays[0][1] -= 1
                if self._delays[0][1] <= 0:
                    self._delays.pop(0)
        if seconds > 0:
            # An event, not time.sleep: close() wakes a stalled handler at once.
            self._closing.wait(seconds)

    def _next_fault(self) -> _Fault | None:
        if not self._faults:
            return None
        fault = self._faults[0]
        fault.times -= 1
        if fault.times <= 0:
            self._faults.pop(0)
        return fault

    def _rate_headers(self, endpoint: str) -> dict[str, str]:
        limit = _RATE_LIMITS[endpoint]
        reset = int((self.now + RATE_LIMIT_WINDOW).timestamp())
        return {
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(limit - self._calls[endpoint], 0)),
            "x-rate-limit-reset": str(reset),
        }

    def delete_tweet(self, tweet_id: str) -> None:
        """The author deletes a post: look-ups answer it as not found, searches no longer see it."""
        with self._lock:
            self._tweets.pop(str(tweet_id), None)

    def _lookup(self, params: dict[str, str]) -> tuple[JSON, list[str]]:
        """``GET /2/tweets?ids=…``: the posts that exist, and a not-found error for each one that does not."""
        ids = [i for i in params.get("ids", "").split(",") if i]
        if not ids or len(ids) > 100 or not all(i.isdigit() for i in ids):
            raise _BadRequest("ids", params.get("ids", ""), "The `ids` query parameter value is not valid")
        fields = _fields(params, "tweet.fields", _TWEET_FIELDS, _DEFAULT_TWEET_FIELDS)
        visible = {t["id"]: t for t in self._visible()}
        found = [_project(visible[i], fields) for i in ids if i in visible]
        body: JSON = {}
        if found:
            body["data"] = found
        missing = [i for i in ids if i not in visible]
        if missing:
            body["errors"] = [
                _not_found("tweet", "ids", i, f"Could not find tweet with ids: [{i}].") for i in missing
            ]
        return body, [t["id"] for t in found]

    def _user_by_username(self, username: str, params: dict[str, str]) -> JSON:
        _check_params(params, _USER_PARAMS)
        if not _USERNAME.fullmatch(username):
            raise _BadRequest(
                "username",
                username,
                f"The `username` query parameter value [{username}] does not match ^[A-Za-z0-9_]{{1,15}}$",
            )
        fields = _fields(params, "user.fields", _USER_FIELDS, _DEFAULT_USER_FIELDS)
        for user in self._users.values():
            if str(user.get("username", "")).lower() == username.lower():
                return {"data": _project(user, fields)}
        return {
            "errors": [
                _not_found("user", "username", username, f"Could not find user with username: [{username}].")
            ]
        }

    def _timeline(self, params: dict[str, str], *, mentions_of: str | None) -> tuple[JSON, list[str]]:
        _check_params(params, _SEARCH_PARAMS if mentions_of is None else _MENTIONS_PARAMS)
        size = _page_size(params, minimum=10 if mentions_of is None else 5)
        tweet_fields = _fields(params, "tweet.fields", _TWEET_FIELDS, _DEFAULT_TWEET_FIELDS)
        expansions = _fields(params, "expansions", _EXPANSIONS, ())
        user_fields = _fields(params, "user.fields", _USER_FIELDS, _DEFAULT_USER_FIELDS)
        media_fields = _fields(params, "media.fields", _MEDIA_FIELDS, _DEFAULT_MEDIA_FIELDS)
        since_id, until_id = _id_param(params, "since_id"), _id_param(params, "until_id")
        start, end = _time_param(params, "start_time"), _time_param(params, "end_time")
        if start is not None and end is not None and start >= end:
            raise _BadRequest("end_time", params["end_time"], "'end_time' must be after 'start_time'.")

        if mentions_of is None:
            found = self._search_candidates(params, since_id, until_id, start, end)
            order = params.get("sort_order", "recency")
            if order not in ("recency", "relevancy"):
                raise _BadRequest(
                    "sort_order",
                    order,
                    f"The `sort_order` query parameter value [{order}] is not one of [recency,relevancy]",
                )
            token_name = "next_token" if "next_token" in params else "pagination_token"
        else:
            if not mentions_of.isdigit():
                raise _BadRequest(
                    "id", mentions_of, f"The `id` query parameter value [{mentions_of}] is not valid"
                )
            user = self._users.get(mentions_of)
            if user is None:
                not_found = _not_found(
                    "user", "id", mentions_of, f"Could not find user with id: [{mentions_of}]."
                )
                return {"errors": [not_found]}, []
            found = self._mentions_of(str(user.get("username", "")).lower())[:MENTIONS_DEPTH]
            order, token_name = "recency", "pagination_token"

        found = [
            t
            for t in found
            if (since_id is None or int(t["id"]) > since_id)
            and (until_id is None or int(t["id"]) < until_id)
            and (start is None or _posted_at(t) >= start)
            and (end is None or _posted_at(t) <= end)
        ]
        if order == "relevancy":
            found.sort(key=_engagement, reverse=True)
        page, next_token = _paginate(
            found, params.get(token_name), token_name, size, by_offset=order == "relevancy"
        )

        if not page:
            return {"meta": {"result_count": 0}}, []
        body: JSON = {"data": [_project(t, tweet_fields) for t in page]}
        includes, errors, expanded = self._includes(page, expansions, tweet_fields, user_fields, media_fields)
        if includes:
            body["includes"] = includes
        if errors:
            body["errors"] = errors
        ids = [int(t["id"]) for t in page]
        meta: JSON = {"newest_id": str(max(ids)), "oldest_id": str(min(ids)), "result_count": len(page)}
        if next_token is not None:
            meta["next_token"] = next_token
        body["meta"] = meta
        return body, [t["id"] for t in page] + expanded

    def _search_candidates(
        self,
        params: dict[str, str],
        since_id: int | None,
        until_id: int | None,
        start: datetime | None,
        end: datetime | None,
    ) -> list[JSON]:
        query = params.get("query", "")
        if not 1 <= len(query) <= 512:
            raise _BadRequest(
                "query", query, "The `query` query parameter value must be between 1 and 512 characters"
            )
        matches = _parse_query(query)
        floor = self.now - SEARCH_WINDOW
        stamp = f"{floor:%Y-%m-%dT%H:%MZ}"
        for name, value in (("since_id", since_id), ("until_id", until_id)):
            if value is not None and _time_of_id(value) < floor:
                raise _BadRequest(
                    name,
                    params[name],
                    f"Invalid '{name}':'{params[name]}'. '{name}' must be a tweet id created after {stamp}.",
                )
        if start is not None and start < floor:
            raise _BadRequest(
                "start_time",
                params["start_time"],
                f"Invalid 'start_time':'{params['start_time']}'. 'start_time' must be on or after {stamp}",
            )
        if end is not None and end > self.now - SEARCH_MIN_LAG:
            raise _BadRequest(
                "end_time",
                params["end_time"],
                f"Invalid 'end_time':'{params['end_time']}'. 'end_time' must be a minimum of 10 seconds prior to "
                "the request time.",
            )
        ceiling = self.now - SEARCH_DEFAULT_LAG if end is None else end
        return [
            t for t in self._visible() if floor <= _posted_at(t) <= ceiling and matches(self._searchable(t))
        ]

    def _visible(self) -> list[JSON]:
        """Posts that exist at ``now``, newest first."""
        visible = (t for t in self._tweets.values() if _posted_at(t) <= self.now)
        return sorted(visible, key=_id_key, reverse=True)

    def _mentions_of(self, username: str) -> list[JSON]:
        return [t for t in self._visible() if username in self._searchable(t).mentions]

    def _searchable(self, tweet: JSON) -> _Searchable:
        """What search and mentions see of a post; a repost is found by the post it repeats as well.

        X cuts a repost's own text ("RT @user: ...") short, yet finds it by the whole repeated post.
        """
        parts = [tweet]
        for ref in tweet.get("referenced_tweets", []):
            if ref.get("type") == "retweeted" and ref.get("id") in self._tweets:
                parts.append(self._tweets[ref["id"]])
        author = self._users.get(str(tweet.get("author_id", "")), {})
        return _Searchable(
            tweet=tweet,
            text="\n".join(_full_text(p) for p in parts),
            mentions=frozenset(v for p in parts for v in _entity_values(p, "mentions", "username")),
            hashtags=frozenset(v for p in parts for v in _entity_values(p, "hashtags", "tag")),
            author=str(author.get("username", "")).lower(),
        )

    def _includes(
        self,
        page: list[JSON],
        expansions: tuple[str, ...],
        tweet_fields: tuple[str, ...],
        user_fields: tuple[str, ...],
        media_fields: tuple[str, ...],
    ) -> tuple[JSON, list[JSON], list[str]]:
        """Return ``includes``, the partial ``errors`` for what could not be expanded, and expanded post ids."""
        errors: list[JSON] = []
        referenced: list[JSON] = []
        if "referenced_tweets.id" in expansions:
            for ref_id in _unique(r["id"] for t in page for r in t.get("referenced_tweets", [])):
                if ref_id in self._tweets:
                    referenced.append(self._tweets[ref_id])
                else:
                    errors.append(
                        _not_found(
                            "tweet",
                            "referenced_tweets.id",
                            ref_id,
                            f"Could not find tweet with referenced_tweets.id: [{ref_id}].",
                        )
                    )
        user_refs: list[tuple[str, str]] = []
        for tweet in page:
            if "author_id" in expansions and "author_id" in tweet:
                user_refs.append(("author_id", tweet["author_id"]))
            if "in_reply_to_user_id" in expansions and "in_reply_to_user_id" in tweet:
                user_refs.append(("in_reply_to_user_id", tweet["in_reply_to_user_id"]))
            if "entities.mentions.username" in expansions:
                for mention in tweet.get("entities", {}).get("mentions", []):
                    user_refs += [("entities.mentions.username", m) for m in self._user_ids_of(mention)]
        if "referenced_tweets.id.author_id" in expansions:
            user_refs += [
                ("referenced_tweets.id.author_id", t["author_id"]) for t in referenced if "author_id" in t
            ]
        users: list[JSON] = []
        for parameter, user_id in _unique_pairs(user_refs):
            if user_id in self._users:
                users.append(_project(self._users[user_id], user_fields))
            else:
                errors.append(
                    _not_found(
                        "user", parameter, user_id, f"Could not find user with {parameter}: [{user_id}]."
                    )
                )
        media: list[JSON] = []
        if "attachments.media_keys" in expansions:
            keys = _unique(k for t in page for k in t.get("attachments", {}).get("media_keys", []))
            media = [_project(self._media[k], media_fields) for k in keys if k in self._media]
        includes: JSON = {}
        if media:
            includes["media"] = media
        if users:
            includes["users"] = users
        if referenced:
            includes["tweets"] = [_project(t, tweet_fields) for t in referenced]
        return includes, errors, [t["id"] for t in referenced]

    def _user_ids_of(self, mention: JSON) -> list[str]:
        name = str(mention.get("username", "")).lower()
        return [uid for uid, u in self._users.items() if str(u.get("username", "")).lower() == name]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeXApi

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        path = unquote(url.path)
        try:
            answer = self.fake.answer(path, params, self.headers.get("Authorization"))
        except Exception:
            log.exception("fake X API failed on %s", path)
            answer = FakeAnswer(500, _problem(500), {}, [])
        self.fake._record(path, params, answer)
        payload = answer.body if isinstance(answer.body, str) else json.dumps(answer.body, ensure_ascii=False)
        data = payload.encode("utf-8")
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (its time-out was shorter than delay_next): nothing left to tell it.
            log.debug("fake X API: client left before the answer to %s", path)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("fake X API: " + format, *args)


# --- the query language: small on purpose -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Searchable:
    """A post as the query matcher sees it: text, mentions and hashtags lower-cased, author handle."""

    tweet: JSON
    text: str
    mentions: frozenset[str]
    hashtags: frozenset[str]
    author: str


Matcher = Callable[[_Searchable], bool]
_QUERY_WORD = re.compile(r'-?"[^"]*"|\S+')


def _parse_query(query: str) -> Matcher:
    """Compile a recent-search query into a predicate over a post.

    Understood: bare words, ``"quoted phrases"``, ``#hashtag``, ``@mention``, ``from:user``, ``lang:xx``,
    ``is:retweet``/``is:reply``/``is:quote``, ``-`` before any of them, and ``OR`` between groups of terms
    (terms side by side must all match, as in X: AND binds before OR). Matching ignores case.

    Args:
        query: The query as the client sends it.

    Returns:
        The predicate.

    Raises:
        _BadRequest: Parentheses, an unknown operator, or a group with no positive term.
    """
    if "(" in query.replace('"(', "") or ")" in query.replace(')"', ""):
        raise _BadRequest("query", query, "The fake X API does not support grouping with parentheses")
    groups: list[list[tuple[bool, Matcher]]] = [[]]
    for word in _QUERY_WORD.findall(query):
        if word == "OR":
            groups.append([])
            continue
        negated = word.startswith("-") and len(word) > 1
        groups[-1].append((negated, _term(word[1:] if negated else word, query)))
    for group in groups:
        if not any(not negated for negated, _ in group):
            raise _BadRequest(
                "query", query, f"There were errors processing your request: no positive term in '{query}'"
            )

    def matches(post: _Searchable) -> bool:
        return any(all(term(post) != negated for negated, term in group) for group in groups)

    return matches


def _term(token: str, query: str) -> Matcher:
    lowered = token.lower()
    if lowered.startswith('"') and lowered.endswith('"') and len(lowered) >= 2:
        return _text_matcher(lowered[1:-1].split())
    if lowered.startswith("#") and len(lowered) > 1:
        tag = lowered[1:]
        return lambda post: tag in post.hashtags
    if lowered.startswith("@") and len(lowered) > 1:
        name = lowered[1:]
        return lambda post: name in post.mentions
    operator, _, value = lowered.partition(":")
    if value and operator == "from":
        return lambda post: post.author == value
    if value and operator == "lang":
        return lambda post: str(post.tweet.get("lang", "")).lower() == value
    if value and operator == "is" and value in ("retweet", "reply", "quote"):
        kind = {"retweet": "retweeted", "reply": "replied_to", "quote": "quoted"}[value]
        return lambda post: any(r.get("type") == kind for r in post.tweet.get("referenced_tweets", []))
    if value and re.fullmatch(r"[a-z_]+", operator):
        raise _BadRequest("query", query, f"The fake X API does not support the operator '{operator}:'")
    return _text_matcher([lowered])


def _text_matcher(words: list[str]) -> Matcher:
    # Whole tokens only, as X's tokenizer matches: "Joey" finds "Joey!" and "#Joey", not "Joeys".
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)
    return lambda post: bool(pattern.search(post.text))


# --- helpers ------------------------------------------------------------------------------------------------


def _route(path: str) -> tuple[str, str] | None:
    parts = path.rstrip("/").split("/")
    if parts[:3] == ["", "2", "users"] and len(parts) == 6 and parts[3:5] == ["by", "username"]:
        return "user", parts[5]
    if parts[:3] == ["", "2", "users"] and len(parts) == 5 and parts[4] == "mentions":
        return "mentions", parts[3]
    if parts == ["", "2", "tweets", "search", "recent"]:
        return "search", ""
    if parts == ["", "2", "tweets"]:
        return "lookup", ""
    return None


def _check_params(params: dict[str, str], allowed: frozenset[str]) -> None:
    for name, value in params.items():
        if name not in allowed:
            raise _BadRequest(
                name, value, f"The query parameter [{name}] is not one of [{','.join(sorted(allowed))}]"
            )


def _page_size(params: dict[str, str], *, minimum: int) -> int:
    raw = params.get("max_results", "10")
    size = int(raw) if raw.isdigit() else -1
    if not minimum <= size <= 100:
        raise _BadRequest(
            "max_results",
            raw,
            f"The `max_results` query parameter value [{raw}] is not between {minimum} and 100",
        )
    return size


def _fields(
    params: dict[str, str], name: str, allowed: frozenset[str], default: tuple[str, ...]
) -> tuple[str, ...]:
    if name not in params:
        return default
    asked = [f for f in params[name].split(",") if f]
    for field in asked:
        if field not in allowed:
            raise _BadRequest(
                name,
                field,
                f"The `{name}` query parameter value [{field}] is not one of [{','.join(sorted(allowed))}]",
            )
    return tuple(_unique([*default, *asked]))


def _id_param(params: dict[str, str], name: str) -> int | None:
    if name not in params:
        return None
    value = params[name]
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        raise _BadRequest(
            name, value, f"The `{name}` query parameter value [{value}] does not match ^[0-9]{{1,19}}$"
        )
    return int(value)


def _time_param(params: dict[str, str], name: str) -> datetime | None:
    if name not in params:
        return None
    value = params[name]
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _BadRequest(
            name,
            value,
            f"Invalid '{name}':'{value}'. '{name}' must be a valid RFC 3339 date-time (YYYY-MM-DDTHH:mm:ssZ).",
        )
    return moment.astimezone(UTC)


def _paginate(
    found: list[JSON], token: str | None, token_name: str, size: int, *, by_offset: bool
) -> tuple[list[JSON], str | None]:
    """Cut one page; a token resumes below the last post served (recency) or after an offset (relevancy)."""
    start = 0
    if token is not None:
        position = _decode_token(token, "o" if by_offset else "b")
        if position is None:
            raise _BadRequest(token_name, token, f"Invalid '{token_name}':'{token}'.")
        if by_offset:
            start = position
        else:
            found = [t for t in found if int(t["id"]) < position]
    page = found[start : start + size]
    if len(found) <= start + size or not page:
        return page, None
    return page, _encode_token("o", start + size) if by_offset else _encode_token("b", int(page[-1]["id"]))


_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _encode_token(kind: str, value: int) -> str:
    # Opaque to clients, as X's are; base 36 keeps it short and URL-safe.
    digits = ""
    while True:
        value, rest = divmod(value, 36)
        digits = _BASE36[rest] + digits
        if value == 0:
            break
    return f"7140{kind}{digits}"


def _decode_token(token: str, kind: str) -> int | None:
    if not token.startswith(f"7140{kind}") or len(token) <= 5:
        return None
    try:
        return int(token[5:], 36)
    except ValueError:
        return None


def _project(item: JSON, fields: tuple[str, ...]) -> JSON:
    return {k: v for k, v in item.items() if k in fields}


def _posted_at(tweet: JSON) -> datetime:
    created = tweet.get("created_at")
    if isinstance(created, str):
        # An unreadable created_at falls back to the time in the id, as a snowflake always carries it.
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(created).astimezone(UTC)
    return _time_of_id(int(tweet["id"]))


def _time_of_id(post_id: int) -> datetime:
    # Computed here rather than imported from the collector: the fake is the oracle the collector is tested against.
    return datetime.fromtimestamp(((post_id >> 22) + _SNOWFLAKE_EPOCH_MS) / 1000, tz=UTC)


def _id_key(tweet: JSON) -> int:
    return int(tweet["id"])


def _engagement(tweet: JSON) -> tuple[int, int]:
    metrics = tweet.get("public_metrics", {})
    score = sum(int(metrics.get(k, 0)) for k in ("like_count", "retweet_count", "reply_count", "quote_count"))
    return score, int(tweet["id"])


def _full_text(tweet: JSON) -> str:
    note = tweet.get("note_tweet")
    if isinstance(note, dict) and isinstance(note.get("text"), str):
        return str(note["text"])
    return str(tweet.get("text", ""))


def _entity_values(tweet: JSON, kind: str, key: str) -> set[str]:
    sources = [tweet.get("entities"), (tweet.get("note_tweet") or {}).get("entities")]
    return {
        str(item.get(key, "")).lower()
        for entities in sources
        if isinstance(entities, dict)
        for item in entities.get(kind, [])
        if isinstance(item, dict)
    }


def _unique(items: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def _unique_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    unique = []
    for parameter, value in pairs:
        if value not in seen:
            seen.add(value)
            unique.append((parameter, value))
    return unique


def _problem(status: int) -> JSON:
    return dict(
        _PROBLEM_BODIES.get(
            status, {"title": "Error", "type": "about:blank", "status": status, "detail": "Error"}
        )
    )


def _invalid_request(exc: _BadRequest) -> JSON:
    return {
        "errors": [{"parameters": {exc.parameter: [exc.value]}, "message": str(exc)}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": _PROBLEMS + "invalid-request",
    }


def _not_found(resource: str, parameter: str, value: str, detail: str) -> JSON:
    return {
        "value": value,
        "detail": detail,
        "title": "Not Found Error",
        "resource_type": resource,
        "parameter": parameter,
        "resource_id": value,
        "type": _PROBLEMS + "resource-not-found",
    }


def main() -> None:
    """Serve the demo corpus until interrupted: ``python -m praise.fakes.x_api [port]``, for trying by hand."""
    logging.basicConfig(level=logging.INFO)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    with FakeXApi(port=port) as api:
        print(
            f"fake X API at {api.base_url} (token {DEMO_TOKEN!r}, now {api.now:%Y-%m-%d %H:%M} UTC); Ctrl-C stops"
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
