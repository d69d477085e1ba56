"""A small X API v2 double behind ``responses``: the real client and tweepy run, only the network is faked.

It serves the two endpoints the collector reads newest first, honours since_id/until_id/start_time,
max_results and tokens, refuses what X refuses (a since_id older than the search window, a max_results
out of range), can be told to fail, and counts how often each post was served, which is what X bills.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import responses
from requests import PreparedRequest

from collectors.x.ids import first_id_at, time_of_id

BASE_URL = "https://x-gateway.test"
ACCOUNT = {"id": "1600000000000000001", "username": "StadtIT_Demo", "name": "IT-Referat Beispielstadt"}
AUTHORS = [
    {"id": "1700000000000000101", "username": "lena_beispiel", "name": "Lena Beispiel"},
    {"id": "1700000000000000102", "username": "tom_aus_bsp", "name": "Tom K."},
]
SEARCH_WINDOW = timedelta(days=7)


@dataclass
class FakeXApi:
    now: datetime = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    posts: list[dict[str, Any]] = field(default_factory=list)
    served: Counter[str] = field(default_factory=Counter)
    requests: list[dict[str, list[str]]] = field(default_factory=list)
    # Answers to give before the next normal one: (status, headers, body), the body any JSON value.
    failures: list[tuple[int, dict[str, str], Any]] = field(default_factory=list)
    # Faults to inject once this many pages were served normally: {page number: (status, headers, body)}.
    faults_after: dict[int, tuple[int, dict[str, str], Any]] = field(default_factory=dict)
    pages_served: int = 0
    user_lookups: int = 0

    def add_post(self, at: datetime, text: str) -> str:
        """Add a post created at ``at`` and return its id (ids grow with time, like snowflakes)."""
        post_id = str(int(first_id_at(at)) + len(self.posts) % 4096)
        author = AUTHORS[len(self.posts) % len(AUTHORS)]
        self.posts.append(
            {
                "id": post_id,
                "text": text,
                "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "author_id": author["id"],
                "lang": "de",
            }
        )
        return post_id

    def add_posts(
        self, count: int, start: datetime, text: str, step: timedelta = timedelta(minutes=7)
    ) -> list[str]:
        return [self.add_post(start + i * step, f"{text} Nr. {i + 1}") for i in range(count)]

    def install(self, rsps: responses.RequestsMock) -> None:
        rsps.add_callback(
            responses.GET, re.compile(rf"{re.escape(BASE_URL)}/2/users/by/username/\w+"), self._user
        )
        rsps.add_callback(
            responses.GET, re.compile(rf"{re.escape(BASE_URL)}/2/users/\d+/mentions"), self._mentions
        )
        rsps.add_callback(
            responses.GET, re.compile(rf"{re.escape(BASE_URL)}/2/tweets/search/recent"), self._search
        )

    def _user(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        self.user_lookups += 1
        name = urlparse(str(request.url)).path.rsplit("/", 1)[-1]
        if name.lower() != ACCOUNT["username"].lower():
            body = {
                "errors": [
                    {"detail": f"Could not find user with username: [{name}].", "title": "Not Found Error"}
                ]
            }
            return 200, {}, json.dumps(body)
        return 200, {}, json.dumps({"data": {"id": ACCOUNT["id"], "username": ACCOUNT["username"]}})

    def _mentions(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        handle = "@" + ACCOUNT["username"].lower()
        return self._page(request, lambda post: handle in post["text"].lower(), "pagination_token", 5)

    def _search(self, request: PreparedRequest) -> tuple[int, dict[str, str], str]:
        params = parse_qs(urlparse(str(request.url)).query)
        term = params["query"][0].strip('"').lower()
        return self._page(request, lambda post: term in post["text"].lower(), "next_token", 10, search=True)

    def _page(
        self, request, matches, token_name, minimum, *, search=False
    ) -> tuple[int, dict[str, str], str]:
        params = parse_qs(urlparse(str(request.url)).query)
        self.requests.append(params)
        if self.pages_served in self.faults_after:
            self.failures.append(self.faults_after.pop(self.pages_served))
        if self.failures:
            status, headers, body = self.failures.pop(0)
            return status, headers, json.dumps(body)
        self.pages_served += 1
        size = int(params["max_results"][0])
        if not minimum <= size <= 100:
            return _bad_request("max_results", size)
        floor = self.now - SEARCH_WINDOW
        for bound in ("since_id", "until_id"):
            if search and bound in params and time_of_id(params[bound][0]) < floor:
                return _bad_request(bound, params[bound][0])
        start = datetime.fromisoformat(params["start_time"][0]) if "start_time" in params else None
        if search and start is not None and start < floor:
            return _bad_request("start_time", params["start_time"][0])
        found = sorted((p for p in self.posts if matches(p)), key=lambda p: int(p["id"]), reverse=True)
        if search:
            found = [p for p in found if datetime.fromisoformat(p["created_at"]) >= floor]
        if "since_id" in params:
            found = [p for p in found if int(p["id"]) > int(params["since_id"][0])]
        if "until_id" in params:
            found = [p for p in found if int(p["id"]) < int(params["until_id"][0])]
        if start is not None:
            found = [p for p in found if datetime.fromisoformat(p["created_at"]) >= start]
        if token_name in params:
            found = [p for p in found if int(p["id"]) < int(params[token_name][0].removeprefix("tok"))]
        page, rest = found[:size], found[size:]
        self.served.update(p["id"] for p in page)
        if not page:
            return 200, {}, json.dumps({"meta": {"result_count": 0}})
        meta: dict[str, Any] = {
            "result_count": len(page),
            "newest_id": page[0]["id"],
            "oldest_id": page[-1]["id"],
        }
        if rest:
            meta["next_token"] = "tok" + page[-1]["id"]
        authors = {p["author_id"] for p in page}
        body = {"data": page, "includes": {"users": [a for a in AUTHORS if a["id"] in authors]}, "meta": meta}
        return 200, {"x-rate-limit-remaining": "100"}, json.dumps(body)


def _bad_request(name: str, value: object) -> tuple[int, dict[str, str], str]:
    body = {
        "errors": [{"parameters": {name: [str(value)]}, "message": f"Invalid '{name}': '{value}'."}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
    }
    return 400, {}, json.dumps(body)
