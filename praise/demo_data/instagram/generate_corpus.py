"""Write the fictional Instagram demo corpus (`corpus.json`) that the fake Instagram serves.

Everything here is invented: the tutorial cat Kater Joey (`kater.joey.demo`) of the IT department of the
fictional city Beispielstadt, his followers and their comments. The output is deterministic (fixed texts,
fixed times, a seeded `random.Random` only for picking commenters), so rerunning the script reproduces the
committed file byte for byte::

    .venv/bin/python praise/demo_data/instagram/generate_corpus.py

Times are Europe/Berlin wall-clock times (CET, UTC+1, in November) turned into Unix timestamps.
Media ids and shortcodes are related exactly as on Instagram (the shortcode is the base64 of the id).
"""

from __future__ import annotations

import json
import random
from base64 import b64encode
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("corpus.json")
CET = timezone(timedelta(hours=1))
JOEY = "kater.joey.demo"
CDN = "https://scontent.example.invalid/v/demo"

USERS: dict[str, tuple[str, str]] = {
    # username: (pk, full name)
    JOEY: ("61000000001", "Kater Joey 🐈 | IT-Referat Beispielstadt (Demo)"),
    "anna.beispiel": ("61000000101", "Anna Beispiel"),
    "mo_aus_amt42.bsp": ("61000000102", "Mo aus Amt 42"),
    "buergerbuero.bsp": ("61000000103", "Bürgerbüro Beispielstadt (Demo)"),
    "heike_k_demo": ("61000000104", "Heike K."),
    "tom.schreibt.demo": ("61000000105", "Tom schreibt"),
    "lisa.wandert.bsp": ("61000000106", "Lisa"),
    "kollege_keks.bsp": ("61000000107", "Keks"),
    "mara.k.demo": ("61000000108", "Mara K."),
    "jonas.radelt.bsp": ("61000000109", "Jonas"),
    "oma.gertrud.bsp": ("61000000110", "Gertrud"),
    "dev.dana.demo": ("61000000111", "Dana (she/her)"),
    "stadtbib.beispiel": ("61000000112", "Stadtbibliothek Beispielstadt (Demo)"),
    "paul_p_demo": ("61000000113", "Paul P."),
    "sarah.nachtschicht.demo": ("61000000114", "Sarah"),
    "katzenliebe_bsp": ("61000000115", "Katzenliebe Beispielstadt"),
    "ralf.r.demo": ("61000000116", "Ralf R."),
    "eva.elster.bsp": ("61000000117", "Eva"),
    "feuerwache3.bsp": ("61000000118", "Feuerwache 3 Beispielstadt (Demo)"),
    "schule.am.park.bsp": ("61000000119", "Grundschule am Park (Demo)"),
    "jugendzentrum.bsp": ("61000000120", "JuZ Beispielstadt (Demo)"),
    "kita.sonnenschein.bsp": ("61000000121", "Kita Sonnenschein (Demo)"),
    "musikschule.bsp": ("61000000122", "Musikschule Beispielstadt (Demo)"),
    "hannah.fotografiert.bsp": ("61000000123", "Hannah"),
    "nerd.niklas.demo": ("61000000124", "Niklas"),
}
# Private people who comment (institutions only post and get tagged).
COMMENTERS = [
    "anna.beispiel",
    "mo_aus_amt42.bsp",
    "heike_k_demo",
    "tom.schreibt.demo",
    "lisa.wandert.bsp",
    "kollege_keks.bsp",
    "mara.k.demo",
    "jonas.radelt.bsp",
    "oma.gertrud.bsp",
    "dev.dana.demo",
    "paul_p_demo",
    "sarah.nachtschicht.demo",
    "katzenliebe_bsp",
    "ralf.r.demo",
    "eva.elster.bsp",
    "nerd.niklas.demo",
]

# Invented comments: mostly German, some English; praise, thanks, complaints, irony, questions, emoji.
COMMENTS = [
    "Danke Joey, endlich verstehe ich das VPN! 🙏",
    "Das IT-Referat ist einfach spitze, schnelle Hilfe heute Morgen 👏",
    "Joey for president 😻",
    "Hat bei mir sofort geklappt, vielen Dank!",
    "Und was mache ich, wenn das Schloss rot bleibt?",
    "Super erklärt, sogar ich hab's kapiert 😂",
    "Wow, die Anleitung ist besser als das Handbuch",
    "Danke an das ganze IT-Team für die Geduld mit uns!",
    "Toll, noch ein Passwort mehr. Genau das, was mir gefehlt hat 🙄",
    "Bei uns im Amt geht der Drucker trotzdem nicht 😤",
    "Kann man das auch am Mac machen?",
    "Joey ist der beste Kollege im ganzen Rathaus 🐈",
    "Thanks, this saved my morning!",
    "Great tutorial, the cat is a natural 😺",
    "Seit drei Tagen warte ich auf mein Ticket. Super Service. Wirklich.",
    "Danke für die schnelle Hilfe gestern, das Team war klasse!",
    "Mehr Katzencontent in der Verwaltung bitte 🐾🐾",
    "Endlich mal eine IT, die erklärt statt zu schimpfen ❤️",
    "Warum dauert die Anmeldung morgens immer so lange?",
    "Ich hab's ausprobiert: läuft! 👍",
    "Lol, Joey tippt schneller als ich",
    "Wie heißt die App nochmal genau?",
    "Klasse Idee mit den Tutorials, bitte weitermachen!",
    "Die Hotline hat mir heute super geholfen, großes Lob 👏👏",
    "Na klar, und morgen ist wieder alles anders 😅",
    "Is there an English version of the guide?",
    "Danke IT-Referat! Ohne euch wäre ich aufgeschmissen",
    "Mein Kater guckt jetzt auch Tutorials 😹",
    "Das Video ist zu schnell, kann man das langsamer machen?",
    "Ganz ehrlich: die neue Anmeldung nervt.",
    "Wunderbar erklärt, danke schön!",
    "Joey > jede Schulung, die ich je hatte",
    "Bei mir kommt eine Fehlermeldung 0x800, was tun?",
    "Liebe Grüße an das Team im Keller 💙",
    "Sehr hilfreich, hab's gleich an die Kollegen weitergeleitet",
    "Thank you IT team, you're the real MVPs 🙌",
    "Wer hat Joey das Tippen beigebracht? 🤔",
    "Funktioniert das auch im Homeoffice?",
    "Schon wieder ein Update... 🙃",
    "Perfekt, genau das hab ich gesucht!",
    "Ich liebe diese Reihe! Mehr davon 😍",
    "Danke, dass ihr am Samstag noch den Server gerettet habt!",
    "Super, jetzt klappt auch das Drucken wieder 🖨️✨",
    "Echt jetzt? Dafür braucht man ein Tutorial? 😏",
    "Die Kamera ging bei mir erst nach dem Neustart",
    "Hab Joey heute im Flur gesehen, er war sehr beschäftigt 😸",
    "So stelle ich mir moderne Verwaltung vor 👍",
    "Könnt ihr auch mal was zum E-Mail-Postfach machen?",
    "Die Kollegin vom Service-Desk war unglaublich freundlich, danke!",
    "Ich warte lieber auf die Version mit Hund 🐶",
    "Ok, das war wirklich einfach. Danke!",
    "Nice, finally a guide that works",
    "Und wer hilft mir, wenn Joey schläft? 😴",
    "Klasse, danke für die Geduld bei meinem Problem letzte Woche",
    "Meine Tastatur hat jetzt Katzenhaare 😂",
    "Danke, das Ticketportal ist wirklich übersichtlicher geworden",
    "Das alte Portal war besser, sorry.",
    "Wo finde ich den Link zum Portal?",
    "Zwei-Faktor eingerichtet in 2 Minuten, top! ⏱️",
    "Joey macht Sicherheit sympathisch 🔐😺",
    "Ich hab die Mail fast angeklickt... danke für die Warnung!",
    "Phishing-Tipps sind Gold wert, danke!",
    "This cat knows more about IT than my last admin 😂",
    "Ein Hoch auf das IT-Referat! 🥳",
    "Bitte bitte mehr Videos!",
    "Das Headset rauscht bei mir immer noch",
    "Danke fürs Zeigen, Joey 🐾",
    "Schöne Sonntagsruhe, Joey 😴",
    "Was macht Joey eigentlich am Wochenende?",
    "Großartig, endlich Backups ohne Stress 💾",
    "Ich dachte, Backups macht die Cloud von alleine? 🤷",
    "Respekt an das Team, das alles am Laufen hält 🙏",
    "Na toll, jetzt will mein Kind auch einen IT-Kater",
    "Hervorragend, danke für die Mühe!",
    "Zu viel Text, gibt's das kürzer? 😅",
    "Danke für diesen schönen Rückblick ❤️",
    "Ihr seid die Besten, ehrlich",
    "Can Joey fix my printer too? 🙏",
    "Habt ihr Joey schon für die Weihnachtsfeier gebucht? 🎄",
    "Super Video, sehr gut gemacht 🎬",
    "Endlich mal jemand, der Geduld mit Technik-Muffeln hat 😊",
    "Hmm, bei mir startet das VPN immer noch nicht",
    "Danke! Ich hab das gleich ausprobiert.",
    "Willkommen, Joey! 🎉",
    "So ein süßer Kollege 😻",
    "Erinnert mich an meinen Kater Mikesch",
]
ANSWERS_BY_JOEY = [
    "Danke dir! 😺 Joey schnurrt.",
    "Schreib uns bitte ein Ticket, dann schauen wir gemeinsam drauf 🐾",
    "Ja, am Mac geht es genauso – Anleitung folgt!",
    "Miau, gern geschehen! 🐈",
    "Das Team hat sich sehr über dein Lob gefreut 💙",
    "Der Link steht in der Bio 😺",
]
ANSWERS_BY_OTHERS = [
    "Bei mir half ein Neustart 🙂",
    "Same here 😂",
    "Stimmt, ging mir genauso",
    "Frag mal beim Service-Desk, die sind super",
]


def ts(day: int, hour: int, minute: int = 0, month: int = 11) -> int:
    return int(datetime(2026, month, day, hour, minute, tzinfo=CET).timestamp())


def shortcode(media_id: int) -> str:
    """Instagram's shortcode is the URL-safe base64 of the media id (as `instaloader.Post` converts it)."""
    return b64encode(media_id.to_bytes(9, "big"), b"-_").decode().replace("A", " ").lstrip().replace(" ", "A")


# (day, month, hour, minute, media type, children, caption or None, comment count, pinned)
LONG_CAPTION = (
    "Rückblick auf drei Wochen Tutorials mit Joey 🐈💻\n\n"
    + "\n".join(
        f"{n}. {line}"
        for n, line in enumerate(
            [
                "VPN starten – ihr habt es tausendfach geschafft 🔐",
                "Passwort-Self-Service – weniger Anrufe bei der Hotline ☎️",
                "Headsets im Bürgerbüro – rauschfrei (fast) 🎧",
                "Drucker hinzufügen – der Klassiker 🖨️",
                "Phishing erkennen – riecht komisch? Nicht klicken! 🐟",
                "Videokonferenzen – Kamera an, Mikro aus 😺",
                "Backups – lieber einmal zu viel 💾",
                "Zwei-Faktor-App – in zwei Minuten eingerichtet 📱",
                "Ticketportal – drei Schritte, fertig ✅",
            ],
            start=1,
        )
    )
    + "\n\n"
    + (
        "Ein riesiges Dankeschön an alle Kolleginnen und Kollegen im IT-Referat, die im Hintergrund "
        "Server pflegen, Tickets lösen, Kabel ziehen und dabei immer freundlich bleiben. Ihr seid großartig! "
        "💙 "
    )
    * 12
    + "\n\nFragen? Ab in die Kommentare 👇\n#ITReferat #Beispielstadt #Danke"
)
PROFILE_POSTS: list[tuple[int, int, int, int, int, int, str | None, int, bool]] = [
    (
        7,
        9,
        10,
        0,
        1,
        0,
        "Hallo Beispielstadt! 👋 Ich bin Kater Joey, der Tutorial-Kater des IT-Referats. "
        "Hier zeige ich euch jede Woche einen Handgriff, der den Arbeitstag leichter macht. 🐾\n#ITReferat",
        3,
        True,
    ),
    (
        26,
        10,
        8,
        30,
        1,
        0,
        "Zeitumstellung! ⏰ Joey stellt alle Uhren im Rathaus um – die Rechner machen das "
        "zum Glück von allein.\n#ITReferat #Beispielstadt",
        2,
        False,
    ),
    (
        2,
        11,
        9,
        30,
        1,
        0,
        "Joey zeigt, wie man das VPN startet 🔐🐾\n\n1. „Stadt-VPN“ im Startmenü öffnen\n"
        "2. Mit dem Dienstkonto anmelden\n3. Warten, bis das Schloss grün ist. Fertig!\n#ITReferat #Beispielstadt",
        6,
        False,
    ),
    (
        4,
        11,
        12,
        15,
        1,
        0,
        "Passwort vergessen? Kein Problem: Joey zeigt den Self-Service im Intranet. "
        "Pfote auf „Passwort zurücksetzen“, Code aus der SMS eintippen, neues Passwort wählen. 🔑",
        5,
        False,
    ),
    (5, 11, 16, 0, 2, 0, "Joey testet die neuen Headsets im Bürgerbüro 🎧 (Ton an!)", 6, False),
    (
        7,
        11,
        11,
        45,
        8,
        4,
        "Schritt für Schritt: Drucker im Netzwerk hinzufügen 🖨️ Wischt durch die vier Bilder!",
        5,
        False,
    ),
    (
        9,
        11,
        8,
        0,
        1,
        0,
        "Phishing erkennen mit Joey: Wenn die Mail komisch riecht, nicht klicken! 🐟🚫\n"
        "Im Zweifel: weiterleiten an den Service-Desk.",
        7,
        False,
    ),
    (
        11,
        11,
        14,
        30,
        1,
        0,
        "Videokonferenz beitreten wie ein Profi: Kamera an, Mikro aus, Katze im Bild 😺📹",
        5,
        False,
    ),
    (
        13,
        11,
        10,
        0,
        8,
        3,
        "Backup nicht vergessen! Joey zeigt, wo die Sicherung im Explorer steckt 💾",
        5,
        False,
    ),
    (15, 11, 17, 20, 1, 0, None, 4, False),
    (
        16,
        11,
        9,
        0,
        1,
        0,
        "Neue Woche, neues Tutorial: Joey zeigt, wie man die Zwei-Faktor-App einrichtet 📱✅\n"
        "QR-Code scannen, sechs Ziffern eintippen, fertig.\n#ITReferat",
        6,
        False,
    ),
    (
        17,
        11,
        13,
        0,
        8,
        3,
        "Das neue Ticketportal in drei Schritten 🎫 1) Anmelden 2) Kategorie wählen "
        "3) Absenden. Joey hat es getestet!",
        5,
        False,
    ),
    (19, 11, 18, 0, 1, 0, LONG_CAPTION, 12, False),
    (21, 11, 10, 30, 2, 0, "Joey startet das VPN – jetzt auch als Video 🎬🔐", 5, False),
]
TAGGED_POSTS: list[tuple[str, int, int, int, int, str | None, int]] = [
    # (owner, day, hour, minute, media type, caption, comment count)
    (
        "buergerbuero.bsp",
        3,
        10,
        0,
        1,
        "Heute hat uns @kater.joey.demo beim Einrichten der neuen Headsets geholfen. Danke, IT-Referat! 🙌",
        2,
    ),
    (
        "schule.am.park.bsp",
        6,
        13,
        30,
        8,
        "Besuch vom IT-Referat: die Tablets laufen wieder! Und @kater.joey.demo war auch dabei 🐈",
        1,
    ),
    ("anna.beispiel", 8, 19, 0, 1, "Mein Lieblingskollege im Rathaus 😻 @kater.joey.demo", 0),
    (
        "feuerwache3.bsp",
        10,
        7,
        45,
        1,
        "Funkgeräte-Software aktualisiert, danke an das IT-Team und @kater.joey.demo 🚒",
        1,
    ),
    (
        "stadtbib.beispiel",
        12,
        15,
        0,
        8,
        "Neue Leseplätze mit WLAN – das IT-Referat hat geliefert. "
        "Schnurrende Qualitätskontrolle: @kater.joey.demo",
        2,
    ),
    ("jugendzentrum.bsp", 14, 20, 0, 2, None, 0),
    ("kita.sonnenschein.bsp", 18, 9, 30, 1, "Die Kinder haben Joey ein Bild gemalt 🎨 @kater.joey.demo", 1),
    (
        "musikschule.bsp",
        20,
        16,
        0,
        1,
        "Dank IT-Referat klappt der Online-Unterricht endlich ohne Aussetzer. Grüße an @kater.joey.demo 🎻",
        1,
    ),
]
HASHTAG_POSTS: list[tuple[str, int, int, int, int, str]] = [
    (
        "hannah.fotografiert.bsp",
        4,
        18,
        0,
        1,
        "Sonnenuntergang am Rathaus, und wer sitzt im Fenster? #katerjoey #beispielstadt 🌇",
    ),
    ("nerd.niklas.demo", 9, 21, 15, 1, "Hab das VPN-Tutorial nachgebaut, läuft! #KaterJoey #Homeoffice"),
    ("katzenliebe_bsp", 12, 12, 0, 8, "Fanart für den berühmtesten Kater der Stadt 🎨 #katerjoey"),
    (
        "mara.k.demo",
        17,
        8,
        20,
        1,
        "Montagmotivation: Joey erklärt 2FA besser als jede Schulung 😂 #katerjoey",
    ),
    ("paul_p_demo", 20, 22, 0, 2, "Kurzes Video: mein Kater schaut Joeys Tutorial #katerjoey 🐈‍⬛"),
]


def media_item(
    media_id: int,
    owner: str,
    taken_at: int,
    media_type: int,
    children: int,
    caption: str | None,
    rng: random.Random,
) -> dict[str, Any]:
    code = shortcode(media_id)
    item: dict[str, Any] = {
        "pk": str(media_id),
        "code": code,
        "owner": owner,
        "taken_at": taken_at,
        "media_type": media_type,
        "caption": caption,
        "like_count": rng.randint(12, 240),
        "image_url": f"{CDN}/{code}/0.jpg",
        "pinned": False,
        "usertags": [],
        "children": [],
        "comments": [],
    }
    if media_type == 2:
        item["video_url"] = f"{CDN}/{code}/0.mp4"
        item["video_duration"] = round(rng.uniform(15, 90), 1)
        item["view_count"] = rng.randint(200, 3000)
    for n in range(children):
        child_type = 2 if n == children - 1 and children > 3 else 1
        child: dict[str, Any] = {"media_type": child_type, "image_url": f"{CDN}/{code}/{n + 1}.jpg"}
        if child_type == 2:
            child["video_url"] = f"{CDN}/{code}/{n + 1}.mp4"
        item["children"].append(child)
    return item


def add_comments(
    post: dict[str, Any], count: int, texts: list[str], rng: random.Random, next_id: list[int]
) -> None:
    taken_at = post["taken_at"]
    for n in range(count):
        next_id[0] += 7_919
        created = taken_at + 300 + n * 3_600 * rng.choice([1, 2, 5, 11, 23])
        comment: dict[str, Any] = {
            "pk": str(next_id[0]),
            "user": rng.choice(COMMENTERS),
            "text": texts.pop(0),
            "created_at": created,
            "like_count": rng.choice([0, 0, 1, 2, 3, 5, 8]),
            "answers": [],
        }
        # Every third comment gets an answer, mostly from Joey; posts with five comments get one long
        # answer chain (more answers than Instagram embeds in a comment node).
        answers = 0
        if n % 3 == 1:
            answers = 1
        if len(post["comments"]) == 2 and count == 5:
            answers = 4
        for a in range(answers):
            next_id[0] += 7_919
            by_joey = a % 2 == 0
            comment["answers"].append(
                {
                    "pk": str(next_id[0]),
                    "user": JOEY if by_joey else rng.choice(COMMENTERS),
                    "text": rng.choice(ANSWERS_BY_JOEY if by_joey else ANSWERS_BY_OTHERS),
                    "created_at": created + 1_800 * (a + 1),
                    "like_count": rng.choice([0, 1, 2]),
                }
            )
        post["comments"].append(comment)


def build() -> dict[str, Any]:
    rng = random.Random(47)
    texts = list(COMMENTS)
    next_comment_id = [18_031_000_000_000_000]
    media_id = 3_700_000_000_000_000_000
    posts: list[dict[str, Any]] = []
    for day, month, hour, minute, media_type, children, caption, n_comments, pinned in PROFILE_POSTS:
        media_id += 7_919_000_123
        post = media_item(media_id, JOEY, ts(day, hour, minute, month), media_type, children, caption, rng)
        post["pinned"] = pinned
        add_comments(post, n_comments, texts, rng, next_comment_id)
        posts.append(post)
    for owner, day, hour, minute, media_type, caption, n_comments in TAGGED_POSTS:
        media_id += 7_919_000_123
        post = media_item(
            media_id, owner, ts(day, hour, minute), media_type, 3 if media_type == 8 else 0, caption, rng
        )
        post["usertags"] = [JOEY]
        add_comments(post, n_comments, texts, rng, next_comment_id)
        posts.append(post)
    for owner, day, hour, minute, media_type, caption in HASHTAG_POSTS:
        media_id += 7_919_000_123
        post = media_item(
            media_id, owner, ts(day, hour, minute), media_type, 2 if media_type == 8 else 0, caption, rng
        )
        posts.append(post)
    users = [
        {"pk": pk, "username": name, "full_name": full_name, "is_private": False, "is_verified": False}
        for name, (pk, full_name) in USERS.items()
    ]
    return {
        "note": "Fictional demo data for praise-pipeline; every account, person and text is invented.",
        "generator": "praise/demo_data/instagram/generate_corpus.py",
        "profile": {
            "username": JOEY,
            "biography": "Tutorial-Kater des IT-Referats Beispielstadt 🐈💻 Jede Woche ein Handgriff. "
            "(Fiktives Demo-Konto)",
            "follower_count": 1_847,
            "following_count": 61,
        },
        "users": users,
        "posts": posts,
    }


def main() -> None:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
