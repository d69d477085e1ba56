"""Instagram collectors through instaloader: a profile's posts with comments, posts tagged with a profile,
and a hashtag's recent posts (best effort).

Each collector is a generator of `RawPage`, one page per post: the post node as instaloader holds it
(`Post._node`, plus `Post._full_metadata_dict` when instaloader fetched it), the owner, whether the post
is pinned, and its comments as raw dicts (`PostComment._node`, each with an ``answers`` list built from
instaloader's `PostCommentAnswer`). `collectors.instagram.normalise` turns such a payload into mentions.

Incremental state (the cursor) is the newest ``taken_at`` of the last completed pass::

    {"newest_taken_at": "2026-11-21T09:30:00+00:00"}

Posts arrive newest first, so a pass that dies half-way has stored the newest posts but not the older
ones between them and the previous high-water mark. The stored high-water mark therefore moves only when
a pass completes; meanwhile the cursor carries the pass in progress::

    {"newest_taken_at": <previous>, "pass": {"high": <newest non-pinned post stored in this pass>,
     "low": <oldest non-pinned post stored>, "newest": <newest of all stored>, "done": {shortcode: taken_at}}}

A rerun skips posts with ``low < taken_at <= high`` and those in ``done`` (pinned posts, ties at ``low``,
posts published after the pass began), and reads everything else: nothing is lost, and after a kill
nothing already stored is stored again. Rereading is harmless on Instagram (reads are not billed; storage
upserts), losing is not, so every rule errs towards rereading.

Two Instagram details shape the pass:

* Pinned posts come first, out of date order (instaloader's docs warn against ``takewhile`` on
  ``Profile.get_posts`` for this reason). A pinned post at or before the stop point is skipped, never a
  reason to stop; only a non-pinned one ends the pass.
* Comments on older posts keep arriving. Each pass therefore also rereads posts newer than
  ``now - comment_lookback`` (7 days by default), which refreshes their comments and like counts.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import instaloader
import requests
from instaloader import Hashtag, Post, Profile
from instaloader.exceptions import (
    AbortDownloadException,
    BadCredentialsException,
    BadResponseException,
    ConnectionException,
    InstaloaderException,
    LoginException,
    LoginRequiredException,
    PrivateProfileNotFollowedException,
    ProfileNotExistsException,
    QueryReturnedBadRequestException,
    QueryReturnedForbiddenException,
    QueryReturnedNotFoundException,
    TooManyRequestsException,
    TwoFactorAuthRequiredException,
)
from requests.adapters import BaseAdapter

from collectors.instagram.rate_limit import DEFAULT_MAX_WAIT, FlowRateController
from kernel.errors import AuthFailed, CollectorError, ConfigError, RateLimited, TransientError
from kernel.records import JSON, Platform, RawPage, SourceKey, SourceReport

log = logging.getLogger(__name__)

# instaloader retries a failed request at once, without backoff; one retry rides out a dropped
# connection, longer outages belong to the flow, which retries TransientError with backoff.
CONNECTION_ATTEMPTS = 2
DEFAULT_COMMENT_LOOKBACK = timedelta(days=7)
# "Please wait a few minutes" does not say how many; Instagram's blocks of this kind last about that long.
PLEASE_WAIT_RETRY_AFTER = timedelta(minutes=15)
CHECKPOINT_MESSAGE = "Instagram asks for a checkpoint; log in with a browser, then run praise instagram-login"
_STATUS = re.compile(r"(?:^|: )([1-5]\d\d) [A-Za-z]")


def _utcnow() -> datetime:
    return datetime.now(UTC)


# -- loader ---------------------------------------------------------------------------------------------------


class _FlowContext(instaloader.InstaloaderContext):
    """instaloader's context, with our transport adapters on every session it opens and logging, not print.

    instaloader opens fresh `requests.Session` objects for anonymous page loads, GraphQL queries and
    iPhone API calls, so adapters mounted on one session would reach only some requests. This context mounts
    the given adapters on each session as it is opened or used.
    """

    def __init__(self, adapters: dict[str, BaseAdapter], **kwargs: Any) -> None:
        self._adapters = adapters
        super().__init__(**kwargs)

    @property  # type: ignore[override]
    def _session(self) -> requests.Session:
        return self._flow_session

    @_session.setter
    def _session(self, session: requests.Session) -> None:
        self._mount(session)
        self._flow_session = session

    def _mount(self, session: requests.Session) -> None:
        for prefix, adapter in self._adapters.items():
            session.mount(prefix, adapter)

    def get_anonymous_session(self) -> requests.Session:
        session = super().get_anonymous_session()
        self._mount(session)
        return session

    def get_json(
        self,
        path: str,
        params: dict[str, Any],
        host: str = "www.instagram.com",
        session: requests.Session | None = None,
        response_headers: dict[str, Any] | None = None,
        use_post: bool = False,
    ) -> dict[str, Any]:
        if session is not None:
            self._mount(session)
        return super().get_json(path, params, host, session, response_headers, use_post)

    def log(self, *msg: Any, sep: str = "", end: str = "\n", flush: bool = False) -> None:
        log.debug("%s", sep.join(str(m) for m in msg))

    def error(self, msg: str, repeat_at_end: bool = True) -> None:
        log.warning("instaloader: %s", msg)
        if repeat_at_end:
            self.error_log.append(msg)


def make_loader(
    username: str | None,
    sessionfile: Path | None,
    *,
    session: requests.Session | None = None,
    max_rate_limit_wait: float = DEFAULT_MAX_WAIT,
    pause_between_requests: bool = True,
    request_timeout: float = 30.0,
) -> instaloader.Instaloader:
    """Build an instaloader that only reads metadata, with our rate controller, optionally logged in.

    Args:
        username: The Instagram account of the session (``INSTAGRAM_USERNAME``); needed with `sessionfile`.
        sessionfile: A session file written by ``praise instagram-login`` or ``instaloader --login``
            (``INSTAGRAM_SESSIONFILE``); without it the loader is anonymous and cannot read comments.
        session: A template session whose transport adapters are mounted on every session instaloader
            opens (a proxy adapter, or `praise.fakes.instagram.FakeInstagram.session`).
        max_rate_limit_wait: Longest wait in seconds inside a run before the source stops as rate-limited.
        pause_between_requests: instaloader's short random pause (up to 15 s) before each request, which
            keeps a real account out of trouble; tests and the demo against the fake turn it off.
        request_timeout: HTTP time-out per request, in seconds.

    Returns:
        The configured `instaloader.Instaloader`.

    Raises:
        ConfigError: A session file without a username.
        AuthFailed: The session file is missing or unreadable.
    """
    adapters: dict[str, BaseAdapter] = dict(session.adapters) if session is not None else {}

    def controller(context: instaloader.InstaloaderContext) -> instaloader.RateController:
        return FlowRateController(context, max_wait=max_rate_limit_wait)

    loader = instaloader.Instaloader(
        sleep=pause_between_requests,
        quiet=True,
        download_pictures=False,
        download_videos=False,
        download_video_thumbnails=False,
        download_geotags=False,
        download_comments=False,
        save_metadata=False,
        compress_json=False,
        post_metadata_txt_pattern="",
        max_connection_attempts=CONNECTION_ATTEMPTS,
        request_timeout=request_timeout,
        rate_controller=controller,
        resume_prefix=None,
    )
    loader.context.close()  # type: ignore[no-untyped-call]
    loader.context = _FlowContext(
        adapters,
        sleep=pause_between_requests,
        quiet=True,
        max_connection_attempts=CONNECTION_ATTEMPTS,
        request_timeout=request_timeout,
        rate_controller=controller,
    )
    if sessionfile is not None:
        if not username:
            raise ConfigError("INSTAGRAM_SESSIONFILE is set but INSTAGRAM_USERNAME is not: set both")
        if not sessionfile.is_file():
            raise AuthFailed(
                f"Instagram session file {sessionfile} does not exist: run praise instagram-login first"
            )
        try:
            loader.load_session_from_file(username, str(sessionfile))
        except Exception as exc:  # a damaged pickle can raise nearly anything
            raise AuthFailed(
                f"Instagram session file {sessionfile} cannot be read ({type(exc).__name__}): "
                "run praise instagram-login again"
            ) from None
    return loader


def login_and_save(username: str, password: str, sessionfile: Path) -> None:
    """Log in to Instagram with a password and save the session file that `make_loader` loads.

    Args:
        username: The Instagram account.
        password: Its password; used for this one request and never stored.
        sessionfile: Where to write the session (created with mode 0600).

    Raises:
        AuthFailed: Wrong password, unknown account, a checkpoint, or two-factor authentication (which this
            command does not handle: use instaloader's own ``instaloader --login`` then).
        TransientError: Instagram could not be reached.
    """
    # instaloader's login opens a plain requests.Session of its own, so no transport template applies here.
    loader = make_loader(None, None, pause_between_requests=False)
    try:
        loader.login(username, password)
    except TwoFactorAuthRequiredException:
        raise AuthFailed(
            f"Instagram asks for a two-factor code for {username}: run `instaloader --login {username}`, "
            "which asks for the code, then set INSTAGRAM_SESSIONFILE to the session file it saves "
            "(by default ~/.config/instaloader/session-" + username + ")"
        ) from None
    except BadCredentialsException:
        raise AuthFailed(f"Instagram login for {username} failed: wrong password") from None
    except LoginException as exc:
        if "checkpoint" in str(exc).lower():
            raise AuthFailed(CHECKPOINT_MESSAGE) from None
        raise AuthFailed(f"Instagram login for {username} failed: {exc}") from None
    except (ConnectionException, requests.RequestException) as exc:
        raise TransientError(f"Instagram login: cannot reach Instagram: {exc}") from None
    finally:
        loader.context.two_factor_auth_pending = None
    sessionfile.parent.mkdir(parents=True, exist_ok=True)
    loader.save_session_to_file(str(sessionfile))
    loader.close()  # type: ignore[no-untyped-call]


# -- errors ---------------------------------------------------------------------------------------------------


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _status(exc: BaseException) -> int | None:
    for link in _chain(exc):
        match = _STATUS.search(str(link))
        if match:
            return int(match.group(1))
    return None


def translate_error(exc: BaseException, what: str, *, refusal: bool = False) -> CollectorError | None:
    """Map an instaloader (or requests) exception to one of kernel.errors, or None if it is not one of ours.

    Args:
        exc: The exception instaloader raised.
        what: The source, for the message (e.g. ``profile kater.joey.demo``).
        refusal: Treat "Instagram will not show this" answers (400, 401, 403, 404, login required) as a
            refusal of this source only (hashtags), rather than as an authentication failure.
    """
    if isinstance(exc, CollectorError):
        return exc
    chain = _chain(exc)
    text = " | ".join(str(link) for link in chain)
    lowered = text.lower()
    status = _status(exc)
    now = _utcnow()
    if any(isinstance(link, TooManyRequestsException) for link in chain) or status == 429:
        retry_after = now + PLEASE_WAIT_RETRY_AFTER
        return RateLimited(
            f"{what}: rate-limited by Instagram (HTTP 429), retry after {retry_after:%Y-%m-%d %H:%M} UTC",
            retry_after=retry_after,
        )
    if "please wait a few minutes" in lowered:
        retry_after = now + PLEASE_WAIT_RETRY_AFTER
        return RateLimited(
            f'{what}: rate-limited by Instagram ("Please wait a few minutes"), '
            f"retry after {retry_after:%Y-%m-%d %H:%M} UTC",
            retry_after=retry_after,
        )
    if "checkpoint_required" in lowered or "challenge_required" in lowered or "checkpoint" in lowered:
        return AuthFailed(f"{what}: {CHECKPOINT_MESSAGE}")
    if "feedback_required" in lowered:
        retry_after = now + timedelta(hours=24)
        return RateLimited(
            f"{what}: Instagram blocks this account's requests for now (feedback_required), "
            f"retry after {retry_after:%Y-%m-%d %H:%M} UTC",
            retry_after=retry_after,
        )
    refused = isinstance(
        exc,
        QueryReturnedBadRequestException
        | QueryReturnedNotFoundException
        | QueryReturnedForbiddenException
        | LoginRequiredException
        | BadResponseException,
    ) or status in (400, 401, 403, 404)
    if refusal and refused:
        return CollectorError(
            f"{what}: Instagram refused to show it ({_first_line(exc)}); hashtags are best effort and "
            "only this source is affected"
        )
    if isinstance(exc, ProfileNotExistsException):
        return CollectorError(f"{what}: the Instagram profile does not exist or is hidden from this session")
    if isinstance(exc, PrivateProfileNotFollowedException):
        return CollectorError(f"{what}: the Instagram profile is private and this session does not follow it")
    if isinstance(exc, LoginRequiredException | LoginException):
        return AuthFailed(
            f"{what}: Instagram requires a login ({_first_line(exc)}); run praise instagram-login "
            "and set INSTAGRAM_USERNAME and INSTAGRAM_SESSIONFILE"
        )
    if isinstance(exc, AbortDownloadException):
        # Raised for a redirect to the login page while logged in: the saved session has expired.
        return AuthFailed(f"{what}: {_first_line(exc)}; run praise instagram-login")
    if status in (401, 403):
        return AuthFailed(
            f"{what}: Instagram refused the session ({_first_line(exc)}); run praise instagram-login"
        )
    if isinstance(exc, QueryReturnedNotFoundException) or status == 404:
        return CollectorError(f"{what}: not found on Instagram ({_first_line(exc)})")
    if isinstance(exc, QueryReturnedBadRequestException) or status == 400:
        return CollectorError(f"{what}: Instagram rejected the request ({_first_line(exc)})")
    if isinstance(exc, ConnectionException | requests.RequestException | json.JSONDecodeError):
        # 5xx, time-outs, dropped connections and half-sent JSON.
        return TransientError(f"{what}: Instagram is not answering properly ({_first_line(exc)})")
    if isinstance(exc, InstaloaderException):
        return CollectorError(f"{what}: {_first_line(exc)}")
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


@contextmanager
def _translated(what: str, *, refusal: bool = False) -> Iterator[None]:
    try:
        yield
    except (
        InstaloaderException,
        AbortDownloadException,
        requests.RequestException,
        json.JSONDecodeError,
        requests.JSONDecodeError,
    ) as exc:
        mapped = translate_error(exc, what, refusal=refusal)
        if mapped is None:
            raise
        raise mapped from exc
    except KeyError as exc:
        # instaloader indexes Instagram's answers directly; a missing key means an answer we cannot use.
        if refusal:
            raise CollectorError(
                f"{what}: Instagram refused to show it (no {exc} in its answer); hashtags are best effort "
                "and only this source is affected"
            ) from exc
        raise CollectorError(f"{what}: unexpected answer from Instagram (no {exc})") from exc


@contextmanager
def _bound(
    loader: instaloader.Instaloader, report: SourceReport, sleep: Callable[[float], Any]
) -> Iterator[None]:
    controller = getattr(loader.context, "_rate_controller", None)
    if not isinstance(controller, FlowRateController):
        yield
        return
    controller.bind(report, sleep)
    try:
        yield
    finally:
        controller.bind(None, time.sleep)


# -- pass state -----------------------------------------------------------------------------------------------


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _parse(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class _PassState:
    """The cursor of one source: the last completed pass and, if one was cut short, the pass in progress."""

    newest: datetime | None
    high: datetime | None = None
    low: datetime | None = None
    pass_newest: datetime | None = None
    done: dict[str, datetime] = field(default_factory=dict)

    @classmethod
    def from_cursor(cls, cursor: JSON) -> _PassState:
        state = cls(_parse(cursor.get("newest_taken_at")))
        progress = cursor.get("pass")
        if isinstance(progress, dict):
            state.high = _parse(progress.get("high"))
            state.low = _parse(progress.get("low"))
            state.pass_newest = _parse(progress.get("newest"))
            done = progress.get("done")
            if isinstance(done, dict):
                state.done = {code: ts for code, raw in done.items() if (ts := _parse(raw)) is not None}
        return state

    @property
    def in_progress(self) -> bool:
        return self.pass_newest is not None

    def stored(self, code: str, taken_at: datetime) -> bool:
        """Whether the pass in progress already stored this post."""
        if code in self.done:
            return True
        return self.low is not None and self.high is not None and self.low < taken_at <= self.high

    def mark(self, code: str, taken_at: datetime, pinned: bool) -> None:
        self.pass_newest = taken_at if self.pass_newest is None else max(self.pass_newest, taken_at)
        if pinned or (self.high is not None and taken_at > self.high):
            # Outside the newest-first run of this pass: remember it by name.
            self.done[code] = taken_at
            return
        if self.high is None:
            self.high = taken_at
        if self.low is None or taken_at <= self.low:
            self.low = taken_at
            self.done[code] = taken_at
        self.done = {c: ts for c, ts in self.done.items() if not (self.low < ts <= self.high)}

    def pass_cursor(self) -> JSON:
        cursor: JSON = {}
        if self.newest is not None:
            cursor["newest_taken_at"] = _iso(self.newest)
        progress: JSON = {"done": {c: _iso(ts) for c, ts in sorted(self.done.items())}}
        for name, value in (("high", self.high), ("low", self.low), ("newest", self.pass_newest)):
            if value is not None:
                progress[name] = _iso(value)
        cursor["pass"] = progress
        return cursor

    def final_cursor(self) -> JSON:
        candidates = [t for t in (self.newest, self.pass_newest) if t is not None]
        return {"newest_taken_at": _iso(max(candidates))} if candidates else {}


# -- posts ----------------------------------------------------------------------------------------------------


def _taken_at(post: Post) -> datetime:
    return post.date_utc.replace(tzinfo=UTC)


def _is_pinned(post: Post) -> bool:
    """Pinned on its owner's grid; instaloader's `is_pinned` only knows the older GraphQL field."""
    node = post._node
    iphone = node.get("iphone_struct")
    if not isinstance(iphone, dict):
        iphone = {}
    return bool(
        post.is_pinned
        or node.get("timeline_pinned_user_ids")
        or iphone.get("timeline_pinned_user_ids")
        or iphone.get("clips_tab_pinned_user_ids")
    )


def _profile_summary(profile: Profile) -> JSON:
    node = profile._node
    return {
        "id": str(node.get("id") or node.get("pk") or "") or None,
        "username": node.get("username"),
        "full_name": node.get("full_name"),
    }


def _answer_dict(answer: Any, comment_id: Any) -> JSON:
    """instaloader hands answers over as `PostCommentAnswer` tuples; keep them as plain, storable dicts."""
    owner = answer.owner._node if answer.owner is not None else {}
    return {
        "id": str(answer.id),
        "created_at": int(answer.created_at_utc.replace(tzinfo=UTC).timestamp()),
        "text": answer.text,
        "owner": {
            "id": str(owner.get("id") or owner.get("pk") or "") or None,
            "username": owner.get("username"),
        },
        "edge_liked_by": {"count": answer.likes_count},
        "answer_to": str(comment_id),
    }


def _comments(post: Post) -> list[JSON]:
    found: list[JSON] = []
    for comment in post.get_comments():
        raw = dict(comment._node)
        raw["answers"] = [_answer_dict(answer, comment.id) for answer in comment.answers]
        found.append(raw)
    return found


def _page(
    source: SourceKey, post: Post, owner: JSON | None, pinned: bool, comments: bool, cursor: JSON
) -> RawPage:
    payload: JSON = {"post": post._node, "owner": owner, "pinned": pinned}
    comment_list = _comments(post) if comments else None
    if post._full_metadata_dict is not None:
        payload["post_metadata"] = post._full_metadata_dict
    payload["comments"] = comment_list
    read = 1 + sum(1 + len(c["answers"]) for c in comment_list or [])
    return RawPage(source, payload, cursor, posts_read=read)


def _collect_posts(
    source: SourceKey,
    posts: Iterator[Post],
    cursor: JSON,
    *,
    max_posts: int,
    comments: bool,
    comment_lookback: timedelta,
    now: datetime,
    owner: JSON | None,
) -> Iterator[RawPage]:
    state = _PassState.from_cursor(cursor)
    stop_at = None if state.newest is None else min(state.newest, now - comment_lookback)

    def wanted() -> Iterator[tuple[Post, datetime, bool]]:
        for post in posts:
            taken_at, pinned = _taken_at(post), _is_pinned(post)
            if stop_at is not None and taken_at <= stop_at:
                if pinned:
                    continue
                return
            if state.in_progress and state.stored(post.shortcode, taken_at):
                continue
            yield post, taken_at, pinned

    queue = wanted()
    current = next(queue, None)
    taken = 0
    while current is not None:
        post, taken_at, pinned = current
        taken += 1
        state.mark(post.shortcode, taken_at, pinned)
        following = next(queue, None)
        page_cursor = state.final_cursor() if following is None else state.pass_cursor()
        yield _page(source, post, owner, pinned, comments, page_cursor)
        if taken >= max_posts:
            return
        current = following
    if taken == 0 and state.in_progress:
        # The cut-short pass had stored everything that was left: close it without a post.
        yield RawPage(source, {"post": None, "pass_complete": True}, state.final_cursor(), posts_read=0)


def _require_login(loader: instaloader.Instaloader, comments: bool, what: str) -> None:
    if comments and not loader.context.is_logged_in:
        raise AuthFailed(
            f"{what}: Instagram shows comments only to a logged-in session; run praise instagram-login and set "
            "INSTAGRAM_USERNAME and INSTAGRAM_SESSIONFILE (or set instagram.comments = false)"
        )


def collect_profile(
    loader: instaloader.Instaloader,
    username: str,
    cursor: JSON,
    *,
    max_posts: int,
    comments: bool = True,
    report: SourceReport,
    sleep: Callable[[float], Any] = time.sleep,
    comment_lookback: timedelta = DEFAULT_COMMENT_LOOKBACK,
    now: Callable[[], datetime] = _utcnow,
) -> Iterator[RawPage]:
    """Yield a profile's posts newer than the cursor (and those of the last `comment_lookback`), one page each.

    Args:
        loader: From `make_loader`; logged in when `comments` is true.
        username: The profile, e.g. ``kater.joey.demo``.
        cursor: The source's stored cursor (``{}`` the first time).
        max_posts: Most posts this run yields; a longer pass continues on the next run.
        comments: Also read each post's comments and their answers.
        report: This run's report; rate-limit waits are counted into it.
        sleep: How to wait (tests pass one that does not).
        comment_lookback: Posts this young are reread for new comments even if older than the cursor.
        now: The current time, timezone-aware.

    Yields:
        One `RawPage` per post, whose ``cursor_after`` holds if the run dies right after storing it.

    Raises:
        RateLimited: HTTP 429, "Please wait a few minutes", or a wait longer than the loader allows.
        AuthFailed: A checkpoint, an expired or missing session.
        TransientError: 5xx, time-outs, dropped connections.
        CollectorError: The profile does not exist or is private.
    """
    what = f"Instagram profile {username}"
    source = SourceKey(Platform.INSTAGRAM, "profile", username)
    with _bound(loader, report, sleep), _translated(what):
        _require_login(loader, comments, what)
        profile = Profile.from_username(loader.context, username)
        yield from _collect_posts(
            source,
            profile.get_posts(),
            cursor,
            max_posts=max_posts,
            comments=comments,
            comment_lookback=comment_lookback,
            now=now(),
            owner=_profile_summary(profile),
        )


def collect_tagged(
    loader: instaloader.Instaloader,
    username: str,
    cursor: JSON,
    *,
    max_posts: int,
    comments: bool = True,
    report: SourceReport,
    sleep: Callable[[float], Any] = time.sleep,
    comment_lookback: timedelta = DEFAULT_COMMENT_LOOKBACK,
    now: Callable[[], datetime] = _utcnow,
) -> Iterator[RawPage]:
    """Yield the posts other accounts tagged `username` in, newest first; arguments as `collect_profile`.

    Raises:
        The errors of `collect_profile`.
    """
    what = f"Instagram posts tagged with {username}"
    source = SourceKey(Platform.INSTAGRAM, "tagged", username)
    with _bound(loader, report, sleep), _translated(what):
        _require_login(loader, comments, what)
        profile = Profile.from_username(loader.context, username)
        yield from _collect_posts(
            source,
            profile.get_tagged_posts(),
            cursor,
            max_posts=max_posts,
            comments=comments,
            comment_lookback=comment_lookback,
            now=now(),
            owner=None,
        )


def collect_hashtag(
    loader: instaloader.Instaloader,
    tag: str,
    cursor: JSON,
    *,
    max_posts: int,
    comments: bool = True,
    report: SourceReport,
    sleep: Callable[[float], Any] = time.sleep,
    comment_lookback: timedelta = DEFAULT_COMMENT_LOOKBACK,
    now: Callable[[], datetime] = _utcnow,
) -> Iterator[RawPage]:
    """Yield a hashtag's recent posts, best effort; arguments as `collect_profile` (`tag` without ``#``).

    Instagram often refuses hashtag reads (400, 401, 403, a login wall, an answer without data); such a
    refusal becomes a `CollectorError` for this source only, while 429 stays `RateLimited` and a checkpoint
    stays `AuthFailed`, since those concern the whole account.

    Raises:
        CollectorError: Instagram refused the hashtag.
        RateLimited, AuthFailed, TransientError: as in `collect_profile`.
    """
    tag = tag.lstrip("#").lower()
    what = f"Instagram hashtag #{tag}"
    source = SourceKey(Platform.INSTAGRAM, "hashtag", tag)
    with _bound(loader, report, sleep), _translated(what, refusal=True):
        _require_login(loader, comments, what)
        hashtag = Hashtag.from_name(loader.context, tag)
        yield from _collect_posts(
            source,
            hashtag.get_posts(),
            cursor,
            max_posts=max_posts,
            comments=comments,
            comment_lookback=comment_lookback,
            now=now(),
            owner=None,
        )


__all__ = [
    "CONNECTION_ATTEMPTS",
    "DEFAULT_COMMENT_LOOKBACK",
    "collect_hashtag",
    "collect_profile",
    "collect_tagged",
    "login_and_save",
    "make_loader",
    "translate_error",
]
