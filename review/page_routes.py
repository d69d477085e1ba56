"""The editors' highlights and the leadership's sentiment report."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kernel.errors import PraiseError
from kernel.weeks import BERLIN, Period
from review import products, strings
from review.auth import Right
from review.web import Refused, default_week, lang_of, page, require, see_other, week_period, workspace
from review.weeks import recent_weeks, week_navigation
from storage import reviews

router = APIRouter()
First = Annotated[str, Query(alias="from", max_length=10)]
Last = Annotated[str, Query(alias="to", max_length=10)]


def snippet(item: products.Highlight, lang: str) -> str:
    """A ready-to-paste quote for the intranet: the text, who wrote it where, and the link."""
    platform = products.platform_label(item.platform, lang)
    handle = f"@{item.author_handle}" if item.author_handle else strings.text("unknown_author", lang)
    source = strings.text("snippet_source", lang, handle=handle, platform=platform)
    quote = f"„{item.text.strip()}“" if lang == "de" else f"“{item.text.strip()}”"
    return "\n".join(part for part in (quote, f"– {source}", item.url or "") if part)


@router.get("/highlights", response_class=RedirectResponse)
def pick_week(request: Request, week: str = "") -> RedirectResponse:
    require(request, Right.READ)
    return see_other(f"/weeks/{week_period(week).label}/highlights")


@router.get("/weeks/{week}/highlights", response_class=HTMLResponse)
def highlights(request: Request, week: str, msg: str = "", saved: int = 0) -> HTMLResponse:
    user = require(request, Right.READ)
    ws = workspace(request)
    period = week_period(week)
    lang = lang_of(request)
    items = products.highlights_of(ws.engine, period, lang)
    state = reviews.week_state(ws.engine, period.label)
    return page(
        request,
        "highlights.html.j2",
        week=period.label,
        state=state,
        # A snippet only where the author agreed to be reposted.
        items=[(item, snippet(item, lang) if item.may_repost else None) for item in items],
        # Marking "reposted" does not change the digest, so it stays possible after publication.
        may_edit=user.may(Right.EDIT),
        platform_label=products.platform_label,
        msg=msg,
        saved=saved,
        picker_page="highlights",
        navigation=week_navigation(ws.engine, period),
    )


@router.get("/weeks", response_class=HTMLResponse)
def weeks(request: Request) -> HTMLResponse:
    """Recent weeks with their posts, open work and digest state."""
    require(request, Right.READ)
    ws = workspace(request)
    return page(request, "weeks.html.j2", weeks=recent_weeks(ws.engine, ws.own_handles))


def _period(first: str, last: str) -> Period:
    end = (default_week().end.astimezone(BERLIN) - timedelta(days=1)).date()
    try:
        return products.report_period(first or None, last or None, default_last=end)
    except PraiseError as exc:
        raise Refused(400, "bad_input", detail=str(exc)) from None


@router.get("/leadership", response_class=HTMLResponse)
def leadership(request: Request, first: First = "", last: Last = "") -> HTMLResponse:
    require(request, Right.READ)
    period = _period(first, last)
    start = period.start.astimezone(BERLIN).date()
    end = (period.end.astimezone(BERLIN) - timedelta(days=1)).date()
    return page(request, "leadership.html.j2", period=period, first=start, last=end)


@router.get("/leadership/report.html", response_class=HTMLResponse)
def report(request: Request, first: First = "", last: Last = "") -> HTMLResponse:
    """The sentiment report exactly as `praise report` writes it, for the leadership page's frame."""
    require(request, Right.READ)
    html = products.report_html(workspace(request).engine, _period(first, last), lang_of(request))
    return HTMLResponse(
        html,
        headers={"Content-Security-Policy": products.PRODUCT_CSP, "X-Frame-Options": "SAMEORIGIN"},
    )
