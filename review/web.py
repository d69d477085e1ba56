"""What every page handler shares: the workspace, the signed-in user, rights, and page rendering."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import Engine
from starlette.datastructures import FormData

from kernel.errors import PraiseError
from kernel.weeks import Period, last_complete_week, parse_week
from review import products, strings
from review.auth import LoginThrottle, Right, User, header_user_name, listed_user
from review.config import ReviewConfig
from review.csrf import FIELD
from review.reasons import reason_text
from review.sessions import Session, SessionCodec
from review.weeks import newest_week

TEMPLATES = Path(__file__).parent / "templates"


class NotSignedIn(Exception):
    """Nobody is signed in: the page redirects to the login form."""


class Refused(Exception):
    """The request is not allowed or not possible; shown as an error page with this status."""

    def __init__(self, status: int, key: str, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values


@dataclass
class Workspace:
    """Everything the handlers need, built once by `create_app`."""

    config: ReviewConfig
    engine: Engine
    publish_settings: products.PublishSettings
    own_handles: list[str]
    codec: SessionCodec
    throttle: LoginThrottle
    # Runs before a publication with (week, actor): the command line passes the look-up that erases
    # digest candidates deleted on X, which the workspace itself cannot reach (it imports no collector).
    before_publish: Callable[[str, str], object] | None = None
    templates: Environment = field(default_factory=lambda: template_environment())


def template_environment() -> Environment:
    """Autoescaping environment; `html_finalize` (the digest's own) also defuses `{{ }}` in post text."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=products.html_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_link"] = products.safe_link
    return env


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


def session(request: Request) -> Session:
    current: Session = request.state.session
    return current


def set_session(request: Request, value: Session) -> None:
    request.state.session = value


def lang_of(request: Request) -> str:
    return session(request).lang or workspace(request).config.lang


def current_user(request: Request) -> User | None:
    """The trusted header's user (when configured and sent), else the session's user."""
    config = workspace(request).config
    from_header = header_user_name(config, request.headers)
    if from_header is not None:
        user = listed_user(config, from_header)
        if user is None:
            raise Refused(403, "header_user_unknown", name=from_header)
        return user
    return listed_user(config, session(request).user)


def require(request: Request, right: Right) -> User:
    """The signed-in user if they hold the right.

    Raises:
        NotSignedIn: nobody is signed in.
        Refused: 403, the user's role lacks the right.
    """
    user = current_user(request)
    if user is None:
        raise NotSignedIn()
    if not user.may(right):
        raise Refused(403, "forbidden")
    return user


def week_period(label: str) -> Period:
    try:
        return parse_week(label)
    except PraiseError:
        raise Refused(404, "not_found") from None


def default_week() -> Period:
    return last_complete_week(datetime.now(UTC))


async def form_of(request: Request) -> FormData:
    return await request.form()


def text_field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def choice(form: FormData, name: str, allowed: Iterable[str]) -> str:
    """A form value that must be one of `allowed`.

    Raises:
        Refused: 400 for anything else.
    """
    value = text_field(form, name)
    if value not in allowed:
        raise Refused(400, "bad_input", detail=name)
    return value


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with the layout's context: language, phrases, user, CSRF token, navigation."""
    lang = lang_of(request)
    ws = workspace(request)
    try:
        user = current_user(request)
    except Refused:
        user = None
    values: dict[str, Any] = {
        "lang": lang,
        "t": partial(strings.text, lang=lang),
        "user": user,
        "csrf_field": FIELD,
        "csrf_token": session(request).csrf,
        "path": request.url.path,
        # Pages without a week (leadership, errors) link to the newest week with posts, not the clock's.
        "nav_week": context.get("week") or newest_week(ws.engine).label,
        "moment": partial(products.moment, lang=lang),
        "percent": partial(products.percent, lang=lang, decimals=0),
        "reason": partial(reason_text, lang=lang),
        "Right": Right,
        "saved": 0,
        "msg": "",
        "msg_count": 0,
        "navigation": None,
        "picker_page": "queue",
        "back_link": "/",
        **context,
    }
    html = ws.templates.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status)
