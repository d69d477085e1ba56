"""The digest preview, the publisher's approval and the publication."""

from __future__ import annotations

from collections import Counter
from functools import partial

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from kernel.errors import ConfigError, PraiseError
from reports.selection import SHOWN_REASONS
from review import products
from review.auth import Right
from review.history import describe
from review.queue import queue_of, undecided
from review.queue_routes import week_verdicts
from review.web import Refused, lang_of, page, require, see_other, week_period, workspace
from review.weeks import week_navigation
from storage import reviews
from storage.publications import published_digest
from storage.review_queue import queue_rows, week_rows

router = APIRouter()


def _undecided(request: Request, week: str) -> int:
    ws = workspace(request)
    period = week_period(week)
    return undecided(queue_of(queue_rows(ws.engine, period.start, period.end), ws.own_handles))


@router.get("/preview", response_class=RedirectResponse)
def pick_week(request: Request, week: str = "") -> RedirectResponse:
    require(request, Right.READ)
    return see_other(f"/weeks/{week_period(week).label}/preview")


@router.get("/weeks/{week}/preview", response_class=HTMLResponse)
def preview(request: Request, week: str, msg: str = "") -> HTMLResponse:
    user = require(request, Right.READ)
    ws = workspace(request)
    period = week_period(week)
    label = period.label
    state = reviews.week_state(ws.engine, label)
    rows = week_rows(ws.engine, period.start, period.end)
    why = week_verdicts(rows, ws.own_handles)
    by_id = {int(r["id"]): r for r in rows}
    shown = [(by_id[i], reason) for i, reason in why.items() if reason in SHOWN_REASONS]
    shown.sort(key=lambda pair: (pair[1] != "highlight", pair[0]["created_at"]))
    queued = {int(r["id"]) for r in queue_of(rows, ws.own_handles)}
    out_counts = Counter(reason for i, reason in why.items() if reason not in SHOWN_REASONS)
    out_queued = [
        (by_id[i], reason) for i, reason in why.items() if reason not in SHOWN_REASONS and i in queued
    ]
    return page(
        request,
        "preview.html.j2",
        week=label,
        state=state,
        open_count=undecided(queue_of(rows, ws.own_handles)),
        history=reviews.week_history(ws.engine, label),
        may_publish=user.may(Right.PUBLISH) and not state.locked,
        target=ws.config.publish_target,
        msg=msg,
        shown=shown,
        out_counts=sorted(out_counts.items(), key=lambda kv: -kv[1]),
        out_queued=out_queued[:200],
        published=published_digest(ws.engine, label) is not None,
        describe=partial(describe, lang=lang_of(request)),
        picker_page="preview",
        navigation=week_navigation(ws.engine, period),
    )


@router.get("/weeks/{week}/digest.html", response_class=HTMLResponse)
def digest_page(request: Request, week: str) -> HTMLResponse:
    """The digest exactly as the publishers send it, for the preview's frame."""
    require(request, Right.READ)
    ws = workspace(request)
    period = week_period(week)
    # A published week shows the stored bytes: later imports or labels never change what readers got.
    stored = published_digest(ws.engine, period.label)
    if stored is not None:
        html = stored.html
    else:
        html = products.digest_html(ws.engine, period, ws.config.digest_lang, ws.own_handles)
    return HTMLResponse(
        html,
        headers={"Content-Security-Policy": products.PRODUCT_CSP, "X-Frame-Options": "SAMEORIGIN"},
    )


PUBLISHED_FILES = {"html": "text/html", "md": "text/markdown", "json": "application/json"}


@router.get("/weeks/{week}/published/digest.{ext}", response_model=None)
def published_file(request: Request, week: str, ext: str) -> Response:
    """The published digest as it was sent (HTML, Markdown or JSON), for the link in the history."""
    require(request, Right.READ)
    stored = published_digest(workspace(request).engine, week_period(week).label)
    if stored is None or ext not in PUBLISHED_FILES:
        raise Refused(404, "not_found")
    body = {"html": stored.html, "md": stored.markdown, "json": stored.json}[ext]
    headers = {"Content-Security-Policy": products.PRODUCT_CSP}
    if ext != "html":
        headers["Content-Disposition"] = f'inline; filename="digest-{stored.week}.{ext}"'
    return Response(body, media_type=f"{PUBLISHED_FILES[ext]}; charset=utf-8", headers=headers)


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
    # `require_approved` above refused a published week, so its posts are never looked up again.
    if ws.before_publish is not None:
        try:
            # Posts deleted on X since collection are erased here, so they are never published.
            ws.before_publish(label, user.name)
        except PraiseError as exc:
            raise Refused(502, "publish_failed", error=str(exc)) from None
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
