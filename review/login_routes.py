"""Signing in and out, and the language switch."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from review.auth import check_password
from review.config import Role
from review.proxies import client_address, is_https
from review.sessions import Session, fingerprint, new_token
from review.web import (
    current_user,
    page,
    see_other,
    session,
    set_session,
    workspace,
)
from review.weeks import landing_week
from storage.review_sessions import end_session, start_session

router = APIRouter()


def _client(request: Request) -> str:
    return client_address(request, workspace(request).config.trusted_proxies)


def _needs_https(request: Request) -> bool:
    # The browser would drop the Secure cookie on plain http: say so instead of failing silently.
    config = workspace(request).config
    return not is_https(request, config.trusted_proxies) and not config.allow_insecure_http


@router.get("/", response_class=RedirectResponse)
def home(request: Request) -> RedirectResponse:
    user = current_user(request)
    if user is None:
        return see_other("/login")
    if user.role == Role.VIEWER:
        return see_other("/leadership")
    ws = workspace(request)
    return see_other(f"/weeks/{landing_week(ws.engine, ws.own_handles)}/queue")


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html.j2", error=None, username="", needs_https=_needs_https(request))


@router.post("/login", response_class=HTMLResponse, response_model=None)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=128)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> HTMLResponse | RedirectResponse:
    ws = workspace(request)
    client = _client(request)
    name = username.strip()
    wait = ws.throttle.wait_seconds(client, name)
    if wait > 0:
        minutes = max(1, math.ceil(wait / 60))
        return page(
            request,
            "login.html.j2",
            status=429,
            error=("login_throttled", {"minutes": minutes}),
            username=name,
            needs_https=_needs_https(request),
        )
    user = check_password(ws.config, name, password)
    if user is None:
        ws.throttle.failed(client, name)
        return page(
            request,
            "login.html.j2",
            status=401,
            error=("login_failed", {}),
            username=name,
            needs_https=_needs_https(request),
        )
    ws.throttle.succeeded(client, name)
    fresh = session(request).signed_in(user.name, sid=new_token())
    entry = ws.config.users[user.name]
    assert fresh.sid is not None
    start_session(
        ws.engine,
        fresh.sid,
        user_name=user.name,
        fingerprint=fingerprint(user.name, entry),
        csrf=fresh.csrf,
        lifetime=timedelta(hours=ws.config.session_hours),
    )
    set_session(request, fresh)
    return see_other("/")


@router.post("/logout", response_class=RedirectResponse)
def logout(request: Request) -> RedirectResponse:
    sid = session(request).sid
    if sid is not None:
        end_session(workspace(request).engine, sid)
    set_session(request, Session(lang=session(request).lang))
    return see_other("/login")


@router.post("/language", response_class=RedirectResponse)
def language(
    request: Request,
    lang: Annotated[str, Form(pattern="^(de|en)$")],
    back: Annotated[str, Form(max_length=300)] = "/",
) -> RedirectResponse:
    set_session(request, session(request).with_lang(lang))
    # Only paths of this site: "//host" or "/\\host" would leave it.
    safe_back = back if back.startswith("/") and not back.startswith(("//", "/\\")) else "/"
    return see_other(safe_back)
