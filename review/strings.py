"""Everything the workspace says, in German and English; German is the default."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # key: (German, English)
    "app_title": ("Lob-Redaktion", "Praise review"),
    "skip": ("Zum Inhalt springen", "Skip to content"),
    "nav": ("Hauptnavigation", "Main navigation"),
    "nav_queue": ("Warteschlange", "Queue"),
    "nav_preview": ("Digest-Vorschau", "Digest preview"),
    "nav_highlights": ("Highlights", "Highlights"),
    "nav_leadership": ("Stimmungsbericht", "Sentiment report"),
    "signed_in_as": ("Angemeldet als {name} ({role})", "Signed in as {name} ({role})"),
    "logout": ("Abmelden", "Sign out"),
    "switch_lang": ("English", "Deutsch"),
    "switch_lang_label": ("Switch to English", "Auf Deutsch umschalten"),
    "role_viewer": ("Leitung, nur lesen", "leadership, read only"),
    "role_editor": ("Redaktion", "editor"),
    "role_publisher": ("Freigabe", "publisher"),
    # Login
    "login_title": ("Anmelden", "Sign in"),
    "username": ("Benutzername", "User name"),
    "password": ("Passwort", "Password"),
    "login_button": ("Anmelden", "Sign in"),
    "login_failed": ("Benutzername oder Passwort falsch", "Wrong user name or password"),
    "login_throttled": (
        "Zu viele fehlgeschlagene Anmeldungen. Bitte in {minutes} Minuten erneut versuchen.",
        "Too many failed sign-ins. Please try again in {minutes} minutes.",
    ),
    "login_needs_https": (
        "Diese Anmeldung braucht HTTPS. Für die lokale Nutzung auf 127.0.0.1 setzt "
        "[review] allow_insecure_http = true in praise.toml.",
        "Signing in needs HTTPS. For local use on 127.0.0.1 set "
        "[review] allow_insecure_http = true in praise.toml.",
    ),
    "header_user_unknown": (
        "Ihr Konto ({name}) ist für die Lob-Redaktion nicht freigeschaltet.",
        "Your account ({name}) has no access to the praise review.",
    ),
    # Week selection
    "week": ("Woche", "Week"),
    "week_pick": ("Woche wählen", "Choose week"),
    "week_hint": ("z. B. 2026-W47", "e.g. 2026-W47"),
    "show": ("Anzeigen", "Show"),
    "week_status": ("Status des Digests: {status}", "Digest status: {status}"),
    "status_draft": ("Entwurf", "draft"),
    "status_approved": ("freigegeben", "approved"),
    "status_published": ("veröffentlicht", "published"),
    "week_locked": (
        "Der Digest der Woche {week} ist veröffentlicht. Die Woche kann nicht mehr geändert werden.",
        "The digest of week {week} is published. The week can no longer be changed.",
    ),
    # Queue
    "queue_title": ("Warteschlange {week}", "Queue {week}"),
    "queue_intro": (
        "Lob-Kandidaten und alles, was der Klassifikator zur Prüfung markiert hat.",
        "Praise candidates and everything the classifier flagged for review.",
    ),
    "queue_counts": ("{open} von {total} Beiträgen offen", "{open} of {total} posts open"),
    "queue_empty": (
        "In dieser Woche gibt es keine Beiträge zu prüfen.",
        "There is nothing to review this week.",
    ),
    "post_by": ("Beitrag von {handle}", "Post by {handle}"),
    "unknown_author": ("unbekannt", "unknown"),
    "in_digest": ("im Digest", "in the digest"),
    "open_post": ("Beitrag auf {platform} öffnen", "Open post on {platform}"),
    "no_link": ("kein sicherer Link", "no safe link"),
    "labels": ("Einstufung", "Labels"),
    "sentiment": ("Stimmung", "Sentiment"),
    "praise": ("Lob", "Praise"),
    "praise_yes": ("Lob", "praise"),
    "praise_no": ("kein Lob", "not praise"),
    "score": ("Sicherheit {score}", "confidence {score}"),
    "by_editor": ("von der Redaktion gesetzt", "set by an editor"),
    "irony": ("Ironie", "Irony"),
    "irony_yes": ("vermutet", "suspected"),
    "irony_no": ("nein", "no"),
    "flagged": ("Zur Prüfung markiert", "Flagged for review"),
    "topics": ("Themen", "Topics"),
    "reasons": ("Begründung", "Reasons"),
    "unclassified": ("noch nicht eingestuft", "not classified yet"),
    "state": ("Stand", "Status"),
    "decision": ("Entscheidung", "Decision"),
    "decision_none": ("offen", "open"),
    "decision_approved": ("für den Digest freigegeben", "approved for the digest"),
    "decision_rejected": ("abgelehnt", "rejected"),
    "highlight": ("Highlight", "Highlight"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "consent": ("Einverständnis zum Teilen", "Consent to repost"),
    "consent_none": ("nicht angefragt", "not asked"),
    "consent_asked": ("angefragt", "asked"),
    "consent_granted": ("erteilt", "granted"),
    "consent_refused": ("verweigert", "refused"),
    "note": ("Notiz der Redaktion", "Editorial note"),
    "not_in_digest_hint": (
        "Nicht als Lob eingestuft: erscheint erst im Digest, wenn das Lob-Label korrigiert wird.",
        "Not labelled as praise: it appears in the digest only once the praise label is corrected.",
    ),
    "refused_hint": (
        "Die Person hat das Teilen abgelehnt: der Beitrag erscheint nirgends.",
        "The author refused: the post appears nowhere.",
    ),
    "actions": ("Aktionen", "Actions"),
    "approve": ("Freigeben", "Approve"),
    "reject": ("Ablehnen", "Reject"),
    "undecide": ("Entscheidung zurücknehmen", "Withdraw decision"),
    "mark_highlight": ("Als Highlight markieren", "Mark as highlight"),
    "unmark_highlight": ("Highlight entfernen", "Remove highlight"),
    "correct_sentiment": ("Stimmung korrigieren", "Correct sentiment"),
    "correct_praise": ("Lob-Label korrigieren", "Correct praise label"),
    "save_note": ("Notiz speichern", "Save note"),
    "save_consent": ("Einverständnis speichern", "Save consent"),
    "history": ("Verlauf ({count})", "History ({count})"),
    "history_empty": ("Noch keine Änderungen.", "No changes yet."),
    "saved": ("Gespeichert.", "Saved."),
    # Preview and publication
    "preview_title": ("Digest-Vorschau {week}", "Digest preview {week}"),
    "preview_intro": (
        "So wird der Digest veröffentlicht: dieselbe Darstellung wie „praise digest“.",
        "This is the digest as it will be published: the same rendering as `praise digest`.",
    ),
    "preview_frame": ("Digest {week} wie veröffentlicht", "Digest {week} as published"),
    "approve_week": ("Digest freigeben", "Approve digest"),
    "withdraw_week": ("Freigabe zurücknehmen", "Withdraw approval"),
    "publish_week": ("Veröffentlichen", "Publish"),
    "publish_target": ("Ziel: {target}", "Target: {target}"),
    "target_folder": ("Ordner für den Intranet-Import", "folder for the intranet import"),
    "target_email": ("E-Mail", "e-mail"),
    "target_webhook": ("Webhook des Intranets", "intranet webhook"),
    "approved_by": ("Freigegeben von {name} am {when}", "Approved by {name} on {when}"),
    "published_at": ("Veröffentlicht am {when}", "Published on {when}"),
    "undecided_block": (
        "Noch {count} Beiträge ohne Entscheidung: bitte zuerst in der Warteschlange entscheiden.",
        "{count} posts still have no decision: please decide them in the queue first.",
    ),
    "needs_approval": (
        "Der Digest muss erst freigegeben werden.",
        "The digest must be approved first.",
    ),
    "published_ok": ("Veröffentlicht: {detail}", "Published: {detail}"),
    "publish_failed": ("Veröffentlichung fehlgeschlagen: {error}", "Publishing failed: {error}"),
    "already_published": (
        "Dieser Digest war bereits veröffentlicht; die Woche ist jetzt geschlossen.",
        "This digest was already published; the week is now closed.",
    ),
    "msg_published": ("Der Digest ist veröffentlicht.", "The digest is published."),
    "week_history": ("Verlauf der Woche", "History of the week"),
    "msg_approved_week": ("Digest freigegeben.", "Digest approved."),
    "msg_withdrawn_week": ("Freigabe zurückgenommen.", "Approval withdrawn."),
    # Highlights
    "highlights_title": ("Highlights {week}", "Highlights {week}"),
    "highlights_intro": (
        "Freigegebene Lob-Beiträge zum Teilen im Intranet, mit Textbaustein.",
        "Approved praise posts to repost on the intranet, with a ready snippet.",
    ),
    "highlights_empty": ("Keine Highlights in dieser Woche.", "No highlights this week."),
    "snippet": ("Textbaustein", "Snippet"),
    "copy": ("Kopieren", "Copy"),
    "copied": ("Kopiert.", "Copied."),
    "reposted": ("Geteilt am {when}", "Reposted on {when}"),
    "not_reposted": ("Noch nicht geteilt", "Not reposted yet"),
    "mark_reposted": ("Als geteilt markieren", "Mark as reposted"),
    "unmark_reposted": ("Markierung „geteilt“ entfernen", "Remove reposted mark"),
    "snippet_source": ("{handle} auf {platform}", "{handle} on {platform}"),
    # Leadership
    "leadership_title": ("Stimmungsbericht", "Sentiment report"),
    "period_from": ("Von", "From"),
    "period_to": ("Bis", "To"),
    "report_frame": ("Stimmungsbericht {period}", "Sentiment report {period}"),
    # Errors
    "error_title": ("Nicht möglich", "Not possible"),
    "forbidden": ("Dafür fehlt Ihnen die Berechtigung.", "You are not allowed to do this."),
    "csrf_failed": (
        "Die Anfrage war nicht gültig (Sicherheitstoken fehlt oder abgelaufen). Bitte Seite neu laden.",
        "The request was not valid (security token missing or expired). Please reload the page.",
    ),
    "not_found": ("Nicht gefunden.", "Not found."),
    "bad_input": ("Ungültige Eingabe: {detail}", "Invalid input: {detail}"),
    "back": ("Zurück", "Back"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The phrase in the reader's language with `{placeholders}` filled in.

    Raises:
        KeyError: an unknown key (a programming error, caught by the tests).
    """
    german, english = TEXTS[key]
    phrase = english if lang == "en" else german
    return phrase.format(**values) if values else phrase
