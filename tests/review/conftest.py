"""Fixtures for the review workspace: users of each role, a filled week and a signed-in TestClient."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from review.app import create_app
from review.auth import LoginThrottle, hash_password
from review.config import ReviewConfig, review_config_from
from review.products import PublishSettings
from tests.review.world import OWN_HANDLES, demo_week, insert_posts

PASSWORDS = {"lea": "leitung-passwort", "ed": "redaktion-passwort", "pia": "freigabe-passwort"}
ROLES = {"lea": "viewer", "ed": "editor", "pia": "publisher"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def user_table() -> dict[str, dict[str, str]]:
    # argon2 is slow on purpose: hash once per session.
    return {name: {"role": ROLES[name], "password_hash": hash_password(pw)} for name, pw in PASSWORDS.items()}


@pytest.fixture
def review_config(user_table: dict[str, dict[str, str]]) -> ReviewConfig:
    return review_config_from(
        {"allow_insecure_http": True, "users": user_table, "secret": "test-secret-for-signing-sessions"}
    )


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    return insert_posts(engine, demo_week())


@pytest.fixture
def make_client(
    engine: Engine, review_config: ReviewConfig, tmp_path: Path
) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(
        config: ReviewConfig | None = None, throttle: LoginThrottle | None = None, **options: Any
    ) -> TestClient:
        app = create_app(
            config or review_config,
            engine,
            publish_settings=PublishSettings(folder=tmp_path / "published", attempts=1),
            own_handles=OWN_HANDLES,
            throttle=throttle,
        )
        client = TestClient(app, follow_redirects=False, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def csrf_token(client: TestClient, path: str = "/login") -> str:
    match = TOKEN.search(client.get(path, follow_redirects=True).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: TestClient, name: str) -> str:
    """Sign in; returns the session's CSRF token for the following POSTs."""
    response = client.post(
        "/login", data={"username": name, "password": PASSWORDS[name], "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 303, response.text
    return csrf_token(client, "/leadership")
