"""A fake Instagram on the loopback interface, so that the real instaloader code paths run in tests and the demo.

`FakeInstagram` serves, from a corpus (by default the fictional demo corpus in
``praise/demo_data/instagram/corpus.json``), the requests that instaloader 4.16 makes for a profile's posts,
their comments and comment answers, the posts a profile is tagged in, and a hashtag's recent posts: the HTML
pages with embedded query data, the ``graphql/query`` and ``api/graphql`` queries (by ``doc_id`` or
``query_hash``) and the iPhone API on ``i.instagram.com``. It answers them in the shapes that instaloader
parses, counts what it served, and can inject faults (`FakeInstagram.fail_next`).

instaloader talks to ``https://www.instagram.com`` and ``https://i.instagram.com``; `FakeInstagram.session`
returns a `requests.Session` whose transport adapter sends those requests to the loopback server instead.
Pass it to `collectors.instagram.collect.make_loader(..., session=...)`, which mounts its adapters on every session
instaloader opens.

Logged-in endpoints accept only the session id this fake hands out in `FakeInstagram.write_sessionfile`; other
requests to them are redirected to the login page, as Instagram does.
"""

from __future__ import annotations

import json
import pickle
import re
import threading
import urllib.parse
from base64 import b64decode
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import requests

from collectors.instagram.routing import HOST_HEADER, HOSTS, RerouteAdapter

JSON = dict[str, Any]
CORPUS_PATH = Path(__file__).resolve().parent.parent / "demo_data" / "instagram" / "corpus.json"

# The doc_ids and query hashes instaloader 4.16 sends (see instaloader/structures.py).
DOC_PROFILE_BY_ID = "27937681195819736"
DOC_TIMELINE = "29104886249145907"
DOC_TIMELINE_LOGGED_OUT = "28904005159232689"
DOC_MEDIA_INFO = "27128499623469141"
HASH_COMMENTS = "97b41c52301f77ce508f55e66d17620e"
HASH_ANSWERS = "51fdd02b67508306ad4484ff574a0b62"
HASH_TAGGED = "e31a871f7301132ceaab56507a66bbb7"
HASH_OWN_PROFILE = "d6f4427fbe92d846298cf93df0b937d3"

# Instagram embeds at most this many answers in a comment node; instaloader queries the rest.
EMBEDDED_ANSWERS = 3
# The iPhone comment endpoint shows this many answers as a preview.
PREVIEW_ANSWERS = 2
TYPENAMES = {1: "GraphImage", 2: "GraphVideo", 8: "GraphSidecar"}


def load_demo_corpus(path: Path = CORPUS_PATH) -> JSON:
    """Read the fictional demo corpus (written by ``praise/demo_data/instagram/generate_corpus.py``)."""
    corpus: JSON = json.loads(path.read_text(encoding="utf-8"))
    return corpus


@dataclass
class _Fault:
    status: int
    body: Any
    times: int
    match: str | None
    headers: dict[str, str]


# The adapter lives with the collector (production reroutes through it); the fake only answers it.
LoopbackAdapter = RerouteAdapter


class FakeInstagram:
    """A loopback HTTP server that answers instaloader's Instagram requests from a corpus.

    Use it as a context manager; the server runs in a background thread on ``127.0.0.1`` and a free port.

    Args:
        corpus: The corpus (see `load_demo_corpus`); the fictional demo corpus when omitted.
        page_size: Most posts or comments per page, to exercise pagination with a small corpus.
    """

    def __init__(self, corpus: JSON | None = None, *, page_size: int = 12) -> None:
        self.corpus: JSON = corpus if corpus is not None else load_demo_corpus()
        self.page_size = page_size
        self.sessionid = "fake-instagram-session-0001"
        self.viewer = {"pk": "62000000001", "username": "it.referat.demo"}
        self.served: Counter[str] = Counter()
        self.faults_served: Counter[int] = Counter()
        self.requests_log: list[tuple[str, str, str]] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------------------

    def __enter__(self) -> FakeInstagram:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the server thread (idempotent)."""
        if self._server is not None:
            return
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval keeps stop() quick; the default (0.5 s) would dominate a test's run time.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="fake-instagram",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the server and wait for its thread."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None
        self._thread = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeInstagram is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def session(self) -> requests.Session:
        """A session whose adapter routes www.instagram.com and i.instagram.com to this fake."""
        session = requests.Session()
        adapter = LoopbackAdapter(self.base_url)
        for host in HOSTS:
            session.mount(f"https://{host}/", adapter)
        return session

    def write_sessionfile(self, path: Path, username: str | None = None) -> Path:
        """Write a session file as ``instaloader --login`` does (a pickled cookie dict) for this fake's session."""
        cookies = {
            "sessionid": self.sessionid,
            "csrftoken": "fakecsrf0001",
            "ds_user_id": self.viewer["pk"],
            "mid": "fake-mid",
            "ig_did": "FAKE-DEVICE-0001",
        }
        if username is not None:
            self.viewer["username"] = username
        path.write_bytes(pickle.dumps(cookies))
        return path

    # -- test controls ----------------------------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        body: Any = None,
        *,
        times: int = 1,
        match: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next `times` requests (whose ``host/path?query`` contains `match`, if given) with an error.

        Args:
            status: HTTP status, e.g. 429, 401, 400, 500.
            body: A dict (sent as JSON) or a string; a plausible Instagram body for the status when omitted.
            times: How many requests get this answer.
            match: Only requests whose ``host/path?query`` contains this text.
            headers: Extra response headers.
        """
        if body is None:
            body = {"message": _default_message(status), "status": "fail"}
        with self._lock:
            self._faults.append(_Fault(status, body, times, match, dict(headers or {})))

    def publish(self, post: JSON) -> None:
        """Add a post (in corpus form) as if it had just been posted."""
        with self._lock:
            self.corpus["posts"].append(post)

    def post(self, code: str) -> JSON:
        """The corpus post with this shortcode."""
        return next(p for p in self.corpus["posts"] if p["code"] == code)

    def profile_posts(self, username: str) -> list[JSON]:
        """A profile's posts in the order Instagram shows them: pinned first, then newest first."""
        own = [p for p in self.corpus["posts"] if p["owner"] == username]
        return sorted(own, key=lambda p: (not p.get("pinned"), -p["taken_at"]))

    def tagged_posts(self, username: str) -> list[JSON]:
        tagged = [p for p in self.corpus["posts"] if username in p.get("usertags", [])]
        return sorted(tagged, key=lambda p: -p["taken_at"])

    def hashtag_posts(self, tag: str) -> list[JSON]:
        tag = tag.lower()
        found = [
            p
            for p in self.corpus["posts"]
            if tag in (t.lower() for t in re.findall(r"#(\w+)", p.get("caption") or ""))
        ]
        return sorted(found, key=lambda p: -p["taken_at"])

    # -- request handling -------------------------------------------------------------------------------------

    def _take_fault(self, target: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.match is None or fault.match in target:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    self.faults_served[fault.status] += 1
                    return fault
        return None

    def _count(self, route: str) -> None:
        with self._lock:
            self.served[route] += 1

    def _user(self, username: str) -> JSON | None:
        return next((u for u in self.corpus["users"] if u["username"] == username), None)

    def _user_by_pk(self, pk: str) -> JSON | None:
        return next((u for u in self.corpus["users"] if str(u["pk"]) == str(pk)), None)

    def _post_by_pk(self, pk: str) -> JSON | None:
        return next((p for p in self.corpus["posts"] if str(p["pk"]) == str(pk)), None)

    def _small_user(self, username: str) -> JSON:
        user = self._user(username) or {"pk": "0", "username": username, "full_name": ""}
        return {
            "pk": str(user["pk"]),
            "id": str(user["pk"]),
            "username": user["username"],
            "full_name": user.get("full_name", ""),
            "is_private": False,
            "is_verified": bool(user.get("is_verified")),
            "profile_pic_url": f"https://scontent.example.invalid/v/demo/avatar/{user['pk']}.jpg",
        }

    def _profile_node(self, username: str) -> JSON:
        user = self._small_user(username)
        profile = (
            self.corpus.get("profile", {})
            if username == self.corpus.get("profile", {}).get("username")
            else {}
        )
        count = len(self.profile_posts(username))
        return {
            **user,
            "biography": profile.get("biography", ""),
            "follower_count": profile.get("follower_count", 0),
            "following_count": profile.get("following_count", 0),
            "media_count": count,
            "is_business": False,
            "category": None,
            "external_url": None,
            "friendship_status": {"following": False, "followed_by": False, "blocking": False},
        }

    def media(self, post: JSON) -> JSON:
        """A post as the iPhone API and the web app's timeline query give it."""
        owner = self._small_user(post["owner"])
        comments = post.get("comments", [])
        item: JSON = {
            "pk": str(post["pk"]),
            "id": f"{post['pk']}_{owner['pk']}",
            "code": post["code"],
            "taken_at": post["taken_at"],
            "media_type": post["media_type"],
            "product_type": {1: "feed", 2: "clips", 8: "carousel_container"}[post["media_type"]],
            "caption": None
            if post.get("caption") is None
            else {"pk": f"{post['pk']}9", "text": post["caption"], "created_at": post["taken_at"]},
            "comment_count": len(comments) + sum(len(c.get("answers", [])) for c in comments),
            "has_liked": False,
            "user": owner,
            "image_versions2": {"candidates": [{"url": post["image_url"], "width": 1080, "height": 1080}]},
            "timeline_pinned_user_ids": [int(owner["pk"])] if post.get("pinned") else [],
            "usertags": {
                "in": [
                    {"user": self._small_user(u), "position": [0.5, 0.5]} for u in post.get("usertags", [])
                ]
            },
            "accessibility_caption": None,
        }
        if post.get("like_count") is not None:
            item["like_count"] = post["like_count"]
        if post["media_type"] == 2:
            item["video_versions"] = [{"type": 101, "url": post["video_url"], "width": 720, "height": 1280}]
            item["video_duration"] = post.get("video_duration")
            item["view_count"] = post.get("view_count")
            item["play_count"] = post.get("view_count")
        if post["media_type"] == 8:
            item["carousel_media_count"] = len(post["children"])
            item["carousel_media"] = [self._carousel_item(post, n, c) for n, c in enumerate(post["children"])]
        return item

    @staticmethod
    def _carousel_item(post: JSON, n: int, child: JSON) -> JSON:
        item: JSON = {
            "pk": f"{post['pk']}{n + 1}",
            "media_type": child["media_type"],
            "image_versions2": {"candidates": [{"url": child["image_url"], "width": 1080, "height": 1080}]},
        }
        if child.get("video_url"):
            item["video_versions"] = [{"type": 101, "url": child["video_url"], "width": 720, "height": 1280}]
        return item

    def graph_node(self, post: JSON) -> JSON:
        """A post as Instagram's older GraphQL queries (tagged posts) give it."""
        owner = self._small_user(post["owner"])
        comments = post.get("comments", [])
        caption = post.get("caption")
        node: JSON = {
            "__typename": TYPENAMES[post["media_type"]],
            "id": str(post["pk"]),
            "shortcode": post["code"],
            "taken_at_timestamp": post["taken_at"],
            "edge_media_to_caption": {"edges": [] if caption is None else [{"node": {"text": caption}}]},
            "owner": {"id": owner["pk"], "username": owner["username"]},
            "display_url": post["image_url"],
            "thumbnail_src": post["image_url"],
            "is_video": post["media_type"] == 2,
            "edge_media_to_comment": {
                "count": len(comments) + sum(len(c.get("answers", [])) for c in comments)
            },
            "comments_disabled": False,
            "accessibility_caption": None,
        }
        if post.get("like_count") is not None:
            node["edge_liked_by"] = {"count": post["like_count"]}
            node["edge_media_preview_like"] = {"count": post["like_count"]}
        if post["media_type"] == 2:
            node["video_url"] = post["video_url"]
            node["video_view_count"] = post.get("view_count")
        if post["media_type"] == 8:
            node["edge_sidecar_to_children"] = {
                "edges": [
                    {
                        "node": {
                            "__typename": TYPENAMES[c["media_type"]],
                            "id": f"{post['pk']}{n + 1}",
                            "display_url": c["image_url"],
                            "is_video": c["media_type"] == 2,
                            **({"video_url": c["video_url"]} if c.get("video_url") else {}),
                        }
                    }
                    for n, c in enumerate(post["children"])
                ]
            }
        return node

    def _graph_comment(self, comment: JSON, *, with_answers: bool) -> JSON:
        user = self._small_user(comment["user"])
        node: JSON = {
            "id": str(comment["pk"]),
            "text": comment["text"],
            "created_at": comment["created_at"],
            "did_report_as_spam": False,
            "owner": {
                "id": user["pk"],
                "is_verified": user["is_verified"],
                "profile_pic_url": user["profile_pic_url"],
                "username": user["username"],
            },
            "viewer_has_liked": False,
            "edge_liked_by": {"count": comment.get("like_count", 0)},
            "is_restricted_pending": False,
        }
        if with_answers:
            answers = comment.get("answers", [])
            node["edge_threaded_comments"] = {
                "count": len(answers),
                "page_info": {
                    "has_next_page": len(answers) > EMBEDDED_ANSWERS,
                    "end_cursor": "a:3" if len(answers) > EMBEDDED_ANSWERS else None,
                },
                "edges": [
                    {"node": self._graph_comment(a, with_answers=False)} for a in answers[:EMBEDDED_ANSWERS]
                ],
            }
        return node

    def _iphone_comment(self, comment: JSON, parent: JSON | None = None) -> JSON:
        user = self._small_user(comment["user"])
        node: JSON = {
            "pk": str(comment["pk"]),
            "user_id": user["pk"],
            "text": comment["text"],
            "type": 2 if parent else 0,
            "created_at": comment["created_at"],
            "created_at_utc": comment["created_at"],
            "content_type": "comment",
            "status": "Active",
            "bit_flags": 0,
            "user": user,
            "comment_like_count": comment.get("like_count", 0),
            "has_liked_comment": False,
        }
        if parent is not None:
            node["parent_comment_id"] = str(parent["pk"])
        else:
            answers = comment.get("answers", [])
            node["child_comment_count"] = len(answers)
            node["preview_child_comments"] = [
                self._iphone_comment(a, comment) for a in answers[:PREVIEW_ANSWERS]
            ]
        return node

    @staticmethod
    def _page(items: list[Any], after: str | None, size: int) -> tuple[list[Any], str | None]:
        start = int(after.split(":", 1)[1]) if after and ":" in after else 0
        chunk = items[start : start + size]
        end = start + len(chunk)
        return chunk, (f"c:{end}" if end < len(items) else None)

    def _logged_in(self, headers: dict[str, str]) -> bool:
        cookies = headers.get("cookie", "")
        if f"sessionid={self.sessionid}" in cookies:
            return True
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer IGT:2:"):
            try:
                token = json.loads(b64decode(auth.removeprefix("Bearer IGT:2:")))
            except ValueError:
                return False
            return bool(token.get("sessionid") == self.sessionid)
        return False

    def handle(self, method: str, host: str, path: str, params: JSON, headers: dict[str, str]) -> _Answer:
        """Route one request; returns the answer (status, body, headers)."""
        logged_in = self._logged_in(headers)
        if host == "i.instagram.com":
            return self._handle_iphone(path, params, logged_in)
        if path == "/" and method == "GET":
            self._count("start_page")
            return self._start_page(logged_in)
        if path in ("/graphql/query", "/graphql/query/", "/api/graphql", "/api/graphql/"):
            return self._handle_graphql(path, params, logged_in)
        match = re.fullmatch(r"/explore/tags/([^/]+)/", path)
        if match:
            self._count("hashtag_more")
            return _json(
                200, {"data": {"recent": self._hashtag_recent(match.group(1), params.get("max_id"))}}
            )
        if path == "/api/v1/users/web_profile_info/":
            self._count("web_profile_info")
            if self._user(params.get("username", "")) is None:
                return _json(404, {"message": "User not found", "status": "fail"})
            return _json(200, {"data": {"user": self._graph_profile(params["username"])}, "status": "ok"})
        match = re.fullmatch(r"/([A-Za-z0-9._]+)/", path)
        if match and method == "GET":
            self._count("profile_page")
            return self._profile_page(match.group(1))
        return _json(404, {"message": f"no route for {method} {path}", "status": "fail"})

    def _start_page(self, logged_in: bool) -> _Answer:
        tokens = (
            '"LSD",[],{"token":"fakelsd0001"},'
            + '"IG_USER_EIMU":"'
            + ("17841400000000001" if logged_in else "0")
            + '"'
        )
        if logged_in:
            tokens += ',"DTSGInitialData",[],{"token":"fakedtsg0001"}'
        html = (
            f"<!DOCTYPE html><html><head><script>requireLazy([{tokens}])</script></head><body></body></html>"
        )
        return _Answer(
            200, html.encode(), {"Content-Type": "text/html", "Set-Cookie": "csrftoken=fakecsrf0001; Path=/"}
        )

    def _profile_page(self, username: str) -> _Answer:
        if self._user(username) is None:
            return _Answer(404, b"<html><body>Sorry, this page isn't available.</body></html>", {})
        node = self._profile_node(username)
        posts = self.profile_posts(username)
        chunk, end = self._page(posts, None, self.page_size)
        details = {"xig_user_by_username": {**node, "id": f"page-{node['pk']}"}}
        timeline = {
            "xig_user_by_username": {
                "id": f"page-{node['pk']}",
                "pk": node["pk"],
                "username": username,
                "polaris_ordered_timeline_connection": {
                    "edges": [{"node": {"code": p["code"], "pk": str(p["pk"])}} for p in chunk],
                    "page_info": {"has_next_page": end is not None, "end_cursor": end},
                },
            }
        }
        scripts = "".join(
            '<script type="application/json" data-sjs>'
            + json.dumps(
                {
                    "require": [
                        ["RelayPrefetchedStreamCache", "next", [], [{"__bbox": {"result": {"data": d}}}]]
                    ]
                }
            )
            + "</script>"
            for d in (details, timeline)
        )
        return _Answer(
            200, f"<html><head>{scripts}</head><body></body></html>".encode(), {"Content-Type": "text/html"}
        )

    def _graph_profile(self, username: str) -> JSON:
        node = self._profile_node(username)
        return {
            **node,
            "edge_followed_by": {"count": node["follower_count"]},
            "edge_follow": {"count": node["following_count"]},
            "edge_owner_to_timeline_media": {"count": node["media_count"]},
        }

    def _handle_graphql(self, path: str, params: JSON, logged_in: bool) -> _Answer:
        web_api = path.startswith("/api/graphql")
        try:
            variables = json.loads(params.get("variables", "{}"))
        except ValueError:
            return _json(400, {"message": "invalid variables", "status": "fail"})
        doc_id = params.get("doc_id")
        query_hash = params.get("query_hash")
        status = {} if web_api else {"status": "ok"}
        needs_login = {
            DOC_PROFILE_BY_ID,
            DOC_TIMELINE,
            HASH_COMMENTS,
            HASH_ANSWERS,
            HASH_TAGGED,
            HASH_OWN_PROFILE,
        }
        # Profile.from_id asks anonymously through the web app's endpoint; everything else needs a login.
        anonymous_lookup = doc_id == DOC_PROFILE_BY_ID and web_api
        if (doc_id in needs_login or query_hash in needs_login) and not logged_in and not anonymous_lookup:
            return _login_redirect()
        if doc_id == DOC_PROFILE_BY_ID:
            self._count("profile_by_id")
            user = self._user_by_pk(variables.get("id", ""))
            return _json(
                200, {"data": {"user": self._profile_node(user["username"]) if user else None}, **status}
            )
        if doc_id == DOC_TIMELINE:
            self._count("timeline")
            posts = self.profile_posts(variables.get("username", ""))
            chunk, end = self._page(
                posts, variables.get("after"), min(self.page_size, variables.get("first", 12))
            )
            connection: JSON = {
                "edges": [{"node": self.media(p), "cursor": p["pk"]} for p in chunk],
                "page_info": {"has_next_page": end is not None, "end_cursor": end},
            }
            return _json(
                200, {"data": {"xdt_api__v1__feed__user_timeline_graphql_connection": connection}, **status}
            )
        if doc_id == DOC_TIMELINE_LOGGED_OUT:
            self._count("timeline_logged_out")
            pk = str(variables.get("id", "")).removeprefix("page-")
            user = self._user_by_pk(pk)
            posts = self.profile_posts(user["username"]) if user else []
            chunk, end = self._page(posts, variables.get("after"), self.page_size)
            connection = {
                "edges": [{"node": {"code": p["code"], "pk": str(p["pk"])}} for p in chunk],
                "page_info": {"has_next_page": end is not None, "end_cursor": end},
            }
            return _json(
                200, {"data": {"node": {"polaris_ordered_timeline_connection": connection}}, **status}
            )
        if doc_id == DOC_MEDIA_INFO:
            self._count("media_info")
            post = next((p for p in self.corpus["posts"] if p["code"] == variables.get("shortcode")), None)
            items = [self.media(post)] if post else []
            return _json(
                200, {"data": {"xdt_api__v1__media__shortcode__web_info": {"items": items}}, **status}
            )
        if query_hash == HASH_COMMENTS:
            self._count("comments")
            post = next((p for p in self.corpus["posts"] if p["code"] == variables.get("shortcode")), None)
            comments = post.get("comments", []) if post else []
            chunk, end = self._page(
                comments, variables.get("after"), min(self.page_size, variables.get("first", 12))
            )
            total = len(comments) + sum(len(c.get("answers", [])) for c in comments)
            connection = {
                "count": total,
                "page_info": {"has_next_page": end is not None, "end_cursor": end},
                "edges": [{"node": self._graph_comment(c, with_answers=True)} for c in chunk],
            }
            return _json(
                200, {"data": {"shortcode_media": {"edge_media_to_parent_comment": connection}}, **status}
            )
        if query_hash == HASH_ANSWERS:
            self._count("answers")
            comment = self._comment(str(variables.get("comment_id", "")))
            answers = comment.get("answers", []) if comment else []
            chunk, end = self._page(
                answers, variables.get("after"), min(self.page_size, variables.get("first", 12))
            )
            connection = {
                "count": len(answers),
                "page_info": {"has_next_page": end is not None, "end_cursor": end},
                "edges": [{"node": self._graph_comment(a, with_answers=False)} for a in chunk],
            }
            return _json(200, {"data": {"comment": {"edge_threaded_comments": connection}}, **status})
        if query_hash == HASH_TAGGED:
            self._count("tagged")
            user = self._user_by_pk(str(variables.get("id", "")))
            posts = self.tagged_posts(user["username"]) if user else []
            chunk, end = self._page(
                posts, variables.get("after"), min(self.page_size, variables.get("first", 12))
            )
            connection = {
                "count": len(posts),
                "page_info": {"has_next_page": end is not None, "end_cursor": end},
                "edges": [{"node": self.graph_node(p)} for p in chunk],
            }
            return _json(200, {"data": {"user": {"edge_user_to_photos_of_you": connection}}, **status})
        if query_hash == HASH_OWN_PROFILE:
            self._count("own_profile")
            return _json(200, {"data": {"user": {"username": self.viewer["username"]}}, **status})
        return _json(400, {"message": f"unknown query {doc_id or query_hash}", "status": "fail"})

    def _comment(self, pk: str) -> JSON | None:
        for post in self.corpus["posts"]:
            for comment in post.get("comments", []):
                if str(comment["pk"]) == pk:
                    return dict(comment)
        return None

    def _hashtag_recent(self, tag: str, max_id: str | None) -> JSON:
        posts = self.hashtag_posts(tag)
        chunk, end = self._page(posts, max_id, self.page_size)
        # The sections layout groups medias in rows of three.
        rows = [chunk[i : i + 3] for i in range(0, len(chunk), 3)]
        return {
            "sections": [
                {
                    "layout_type": "media_grid",
                    "layout_content": {"medias": [{"media": self.media(p)} for p in row]},
                }
                for row in rows
            ],
            "more_available": end is not None,
            "next_max_id": end,
        }

    def _handle_iphone(self, path: str, params: JSON, logged_in: bool) -> _Answer:
        if path == "/api/v1/tags/web_info/":
            self._count("hashtag")
            tag = params.get("tag_name", "")
            return _json(
                200,
                {
                    "data": {
                        "id": "17843000000000001",
                        "name": tag,
                        "media_count": len(self.hashtag_posts(tag)),
                        "profile_pic_url": "https://scontent.example.invalid/v/demo/tag.jpg",
                        "recent": self._hashtag_recent(tag, None),
                    },
                    "status": "ok",
                },
            )
        if not logged_in:
            return _login_redirect()
        match = re.fullmatch(r"/api/v1/media/(\d+)/comments/", path)
        if match:
            self._count("iphone_comments")
            post = self._post_by_pk(match.group(1))
            comments = post.get("comments", []) if post else []
            chunk, end = self._page(comments, params.get("min_id"), self.page_size)
            body: JSON = {"comments": [self._iphone_comment(c) for c in chunk], "status": "ok"}
            if end is not None:
                body["next_min_id"] = end
            return _json(200, body)
        match = re.fullmatch(r"/api/v1/media/(\d+)/comments/(\d+)/child_comments/", path)
        if match:
            self._count("iphone_child_comments")
            comment = self._comment(match.group(2)) or {"answers": []}
            children = [self._iphone_comment(a, comment) for a in comment.get("answers", [])]
            return _json(
                200, {"child_comments": children, "has_more_head_child_comments": False, "status": "ok"}
            )
        match = re.fullmatch(r"/api/v1/media/(\d+)/info/", path)
        if match:
            self._count("iphone_media_info")
            post = self._post_by_pk(match.group(1))
            return _json(200, {"items": [self.media(post)] if post else [], "status": "ok"})
        return _json(404, {"message": f"no route for {path}", "status": "fail"})


@dataclass
class _Answer:
    status: int
    body: bytes
    headers: dict[str, str]


def _json(status: int, body: Any) -> _Answer:
    return _Answer(status, json.dumps(body).encode(), {"Content-Type": "application/json; charset=utf-8"})


def _login_redirect() -> _Answer:
    return _Answer(302, b"", {"Location": "https://www.instagram.com/accounts/login/?next=%2F"})


def _default_message(status: int) -> str:
    return {
        401: "Please wait a few minutes before you try again.",
        429: "Please wait a few minutes before you try again.",
        400: "checkpoint_required",
    }.get(status, "Oops, an error occurred.")


class _Handler(BaseHTTPRequestHandler):
    owner: FakeInstagram
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests and the demo read the fake's counters instead."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def _serve(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            raw = self.rfile.read(length).decode("utf-8", "replace")
            params.update(urllib.parse.parse_qsl(raw, keep_blank_values=True))
        host = self.headers.get(HOST_HEADER, "www.instagram.com")
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.owner._lock:
            self.owner.requests_log.append((method, host, parts.path))
        fault = self.owner._take_fault(f"{host}{self.path}")
        if fault is not None:
            body = fault.body if isinstance(fault.body, str) else json.dumps(fault.body)
            content_type = "text/html" if isinstance(fault.body, str) else "application/json; charset=utf-8"
            answer = _Answer(fault.status, body.encode(), {"Content-Type": content_type, **fault.headers})
        else:
            answer = self.owner.handle(method, host, parts.path, params, headers)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(answer.body)
