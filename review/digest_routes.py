"""The digest preview, the publisher's approval and the publication."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kernel.errors import ConfigError
from review import products
from review.auth import Right
from review.queue import queue_of, undecided
from review.web import Refused, page, require, see_other, week_period, workspace
from storage import reviews
from storage.queries import as_records, mention_frame

router = APIRouter()


def _undecided(request: Request, week: str) -> int:
    ws = workspace(request)
    period = week_period(week)
    return undecided(queue_of(as_records(mention_frame(ws.engine, period.start, period.end)), ws.own_handles))


@router.get("/preview", response_class=RedirectResponse)
def pick_week(request: Request, week: str = "") -> RedirectResponse:
    require(request, Right.READ)
    return see_other(f"/weeks/{week_period(week).label}/preview")


@router.get("/weeks/{week}/preview", response_class=HTMLResponse)
def preview(request: Request, week: str, msg: str = "") -> HTMLResponse:
    user = require(request, Right.READ)
    ws = workspace(request)
    label = week_period(week).label
    state = reviews.week_state(ws.engine, label)
    return page(
        request,
        "preview.html.j2",
        week=label,
        state=state,
        open_count=_undecided(request, label),
        history=reviews.week_history(ws.engine, label),
        may_publish=user.may(Right.PUBLISH) and not state.locked,
        target=ws.config.publish_target,
        msg=msg,
    )


@router.get("/weeks/{week}/digest.html", response_class=HTMLResponse)
def digest_page(request: Request, week: str) -> HTMLResponse:
    """The digest exactly as the publishers send it, for the preview's frame."""
    require(request, Right.READ)
    ws = workspace(request)
    html = products.digest_html(ws.engine, week_period(week), ws.config.digest_lang, ws.own_handles)
    return HTMLResponse(
        html,
        headers={"Content-Security-Policy": products.PRODUCT_CSP, "X-Frame-Options": "SAMEORIGIN"},
    )


@router.post("/weeks/{week}/approve", response_class=RedirectResponse)
def approve(request: Request, week: str) -> RedirectResponse:
    user = require(request, Right.PUBLISH)
    label = week_period(week).label
    if reviews.week_state(workspace(request).engine, label).locked:
        raise reviews.WeekLocked(label)
    count = _undecided(request, label)
    if count:
        raise Refused(409, "undecided_block", count=count)
    reviews.approve_week(workspace(request).engine, label, actor=user.name)
    return see_other(f"/weeks/{label}/preview?msg=approved_week")


@router.post("/weeks/{week}/withdraw", response_class=RedirectResponse)
def withdraw(request: Request, week: str) -> RedirectResponse:
    user = require(request, Right.PUBLISH)
    label = week_period(week).label
    reviews.withdraw_approval(workspace(request).engine, label, actor=user.name)
    return see_other(f"/weeks/{label}/preview?msg=withdrawn_week")


@router.post("/weeks/{week}/publish", response_class=RedirectResponse)
def publish(request: Request, week: str) -> RedirectResponse:
    user = require(request, Right.PUBLISH)
    ws = workspace(request)
    label = week_period(week).label
    try:
        reviews.require_approved(ws.engine, label)
    except reviews.WeekNotReady:
        raise Refused(409, "needs_approval") from None
    target = ws.config.publish_target
    try:
        result = products.publish(
            ws.engine,
            label,
            target=target,
            settings=ws.publish_settings,
            lang=ws.config.digest_lang,
            own_handles=ws.own_handles,
            actor=user.name,
        )
    except products.AlreadyPublished:
        # Sent before (e.g. by `praise publish`): close the week so nobody edits what readers saw.
        reviews.mark_week_published(ws.engine, label, actor=user.name, target=target)
        return see_other(f"/weeks/{label}/preview?msg=already_published")
    except (products.PublishFailed, ConfigError) as exc:
        raise Refused(502, "publish_failed", error=str(exc)) from None
    reviews.mark_week_published(ws.engine, label, actor=user.name, target=result.target)
    return see_other(f"/weeks/{label}/preview?msg=published")
