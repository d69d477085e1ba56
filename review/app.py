"""The FastAPI application: sessions, CSRF, security headers, error pages and the routes.

Pages are rendered on the server with Jinja2; the only script is `static/review.js` (copy buttons),
so the Content-Security-Policy allows scripts from this origin alone and no inline script at all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from kernel.errors import PraiseError
from review import digest_routes, login_routes, page_routes, products, queue_routes
from review.auth import LoginThrottle
from review.config import ReviewConfig
from review.csrf import CsrfRejected, csrf_guard
from review.sessions import COOKIE, Session, SessionCodec, session_secret
from review.web import NotSignedIn, Refused, Workspace, page, see_other
from storage.reviews import UnknownMention, WeekLocked, WeekNotReady

STATIC = Path(__file__).parent / "static"
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
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
) -> FastAPI:
    """Build the review workspace.

    Args:
        config: the `[review]` settings (users, roles, cookie policy, publish target).
        engine: the database, migrated.
        publish_settings: the `[publish]` settings (default: `PublishSettings()`, the folder target).
        own_handles: our own accounts; the digest never quotes them as praise.
        throttle: the failed-login limiter (tests pass one with a fake clock).

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
    request.state.session = loaded if loaded is not None else Session()
    response = await call_next(request)
    if request.state.session != loaded:
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
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _error_pages(app: FastAPI) -> None:
    def error(request: Request, status: int, key: str, **values: object) -> HTMLResponse:
        return page(request, "error.html.j2", status=status, key=key, values=values)

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
