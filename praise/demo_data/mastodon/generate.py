"""Write the fictional Mastodon posts of the demo week (``corpus.json`` beside this file).

Everything here is invented: the instance ``social.beispielstadt.example``, its people and their posts.
The statuses have the shape of Mastodon's REST API (docs.joinmastodon.org, entities/Status), HTML
content included, so the real Mastodon.py client and our normaliser read them as they would a real one.
Run ``python -m praise.demo_data.mastodon.generate`` after changing a post.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

INSTANCE = "social.beispielstadt.example"
BOT = {"id": "109000000000000001", "username": "stadtit_demo", "acct": "stadtit_demo"}

PEOPLE = {
    "lena": ("109000000000000011", "lena", "Lena aus dem Bürgeramt"),
    "tarik": ("109000000000000012", "tarik@mastodon.example", "Tarik"),
    "jo": ("109000000000000013", "jo_kita", "Jo (Kita Nord)"),
    "sam": ("109000000000000014", "sam@fedi.example", "Sam"),
    "ute": ("109000000000000015", "ute_schule", "Ute, Schulverwaltung"),
    "ours": (BOT["id"], BOT["acct"], "IT-Referat Beispielstadt (Demo)"),
}

# (person, time UTC, HTML content, language, mentions bot, tags, favourites, reblog of index)
POSTS: list[tuple[str, str, str, str, bool, list[str], int, int | None]] = [
    (
        "lena",
        "2026-11-10T08:15:00Z",
        "<p>Neue Woche, neues Intranet-Passwort. Klappt inzwischen in zwei Minuten. "
        '<a href="https://social.beispielstadt.example/tags/DankeStadtIT" class="mention hashtag" '
        'rel="tag">#<span>DankeStadtIT</span></a></p>',
        "de",
        False,
        ["DankeStadtIT"],
        4,
        None,
    ),
    (
        "lena",
        "2026-11-16T07:42:00Z",
        '<p>Großes Danke an <span class="h-card"><a href="https://social.beispielstadt.example/@stadtit_demo" '
        'class="u-url mention">@<span>stadtit_demo</span></a></span> – der neue VPN-Client lief heute '
        "früh ohne Murren. "
        '<a href="https://social.beispielstadt.example/tags/DankeStadtIT" class="mention hashtag" '
        'rel="tag">#<span>DankeStadtIT</span></a></p>',
        "de",
        True,
        ["DankeStadtIT"],
        12,
        None,
    ),
    (
        "jo",
        "2026-11-17T10:05:00Z",
        "<p>Kater Joey erklärt den Passwort-Reset besser als jedes Handbuch 😹</p><p>"
        '<a href="https://social.beispielstadt.example/tags/DankeStadtIT" class="mention hashtag" '
        'rel="tag">#<span>DankeStadtIT</span></a> '
        '<a href="https://social.beispielstadt.example/tags/KaterJoey" class="mention hashtag" '
        'rel="tag">#<span>KaterJoey</span></a></p>',
        "de",
        False,
        ["DankeStadtIT", "KaterJoey"],
        21,
        None,
    ),
    (
        "tarik",
        "2026-11-17T13:30:00Z",
        '<p><span class="h-card"><a href="https://social.beispielstadt.example/@stadtit_demo" '
        'class="u-url mention">@<span>stadtit_demo</span></a></span> Seit Montag bricht die '
        "Videokonferenz alle zehn Minuten ab. Gibt es eine Störung?</p>",
        "de",
        True,
        [],
        1,
        None,
    ),
    (
        "sam",
        "2026-11-18T16:20:00Z",
        '<p>Danke für den dritten VPN-Ausfall diese Woche, <span class="h-card">'
        '<a href="https://social.beispielstadt.example/@stadtit_demo" class="u-url mention">@<span>'
        "stadtit_demo</span></a></span> 🙄</p>",
        "de",
        True,
        [],
        7,
        None,
    ),
    (
        "ute",
        "2026-11-19T09:10:00Z",
        "<p>Liebes Service-Desk-Team,</p><p>danke für die Geduld am Telefon!<br />Der Drucker im "
        'Sekretariat druckt wieder. <span class="h-card"><a href="https://social.beispielstadt.example/'
        '@stadtit_demo" class="u-url mention">@<span>stadtit_demo</span></a></span></p><p>Anleitung zum '
        'Nachlesen: <a href="https://intranet.beispielstadt.example/hilfe/drucker" rel="nofollow noopener" '
        'target="_blank"><span class="invisible">https://</span><span class="ellipsis">'
        'intranet.beispielstadt.example/hi</span><span class="invisible">lfe/drucker</span></a></p>',
        "de",
        True,
        [],
        9,
        None,
    ),
    (
        "tarik",
        "2026-11-20T11:45:00Z",
        '<p>Shoutout to <span class="h-card"><a href="https://social.beispielstadt.example/@stadtit_demo" '
        'class="u-url mention">@<span>stadtit_demo</span></a></span> for the quick laptop swap &amp; '
        "the friendly help! "
        '<a href="https://social.beispielstadt.example/tags/DankeStadtIT" class="mention hashtag" '
        'rel="tag">#<span>DankeStadtIT</span></a></p>',
        "en",
        True,
        ["DankeStadtIT"],
        15,
        None,
    ),
    ("jo", "2026-11-21T08:00:00Z", "", "de", False, ["DankeStadtIT"], 0, 1),
    (
        "ours",
        "2026-11-18T08:00:00Z",
        "<p>Neu im Intranet: Kater Joey erklärt die Zwei-Faktor-Anmeldung in 90 Sekunden.</p>",
        "de",
        False,
        [],
        18,
        None,
    ),
]

# Replies (by index of POSTS) that removed the automatic mention: only the thread shows them.
REPLIES: list[tuple[str, str, str, int]] = [
    ("jo", "2026-11-18T12:30:00Z", "<p>Super erklärt, hat bei uns im Team sofort geklappt! 👏</p>", 8),
]


def _snowflake(moment: str, sequence: int) -> str:
    # Mastodon's ids: milliseconds since the Unix epoch, shifted left 16 bits, plus a sequence.
    millis = int(datetime.fromisoformat(moment).astimezone(UTC).timestamp() * 1000)
    return str((millis << 16) + sequence)


def _account(person: str) -> dict[str, Any]:
    account_id, acct, name = PEOPLE[person]
    username, _, domain = acct.partition("@")
    home = domain or INSTANCE
    return {
        "id": account_id,
        "username": username,
        "acct": acct,
        "display_name": name,
        "url": f"https://{home}/@{username}",
        "bot": False,
    }


def build() -> dict[str, Any]:
    statuses: list[dict[str, Any]] = []
    for number, (person, moment, content, language, mentions_bot, tags, favourites, reblog) in enumerate(
        POSTS
    ):
        account = _account(person)
        status_id = _snowflake(moment, number)
        home = account["url"].split("/@")[0]
        status: dict[str, Any] = {
            "id": status_id,
            "uri": f"{home}/users/{account['username']}/statuses/{status_id}",
            "url": f"{home}/@{account['username']}/{status_id}",
            "created_at": moment,
            "account": account,
            "content": content,
            "visibility": "public",
            "sensitive": False,
            "spoiler_text": "",
            "media_attachments": [],
            "mentions": [
                {**BOT, "url": f"https://{INSTANCE}/@{BOT['username']}"}
                for _ in range(1 if mentions_bot else 0)
            ],
            "tags": [{"name": t.lower(), "url": f"https://{INSTANCE}/tags/{t.lower()}"} for t in tags],
            "emojis": [],
            "reblogs_count": 0,
            "favourites_count": favourites,
            "replies_count": 0,
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "reblog": statuses[reblog] if reblog is not None else None,
            "language": language,
            "edited_at": None,
        }
        if reblog is not None:
            status["uri"] = f"{home}/users/{account['username']}/statuses/{status_id}/activity"
            status["url"] = None
            statuses[reblog]["reblogs_count"] += 1
        statuses.append(status)
    for number, (person, moment, content, parent) in enumerate(REPLIES, start=len(POSTS)):
        account = _account(person)
        status_id = _snowflake(moment, number)
        home = account["url"].split("/@")[0]
        reply = {
            **statuses[parent],
            "id": status_id,
            "uri": f"{home}/users/{account['username']}/statuses/{status_id}",
            "url": f"{home}/@{account['username']}/{status_id}",
            "created_at": moment,
            "account": account,
            "content": content,
            "mentions": [],
            "tags": [],
            "favourites_count": 3,
            "reblogs_count": 0,
            "replies_count": 0,
            "in_reply_to_id": statuses[parent]["id"],
            "in_reply_to_account_id": statuses[parent]["account"]["id"],
        }
        statuses[parent]["replies_count"] += 1
        statuses.append(reply)
    return {"instance": INSTANCE, "bot": BOT, "statuses": statuses}


def main() -> None:
    path = Path(__file__).with_name("corpus.json")
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
