"""The words on the pages, German and English: a small table instead of gettext catalogues."""

from __future__ import annotations

from kernel.errors import PraiseError
from kernel.sources import platform_label as registered_label

LANGUAGES = ("de", "en")

TOPICS: dict[str, dict[str, str]] = {
    "home_office": {"de": "Homeoffice", "en": "Working from home"},
    "vpn": {"de": "VPN", "en": "VPN"},
    "video_conferencing": {"de": "Videokonferenzen", "en": "Video conferencing"},
    "devices": {"de": "Geräte", "en": "Devices"},
    "helpdesk": {"de": "Service-Desk", "en": "Help desk"},
    "intranet": {"de": "Intranet", "en": "Intranet"},
    "mascot": {"de": "Kater Joey", "en": "Joey the cat"},
    "accounts_passwords": {"de": "Konten & Passwörter", "en": "Accounts & passwords"},
    "email": {"de": "E-Mail", "en": "E-mail"},
    "network": {"de": "Netz & WLAN", "en": "Network & Wi-Fi"},
    "software": {"de": "Software", "en": "Software"},
    "training": {"de": "Schulungen & Anleitungen", "en": "Training & tutorials"},
    "other": {"de": "Sonstiges", "en": "Other"},
}

# Each collected platform declares its label in the source registry; only imports have none.
PLATFORMS: dict[str, dict[str, str]] = {
    "import": {"de": "Import", "en": "Import"},
}

SENTIMENTS: dict[str, dict[str, str]] = {
    "positive": {"de": "positiv", "en": "positive"},
    "neutral": {"de": "neutral", "en": "neutral"},
    "negative": {"de": "negativ", "en": "negative"},
}

OUTCOMES: dict[str, dict[str, str]] = {
    "ok": {"de": "vollständig", "en": "complete"},
    "rate_limited": {"de": "vom Anbieter gebremst", "en": "rate-limited"},
    "budget_spent": {"de": "Lesebudget aufgebraucht", "en": "read budget spent"},
    "auth_failed": {"de": "Anmeldung fehlgeschlagen", "en": "authentication failed"},
    "failed": {"de": "fehlgeschlagen", "en": "failed"},
    "interrupted": {"de": "abgebrochen", "en": "interrupted"},
    "running": {"de": "lief noch", "en": "still running"},
    "waited": {
        "de": "musste auf das Rate-Limit warten, dann vollständig",
        "en": "waited for the rate limit, then complete",
    },
}

TEXT: dict[str, dict[str, str]] = {
    "digest_title": {"de": "Lob der Woche", "en": "Praise of the week"},
    "digest_intro": {
        "de": "Was vom {first} bis {last} öffentlich über das IT-Referat geschrieben wurde: das schönste "
        "Lob, Grüße an Kater Joey und die Zahlen der Woche.",
        "en": "What people wrote in public about the IT department from {first} to {last}: the best "
        "praise, greetings to Joey the cat and the week's numbers.",
    },
    "week_short": {"de": "KW", "en": "week"},
    "numbers_heading": {"de": "Die Woche in Zahlen", "en": "The week in numbers"},
    "figure": {"de": "Kennzahl", "en": "Figure"},
    "this_week": {"de": "Diese Woche", "en": "This week"},
    "last_week": {"de": "Vorwoche", "en": "Week before"},
    "change": {"de": "Veränderung", "en": "Change"},
    "n_mentions": {"de": "Beiträge", "en": "Posts"},
    "n_praise": {"de": "davon Lob", "en": "of which praise"},
    "n_authors": {"de": "verschiedene Absender", "en": "different authors"},
    "n_reposts": {"de": "Weiterverbreitungen (Reposts)", "en": "Reposts (reach)"},
    "share_positive": {"de": "Anteil positiv", "en": "Share positive"},
    "share_negative": {"de": "Anteil negativ", "en": "Share negative"},
    "praise_heading": {"de": "Das schönste Lob", "en": "The best praise"},
    "no_praise": {
        "de": "In dieser Woche gab es kein freigegebenes Lob.",
        "en": "There was no approved praise this week.",
    },
    "mascot_heading": {"de": "Joeys Ecke", "en": "Joey's corner"},
    "mascot_intro": {
        "de": "Unser Schulungskater Kater Joey hat wieder Fans gefunden:",
        "en": "Our tutorial cat Joey found new fans:",
    },
    "no_mascot": {
        "de": "Diese Woche war es ruhig um Kater Joey.",
        "en": "It was a quiet week for Joey the cat.",
    },
    "on_platform": {"de": "auf", "en": "on"},
    "open_post": {"de": "Beitrag öffnen", "en": "Open post"},
    "open_media": {"de": "Bild oder Video", "en": "Image or video"},
    "likes": {"de": "Gefällt mir", "en": "likes"},
    "approved": {"de": "von der Redaktion freigegeben", "en": "approved by the editors"},
    "anonymous": {"de": "ohne Namen", "en": "no name"},
    "coverage_heading": {"de": "Worauf diese Zahlen beruhen", "en": "What these figures rest on"},
    "coverage_intro": {
        "de": "Sammelläufe vom {first} bis {last}: {runs} Läufe, {read} Beiträge gelesen, {stored} "
        "Beiträge im Zeitraum gespeichert.",
        "en": "Collection runs from {first} to {last}: {runs} runs, {read} posts read, {stored} posts "
        "stored for the period.",
    },
    "coverage_none": {
        "de": "Für diesen Zeitraum ist kein Sammellauf verzeichnet; die Zahlen können unvollständig sein.",
        "en": "No collection run is recorded for this period; the figures may be incomplete.",
    },
    "coverage_gaps": {
        "de": "Lücken: Bei diesen Läufen fehlt etwas.",
        "en": "Gaps: these runs did not complete.",
    },
    "coverage_complete": {
        "de": "Alle Läufe endeten vollständig.",
        "en": "All runs completed.",
    },
    "source": {"de": "Quelle", "en": "Source"},
    "runs": {"de": "Läufe", "en": "Runs"},
    "runs_ok": {"de": "davon vollständig", "en": "complete"},
    "posts_read": {"de": "gelesen", "en": "read"},
    "posts_new": {"de": "neu", "en": "new"},
    "last_run": {"de": "letzter Lauf", "en": "last run"},
    "when": {"de": "Wann", "en": "When"},
    "outcome": {"de": "Ergebnis", "en": "Outcome"},
    "retry_after": {"de": "wieder möglich ab", "en": "retry after"},
    "generated": {"de": "Erstellt am {when}.", "en": "Generated {when}."},
    "report_title": {"de": "Stimmungsbericht", "en": "Sentiment report"},
    "report_intro": {
        "de": "Öffentliche Beiträge über das IT-Referat vom {first} bis {last}: Menge und Stimmung je "
        "Woche, Plattform und Thema. Der Bericht zeigt nur Summen, keine einzelnen Personen.",
        "en": "Public posts about the IT department from {first} to {last}: volume and sentiment per "
        "week, platform and topic. The report shows totals only, no individuals.",
    },
    "summary_heading": {"de": "Auf einen Blick", "en": "At a glance"},
    "weekly_heading": {"de": "Verlauf je Woche", "en": "Week by week"},
    "platform_heading": {"de": "Nach Plattform", "en": "By platform"},
    "topic_heading": {"de": "Nach Thema", "en": "By topic"},
    "complaints_heading": {"de": "Worüber am meisten geklagt wird", "en": "What people complain about most"},
    "no_complaints": {"de": "Im Zeitraum gab es keine negativen Beiträge.", "en": "No negative posts."},
    "wow_heading": {"de": "Veränderung zur Vorwoche", "en": "Change from the week before"},
    "week": {"de": "Woche", "en": "Week"},
    "platform": {"de": "Plattform", "en": "Platform"},
    "topic": {"de": "Thema", "en": "Topic"},
    "volume": {"de": "Beiträge", "en": "Posts"},
    "positive": {"de": "positiv", "en": "positive"},
    "neutral": {"de": "neutral", "en": "neutral"},
    "negative": {"de": "negativ", "en": "negative"},
    "authors": {"de": "Absender (Anzahl)", "en": "Authors (count)"},
    "negative_posts": {"de": "negative Beiträge", "en": "negative posts"},
    "chart_table": {"de": "Die Zahlen zum Diagramm", "en": "The figures behind the chart"},
    "chart_volume": {
        "de": "Beiträge je Woche nach Stimmung",
        "en": "Posts per week by sentiment",
    },
    "chart_shares": {
        "de": "Anteil positiver und negativer Beiträge je Woche",
        "en": "Share of positive and negative posts per week",
    },
    "chart_complaints": {
        "de": "Negative Beiträge nach Thema",
        "en": "Negative posts by topic",
    },
    "chart_summary_volume": {
        "de": "{weeks} Wochen, zusammen {total} Beiträge, davon {positive} positiv und {negative} negativ.",
        "en": "{weeks} weeks, {total} posts in all, {positive} positive and {negative} negative.",
    },
    "chart_summary_complaints": {
        "de": "Die meisten negativen Beiträge betreffen {top}.",
        "en": "Most negative posts concern {top}.",
    },
    "unclassified_note": {
        "de": "Noch nicht eingeordnete Beiträge: {n} (sie fehlen in den Anteilen).",
        "en": "Posts not classified yet: {n} (left out of the shares).",
    },
    "highlights_title": {"de": "Highlights zum Teilen", "en": "Highlights to share"},
    "highlights_intro": {
        "de": "Freigegebenes Lob, bereit zum Teilen im Intranet ({period}).",
        "en": "Approved praise, ready to share on the intranet ({period}).",
    },
    "no_highlights": {"de": "Keine Highlights in diesem Zeitraum.", "en": "No highlights in this period."},
    "reposted": {"de": "bereits geteilt am {when}", "en": "already reposted on {when}"},
    "not_reposted": {"de": "noch nicht geteilt", "en": "not reposted yet"},
    "author": {"de": "Absender", "en": "Author"},
    "link": {"de": "Link", "en": "Link"},
    "media": {"de": "Medien", "en": "Media"},
    "none": {"de": "keine", "en": "none"},
}


def check_lang(lang: str) -> str:
    """The language if we have its words; a PraiseError naming the choices otherwise."""
    if lang not in LANGUAGES:
        raise PraiseError(f"--lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def text(key: str, lang: str, **values: object) -> str:
    """One phrase in the reader's language, with `{placeholders}` filled in."""
    phrase = TEXT[key][lang]
    return phrase.format(**values) if values else phrase


def topic_label(key: str, lang: str) -> str:
    """A topic's name for readers; an unknown key is shown as it is (it is escaped like any text)."""
    # A topic configured in praise.toml has no translation: show its key as words.
    return TOPICS.get(key, {}).get(lang) or key.replace("_", " ").capitalize()


def platform_label(key: str, lang: str) -> str:
    return registered_label(key, lang) or PLATFORMS.get(key, {}).get(lang, key)


def sentiment_label(key: str, lang: str) -> str:
    return SENTIMENTS.get(key, {}).get(lang, key)


def outcome_label(key: str, lang: str) -> str:
    return OUTCOMES.get(key, {}).get(lang, key)
