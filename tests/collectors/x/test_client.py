from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
import requests
import responses

from collectors.x import build_x_client
from kernel.errors import AuthFailed, RateLimited, TransientError

TOKEN = "AAAA-demo-secret-token"
GATEWAY = "http://127.0.0.1:8099/x-proxy/"
SEARCH_URL = "http://127.0.0.1:8099/x-proxy/2/tweets/search/recent"


@pytest.fixture
def rsps():
    with responses.RequestsMock() as mock:
        yield mock


def test_base_url_timeout_and_bearer_token_are_used(rsps):
    rsps.get(SEARCH_URL, json={"meta": {"result_count": 0}})
    client = build_x_client(TOKEN, base_url=GATEWAY, timeout=7)
    assert client.search_recent_tweets("#DankeStadtIT", max_results=10) == {"meta": {"result_count": 0}}
    sent = rsps.calls[0].request
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.req_kwargs["timeout"] == 7
    assert "query=%23DankeStadtIT" in sent.url


def test_default_host_is_the_x_api(rsps):
    rsps.get("https://api.x.com/2/users/by/username/StadtIT_Demo", json={"data": {"id": "1"}})
    assert build_x_client(TOKEN).get_user(username="StadtIT_Demo") == {"data": {"id": "1"}}


def test_token_never_appears_in_logs_or_repr(rsps, caplog):
    rsps.get(SEARCH_URL, status=401, json={"title": "Unauthorized", "detail": "Unauthorized"})
    client = build_x_client(TOKEN, base_url=GATEWAY)
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthFailed) as caught:
        client.search_recent_tweets("#DankeStadtIT")
    assert "X API request" in caplog.text
    assert TOKEN not in caplog.text
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(client)


def test_missing_token_is_an_auth_failure():
    with pytest.raises(AuthFailed, match="X_BEARER_TOKEN"):
        build_x_client("")


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (requests.Timeout("slow"), "did not answer within 30 s"),
        (requests.ConnectionError("down"), "unreachable"),
    ],
)
def test_network_failures_are_transient(rsps, failure, message):
    rsps.get(SEARCH_URL, body=failure)
    with pytest.raises(TransientError, match=message):
        build_x_client(TOKEN, base_url=GATEWAY).search_recent_tweets("#DankeStadtIT")


def test_html_error_page_with_status_200_is_transient(rsps):
    rsps.get(SEARCH_URL, body="<html>Gateway says hi</html>", content_type="text/html")
    with pytest.raises(TransientError, match="not JSON"):
        build_x_client(TOKEN, base_url=GATEWAY).search_recent_tweets("#DankeStadtIT")


def test_rate_limit_carries_the_reset_time(rsps):
    rsps.get(
        SEARCH_URL,
        status=429,
        headers={"x-rate-limit-reset": "1795330800"},
        json={"title": "Too Many Requests"},
    )
    with pytest.raises(RateLimited) as caught:
        build_x_client(TOKEN, base_url=GATEWAY).search_recent_tweets("#DankeStadtIT")
    assert caught.value.retry_after == datetime.fromtimestamp(1795330800, tz=UTC)


def test_user_context_calls_are_refused_without_a_request(rsps):
    with pytest.raises(AuthFailed, match="bearer token only"):
        build_x_client(TOKEN, base_url=GATEWAY).get_me()
    assert len(rsps.calls) == 0
