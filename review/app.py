"""The FastAPI application: sessions, CSRF, security headers, error pages and the routes.

Pages are rendered on the server with Jinja2; the only script is `static/review.js` (copy buttons),
so the Content-Security-Policy allows scripts from this origin alone and no inline script at all.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from kernel.errors import PraiseError
from review import digest_routes, login_routes, page_routes, products, queue_routes
from review.auth import LoginThrottle
from review.config import ReviewConfig
from review.csrf import SAFE_METHODS, CsrfRejected, csrf_guard
from review.proxies import is_https
from review.sessions import COOKIE, Session, SessionCodec, fingerprint, session_secret
from review.web import NotSignedIn, Refused, Workspace, page, see_other
from storage.review_sessions import load_session
from storage.reviews import UnknownMention, WeekLocked, WeekNotReady

STATIC = Path(__file__).parent / "static"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; "
    "frame-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# A year, the usual minimum for HSTS preload lists; sent only on requests that came over HTTPS.
HSTS = "max-age=31536000"
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(
    config: ReviewConfig,
    engine: Engine,
    *,
    publish_settings: products.PublishSettings | None = None,
    own_handles: Iterable[str] = (),
    throttle: LoginThrottle | None = None,
    before_publish: Callable[[str, str], object] | None = None,
) -> FastAPI:
    """Build the review workspace.

    Args:
        config: the `[review]` settings (users, roles, cookie policy, publish target).
        engine: the database, migrated.
        publish_settings: the `[publish]` settings (default: `PublishSettings()`, the folder target).
        own_handles: our own accounts; the digest never quotes them as praise.
        throttle: the failed-login limiter (tests pass one with a fake clock).
        before_publish: called with (week, user) before each publication; its `PraiseError` refuses it.

    Returns:
        The ASGI application; serve it with uvicorn.
    """
    app = FastAPI(
        title="praise review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_guard)],
    )
    app.state.workspace = Workspace(
        config=config,
        engine=engine,
        publish_settings=publish_settings or products.PublishSettings(),
        own_handles=sorted({h.lower().lstrip("@") for h in own_handles}),
        codec=SessionCodec(session_secret(config), config.session_hours * 3600),
        throttle=throttle or LoginThrottle(config.login_attempts, config.login_window_minutes * 60),
        before_publish=before_publish,
    )
    app.middleware("http")(_sessions_and_headers)
    _error_pages(app)
    for module in (login_routes, queue_routes, digest_routes, page_routes):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


async def _sessions_and_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    ws: Workspace = request.app.state.workspace
    loaded = ws.codec.load(request.cookies.get(COOKIE))
    request.state.new_session = loaded is None
    request.state.csrf_ok = False
    request.state.session = await run_in_threadpool(_resolve, ws, loaded) if loaded is not None else Session()
    response = await call_next(request)
    # A state-changing request that failed the CSRF/Origin check never writes the cookie: a
    # cross-site form must not replace (and so sign out) the editor's session.
    may_write = request.method in SAFE_METHODS or request.state.csrf_ok
    if may_write and request.state.session != loaded:
        response.set_cookie(
            COOKIE,
            ws.codec.dump(request.state.session),
            max_age=ws.codec.max_age,
            path="/",
            secure=not ws.config.allow_insecure_http,
            httponly=True,
            samesite="strict",
        )
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if is_https(request, ws.config.trusted_proxies):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _resolve(ws: Workspace, cookie: Session) -> Session:
    """The cookie's session with its user, if the server-side session still lives and still matches."""
    if cookie.sid is None:
        return cookie
    stored = load_session(ws.engine, cookie.sid)
    entry = ws.config.users.get(stored.user_name) if stored is not None else None
    if stored is None or entry is None or stored.fingerprint != fingerprint(stored.user_name, entry):
        # Signed out, expired, or the role or password changed since: an anonymous session now.
        return Session(csrf=cookie.csrf, lang=cookie.lang)
    return Session(csrf=stored.csrf, user=stored.user_name, lang=cookie.lang, sid=cookie.sid)


WEEK_IN_PATH = re.compile(r"^/weeks/(\d{4}-W\d{2})/")


def _back_link(request: Request) -> str:
    """Where an error page leads back to: the page the user came from (this site only), else the
    week named in the path, else the start page (which lands on the week with open work)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc == request.headers.get("host") and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    match = WEEK_IN_PATH.match(request.url.path)
    return f"/weeks/{match.group(1)}/queue" if match else "/"


def _error_pages(app: FastAPI) -> None:
    def error(request: Request, status: int, key: str, **values: object) -> HTMLResponse:
        return page(
            request, "error.html.j2", status=status, key=key, values=values, back_link=_back_link(request)
        )

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, _exc: NotSignedIn) -> RedirectResponse:
        return see_other("/login")

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused) -> HTMLResponse:
        return error(request, exc.status, exc.key, **exc.values)

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, _exc: CsrfRejected) -> HTMLResponse:
        return error(request, 403, "csrf_failed")

    @app.exception_handler(WeekLocked)
    async def _locked(request: Request, exc: WeekLocked) -> HTMLResponse:
        return error(request, 409, "week_locked", week=exc.week)

    @app.exception_handler(WeekNotReady)
    async def _not_ready(request: Request, _exc: WeekNotReady) -> HTMLResponse:
        return error(request, 409, "needs_approval")

    @app.exception_handler(UnknownMention)
    async def _unknown(request: Request, _exc: UnknownMention) -> HTMLResponse:
        return error(request, 404, "not_found")

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> HTMLResponse:
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        return error(request, 400, "bad_input", detail=", ".join(fields))

    @app.exception_handler(404)
    async def _missing(request: Request, _exc: Exception) -> HTMLResponse:
        return error(request, 404, "not_found")

    @app.exception_handler(PraiseError)
    async def _praise_error(request: Request, exc: PraiseError) -> HTMLResponse:
        return error(request, 400, "bad_input", detail=str(exc))
