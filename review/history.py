"""History entries as sentences ("Anna hat den Beitrag freigegeben"), not as audit codes."""

from __future__ import annotations

from reports.strings import sentiment_label
from review import strings
from storage.reviews import AuditEntry

TARGET_KINDS = {"folder": "target_folder", "email": "target_email", "webhook": "target_webhook"}


def describe(entry: AuditEntry, lang: str) -> str:
    """One sentence saying who did what; unknown actions fall back to a neutral sentence."""
    who = entry.actor
    details = entry.details
    to = details.get("to")
    action = entry.action
    key = "h_other"
    values: dict[str, object] = {"who": who}
    if action == "review.decision":
        key = {"approved": "h_approved", "rejected": "h_rejected"}.get(str(to), "h_undecided")
    elif action == "review.highlight":
        key = "h_highlight_on" if to else "h_highlight_off"
    elif action == "review.consent":
        key = "h_consent"
        values["consent"] = strings.text(f"consent_{to or 'none'}", lang)
    elif action == "review.note":
        key = "h_note" if to else "h_note_cleared"
    elif action in ("review.reposted_at", "reposted"):
        key = "h_reposted" if to or action == "reposted" else "h_unreposted"
    elif action.startswith("label."):
        key = "h_label"
        field = action.split(".", 1)[1]
        values["field"] = strings.text(field if field in ("sentiment", "praise") else "labels", lang)
        raw = str(details.get("value") or details.get("to") or "")
        if field == "praise":
            values["value"] = strings.text("praise_yes" if raw == "praise" else "praise_no", lang)
        else:
            values["value"] = sentiment_label(raw, lang) if raw else raw
    elif action == "digest.approved":
        key = "h_week_approved"
    elif action == "digest.approval_withdrawn":
        key = "h_week_withdrawn"
    elif action == "digest.reopened":
        key = "h_week_reopened"
    elif action == "digest.week_closed":
        key = "h_week_closed"
    elif action == "publish_started":
        key = "h_publish_started"
    elif action == "published":
        key = "h_published"
    elif action == "publish_failed":
        key = "h_publish_failed"
    if key.startswith("h_publish") or key == "h_published":
        kind = str(details.get("target") or "").split(":", 1)[0]
        values["target"] = strings.text(TARGET_KINDS.get(kind, "target_other"), lang)
    if key == "h_other":
        values["action"] = action
    return strings.text(key, lang, **values)
