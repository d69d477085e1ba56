"""The week's queue and the editors' actions on one post."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kernel.weeks import week_label
from reports.digest import MASCOT_ITEMS, PRAISE_ITEMS
from reports.selection import choose_digest, why_alone
from review import products
from review.auth import Right
from review.history import describe
from review.queue import KINDS, SORTS, STATES, QueueView, Record, needs_decision, queue_of, view_queue
from review.web import (
    Refused,
    choice,
    form_of,
    lang_of,
    require,
    see_other,
    text_field,
    week_period,
    workspace,
)
from review.web import page as page_response
from review.weeks import week_navigation
from storage import reviews
from storage.classifications import LABEL_FIELDS
from storage.review_queue import full_rows, queue_rows

router = APIRouter()
Back = Annotated[str, Form(pattern="^(queue|highlights)$")]


@router.get("/queue", response_class=RedirectResponse)
def pick_week(request: Request, week: str = "") -> RedirectResponse:
    require(request, Right.READ)
    return see_other(f"/weeks/{week_period(week).label}/queue")


Page = Annotated[int, Query(ge=1, le=100_000)]
Short = Annotated[str, Query(max_length=64)]


def _view(state: str, kind: str, platform: str, topic: str, q: str, sort: str, page: int) -> QueueView:
    return QueueView(
        state=state if state in STATES else "open",
        kind=kind if kind in KINDS else "all",
        platform=platform,
        topic=topic,
        q=q[:200],
        sort=sort if sort in SORTS else "default",
        page=page,
    )


def week_verdicts(rows: list[Record], own_handles: list[str]) -> dict[int, str]:
    """Why each post of the week is in the digest or not, by the digest's own rules."""
    choice = choose_digest(
        rows, praise_limit=PRAISE_ITEMS, mascot_limit=MASCOT_ITEMS, own_handles=own_handles
    )
    return choice.why


def card_context(request: Request, period_label: str, state: reviews.WeekState) -> dict[str, Any]:
    user = require(request, Right.READ)
    return {
        "week": period_label,
        "state": state,
        "may_edit": user.may(Right.EDIT) and not state.locked,
        "label_fields": LABEL_FIELDS,
        "consents": reviews.CONSENTS,
        "needs_decision": needs_decision,
        "platform_label": products.platform_label,
        "sentiment_label": products.sentiment_label,
        "topic_label": products.topic_label,
        "describe": partial(describe, lang=lang_of(request)),
    }


@router.get("/weeks/{week}/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    week: str,
    msg: str = "",
    saved: int = 0,
    count: Annotated[int, Query(ge=0, le=100_000)] = 0,
    state: Short = "open",
    kind: Short = "all",
    platform: Short = "",
    topic: Short = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Short = "default",
    page: Page = 1,
) -> HTMLResponse:
    require(request, Right.READ)
    ws = workspace(request)
    period = week_period(week)
    # Only posts that can be in the queue: the digest's candidates are all among them, so the
    # "why in / out" badges come out the same as over the whole week.
    rows = queue_rows(ws.engine, period.start, period.end)
    queue = queue_of(rows, ws.own_handles)
    view = _view(state, kind, platform, topic, q, sort, page)
    shown = view_queue(queue, view)
    details = full_rows(ws.engine, [int(r["id"]) for r in shown.posts])
    posts = [details[int(r["id"])] for r in shown.posts]
    week_state = reviews.week_state(ws.engine, period.label)
    return page_response(
        request,
        "queue.html.j2",
        **card_context(request, period.label, week_state),
        view=view,
        shown=shown,
        posts=posts,
        history=reviews.audit_history(ws.engine, [int(r["id"]) for r in posts]),
        why=week_verdicts(rows, ws.own_handles),
        back=str(request.url.path) + view.query(page=view.page),
        msg=msg,
        msg_count=count,
        saved=saved,
        navigation=week_navigation(ws.engine, period),
    )


def _safe_back(back: str, week: str) -> str:
    # Only this week's queue or highlights: the value comes from the form and must not leave the site.
    if back.startswith((f"/weeks/{week}/queue", f"/weeks/{week}/highlights")) and "//" not in back:
        return back
    return f"/weeks/{week}/queue"


def _with(url: str, **params: object) -> str:
    joiner = "&" if "?" in url and not url.endswith("?") else ""
    base = url if "?" in url else url + "?"
    return base + joiner + urlencode(params)


@router.post("/posts/{mention_id}/save", response_model=None)
async def save_card(request: Request, mention_id: int) -> HTMLResponse | RedirectResponse:
    """The card's one form: the pressed button's decision and every changed field, saved together,
    so a typed note or a changed label is never lost to another button."""
    user = require(request, Right.EDIT)
    ws = workspace(request)
    form = await form_of(request)
    current = full_rows(ws.engine, [mention_id]).get(mention_id)
    if current is None:
        raise reviews.UnknownMention(f"no mention with id {mention_id}")
    week = ""
    decision = text_field(form, "decision")
    if decision:
        choice(form, "decision", ("approved", "rejected", "none"))
        value = None if decision == "none" else decision
        if value != current.get("decision"):
            week = reviews.set_decision(ws.engine, mention_id, value, actor=user.name)
    if "highlight_field" in form:
        wanted = text_field(form, "highlight") == "1"
        if wanted != bool(current.get("highlight")):
            week = reviews.set_highlight(ws.engine, mention_id, wanted, actor=user.name)
    for field, values in LABEL_FIELDS.items():
        if field in form:
            value = choice(form, field, values)
            now = (
                current.get("sentiment")
                if field == "sentiment"
                else ("praise" if current.get("praise") else "not_praise")
            )
            if value != now:
                week = reviews.set_label(ws.engine, mention_id, field, value, actor=user.name)
    if "consent" in form:
        consent = choice(form, "consent", ("none", *reviews.CONSENTS))
        value = None if consent == "none" else consent
        if value != current.get("consent"):
            week = reviews.set_consent(ws.engine, mention_id, value, actor=user.name)
    if "note" in form:
        note = text_field(form, "note")[: reviews.NOTE_LIMIT]
        if (note.strip() or None) != current.get("note"):
            week = reviews.set_note(ws.engine, mention_id, note, actor=user.name)
    week = week or week_label(current["created_at"])
    if request.headers.get("x-requested-with") == "fetch":
        return card_fragment(request, mention_id, week)
    back = _safe_back(text_field(form, "back"), week)
    return see_other(_with(back, msg="saved", saved=mention_id) + f"#post-{mention_id}")


def card_fragment(request: Request, mention_id: int, week: str) -> HTMLResponse:
    """One card, re-rendered after a save, for the script that saves in place."""
    ws = workspace(request)
    post = full_rows(ws.engine, [mention_id])[mention_id]
    # Judged alone (reading the whole week again would cost more than the save itself).
    why = {mention_id: why_alone(post, ws.own_handles)}
    return page_response(
        request,
        "_card.html.j2",
        **card_context(request, week, reviews.week_state(ws.engine, week)),
        post=post,
        history=reviews.audit_history(ws.engine, [mention_id]),
        why=why,
        back=f"/weeks/{week}/queue",
        saved=mention_id,
        fragment=True,
    )


@router.post("/weeks/{week}/bulk", response_class=HTMLResponse, response_model=None)
async def bulk(request: Request, week: str) -> HTMLResponse | RedirectResponse:
    """Approve or reject the selected posts, or every open praise candidate of the page (confirmed)."""
    user = require(request, Right.EDIT)
    ws = workspace(request)
    period = week_period(week)
    form = await form_of(request)
    action = choice(form, "action", ("approved", "rejected", "approve_page"))
    back = _safe_back(text_field(form, "back"), period.label)
    field = "page_ids" if action == "approve_page" else "ids"
    try:
        ids = sorted({int(v) for v in form.getlist(field) if isinstance(v, str)})
    except ValueError:
        raise Refused(400, "bad_input", detail=field) from None
    if not ids:
        return see_other(_with(back, msg="nothing_selected"))
    if action == "approve_page" and text_field(form, "confirmed") != "1":
        return page_response(
            request,
            "confirm.html.j2",
            week=period.label,
            state=reviews.week_state(ws.engine, period.label),
            ids=ids,
            back=back,
        )
    decision = "rejected" if action == "rejected" else "approved"
    weeks = reviews.set_decisions(ws.engine, ids, decision, actor=user.name)
    if any(w != period.label for w in weeks):
        raise Refused(400, "bad_input", detail="ids")
    return see_other(_with(back, msg=f"bulk_{decision}", count=len(ids)))


def _back(back: str, week: str, mention_id: int) -> RedirectResponse:
    where = "highlights" if back == "highlights" else "queue?state=all"
    joiner = "&" if "?" in where else "?"
    return see_other(f"/weeks/{week}/{where}{joiner}msg=saved&saved={mention_id}#post-{mention_id}")


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
