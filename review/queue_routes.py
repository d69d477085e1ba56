"""The week's queue and the editors' actions on one post."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from review import products
from review.auth import Right
from review.queue import needs_decision, queue_of, undecided
from review.web import Refused, lang_of, page, require, see_other, week_period, workspace
from storage import reviews
from storage.classifications import LABEL_FIELDS
from storage.queries import as_records, mention_frame

router = APIRouter()
Back = Annotated[str, Form(pattern="^(queue|highlights)$")]


@router.get("/queue", response_class=RedirectResponse)
def pick_week(request: Request, week: str = "") -> RedirectResponse:
    require(request, Right.READ)
    return see_other(f"/weeks/{week_period(week).label}/queue")


@router.get("/weeks/{week}/queue", response_class=HTMLResponse)
def queue_page(request: Request, week: str, msg: str = "") -> HTMLResponse:
    user = require(request, Right.READ)
    ws = workspace(request)
    period = week_period(week)
    records = as_records(mention_frame(ws.engine, period.start, period.end))
    queue = queue_of(records, ws.own_handles)
    history = reviews.audit_history(ws.engine, [int(r["id"]) for r in queue])
    lang = lang_of(request)
    in_digest = set(products.digest_item_ids(ws.engine, period, lang, ws.own_handles))
    state = reviews.week_state(ws.engine, period.label)
    return page(
        request,
        "queue.html.j2",
        week=period.label,
        state=state,
        queue=queue,
        history=history,
        in_digest=in_digest,
        open_count=undecided(queue),
        needs_decision=needs_decision,
        may_edit=user.may(Right.EDIT) and not state.locked,
        label_fields=LABEL_FIELDS,
        consents=reviews.CONSENTS,
        platform_label=products.platform_label,
        sentiment_label=products.sentiment_label,
        topic_label=products.topic_label,
        msg=msg,
    )


def _back(back: str, week: str, mention_id: int) -> RedirectResponse:
    where = "highlights" if back == "highlights" else "queue"
    return see_other(f"/weeks/{week}/{where}?msg=saved#post-{mention_id}")


@router.post("/posts/{mention_id}/decision", response_class=RedirectResponse)
def decide(
    request: Request,
    mention_id: int,
    decision: Annotated[str, Form(pattern="^(approved|rejected|none)$")],
    back: Back = "queue",
) -> RedirectResponse:
    user = require(request, Right.EDIT)
    value = None if decision == "none" else decision
    week = reviews.set_decision(workspace(request).engine, mention_id, value, actor=user.name)
    return _back(back, week, mention_id)


@router.post("/posts/{mention_id}/highlight", response_class=RedirectResponse)
def highlight(
    request: Request,
    mention_id: int,
    highlight: Annotated[str, Form(pattern="^(0|1)$")],
    back: Back = "queue",
) -> RedirectResponse:
    user = require(request, Right.EDIT)
    week = reviews.set_highlight(workspace(request).engine, mention_id, highlight == "1", actor=user.name)
    return _back(back, week, mention_id)


@router.post("/posts/{mention_id}/label", response_class=RedirectResponse)
def label(
    request: Request,
    mention_id: int,
    field: Annotated[str, Form(pattern="^(sentiment|praise)$")],
    value: Annotated[str, Form(max_length=32)],
    back: Back = "queue",
) -> RedirectResponse:
    user = require(request, Right.EDIT)
    engine = workspace(request).engine
    if value not in LABEL_FIELDS[field]:
        raise Refused(400, "bad_input", detail=field)
    # The label lives in editor_labels (it trains the next model), written with the week check.
    week = reviews.set_label(engine, mention_id, field, value, actor=user.name)
    return _back(back, week, mention_id)


@router.post("/posts/{mention_id}/note", response_class=RedirectResponse)
def note(
    request: Request,
    mention_id: int,
    note: Annotated[str, Form(max_length=reviews.NOTE_LIMIT)] = "",
    back: Back = "queue",
) -> RedirectResponse:
    user = require(request, Right.EDIT)
    week = reviews.set_note(workspace(request).engine, mention_id, note, actor=user.name)
    return _back(back, week, mention_id)


@router.post("/posts/{mention_id}/consent", response_class=RedirectResponse)
def consent(
    request: Request,
    mention_id: int,
    consent: Annotated[str, Form(pattern="^(none|asked|granted|refused)$")],
    back: Back = "queue",
) -> RedirectResponse:
    user = require(request, Right.EDIT)
    value = None if consent == "none" else consent
    week = reviews.set_consent(workspace(request).engine, mention_id, value, actor=user.name)
    return _back(back, week, mention_id)


@router.post("/posts/{mention_id}/reposted", response_class=RedirectResponse)
def reposted(
    request: Request,
    mention_id: int,
    reposted: Annotated[str, Form(pattern="^(0|1)$")],
    back: Back = "highlights",
) -> RedirectResponse:
    user = require(request, Right.EDIT)
    week = reviews.set_reposted(workspace(request).engine, mention_id, reposted == "1", actor=user.name)
    return _back(back, week, mention_id)
