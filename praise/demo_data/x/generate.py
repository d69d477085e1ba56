"""Write the fictional X demo corpus (`corpus.json`) that `praise.fakes.x_api.FakeXApi` serves.

Everything here is invented: the IT department of the fictional city Beispielstadt (`@StadtIT_Demo`), its
tutorial cat Kater Joey, and the people who thank it, grumble about it or only pass by. The posts cover
ISO weeks 2026-W45 to W47 (Europe/Berlin), most of them in the demo week W47 (16 to 22 Nov 2026).

The output is deterministic (fixed texts, story times where a text depends on them, a seeded
`random.Random` for the rest), so rerunning the script reproduces the committed file byte for byte::

    .venv/bin/python praise/demo_data/x/generate.py

Posts are shaped as X API v2 returns them with every field requested: snowflake ids that encode their
creation time (`collectors.x.ids`), entities with code-point offsets, public metrics, references for
replies, quotes and reposts (with the "RT @user: " text X gives a repost), media keys and, for the one long
post, `note_tweet` with the full text while `text` holds the first 280 characters.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from collectors.x.ids import first_id_at
from praise.fakes.x_api import DEMO_NOW

OUT = Path(__file__).with_name("corpus.json")
BERLIN = ZoneInfo("Europe/Berlin")
WEEK_START = {45: date(2026, 11, 2), 46: date(2026, 11, 9), 47: date(2026, 11, 16)}
MEDIA_HOST = "https://pbs.example.invalid"
SHORT_LINK = "https://t.co/"
TEXT_LIMIT = 280
# A repost's text is cut like this by X; its full text lives in the post it repeats.
REPOST_TEXT_LIMIT = 140
JSONish = dict[str, Any]

OWN = "StadtIT_Demo"
STAFF = "joey_team_anna"
# An account that was deleted after posting: its posts stay, X can no longer expand the author.
DELETED_AUTHOR_ID = "1700000000000000999"

# The tables below keep one record per line, so that the posts read like the timeline they make.
# fmt: off
USERS: list[tuple[str, str, str, str]] = [
    # (username, name, description, account creation date)
    (
        OWN,
        "IT-Referat Beispielstadt (Demo)",
        "Das IT-Referat der Stadt Beispielstadt. Mit Kater Joey 🐈",
        "2019-03-04",
    ),
    (
        STAFF,
        "Anna | IT-Referat (Demo)",
        "Servicedesk im IT-Referat Beispielstadt. Privat hier.",
        "2020-06-11",
    ),
    ("lena_beispiel", "Lena Beispiel", "Bürgeramt Beispielstadt. Kaffee, Akten, Fahrrad.", "2015-02-20"),
    ("tom_aus_bsp", "Tom K.", "Sachbearbeiter, Hobbyfotograf", "2012-09-01"),
    ("mira_verwaltet", "Mira S.", "Personalamt | Meinungen sind meine eigenen", "2017-05-12"),
    ("kai_im_amt", "Kai", "Tiefbauamt, Homeoffice-Veteran", "2018-01-30"),
    ("jens_bauamt_bsp", "Jens vom Bauamt", "Pläne, Pläne, Pläne", "2016-10-03"),
    ("rathaus_ruth", "Ruth Brenner", "Vorzimmer Bürgermeisterei", "2011-04-18"),
    ("pendlerpaul_bsp", "Paul pendelt", "Jeden Tag 42 km. Manchmal Homeoffice.", "2019-08-22"),
    ("sabine_kita_bsp", "Sabine", "Kita-Verwaltung | Mama von zwei", "2014-07-07"),
    ("heinz_oamt_bsp", "Heinz W.", "Ordnungsamt, seit 31 Jahren dabei", "2021-01-05"),
    ("jule_codet", "Jule", "Azubi Fachinformatik @ Stadt | Linux, Tee, Katzen", "2022-09-01"),
    ("nadine_s_bsp", "Nadine Schulz", "Standesamt. Hochzeiten und Formulare.", "2013-03-15"),
    ("buergeramt_bsp", "Bürgeramt Beispielstadt (Demo)", "Termine, Ausweise, Anmeldungen.", "2018-11-11"),
    ("stadtbib_bsp", "Stadtbibliothek Beispielstadt (Demo)", "Lesen, Lernen, WLAN.", "2016-02-02"),
    ("feuerwache3_bsp", "Feuerwache 3 (Demo)", "Löschzug Nord", "2017-12-24"),
    (
        "musikschule_bsp",
        "Musikschule Beispielstadt (Demo)",
        "Unterricht für alle Altersgruppen",
        "2015-09-09",
    ),
    ("ratsfrau_kim", "Kim Okafor", "Stadträtin, Ausschuss Digitales", "2020-02-14"),
    ("opa_egon_bsp", "Egon", "Rentner. Lerne gerade Videotelefonie.", "2023-04-01"),
    ("fan_fc_bsp", "FC-Fan Micha", "Blau-Weiß bis in den Tod ⚽", "2010-08-15"),
    ("wetter_bsp_demo", "Wetter Beispielstadt (Demo)", "Hobby-Wetterstation am Stadtpark", "2019-11-30"),
    ("katzenliebe_bsp", "Katzenliebe", "🐈🐈‍⬛🐈", "2021-06-06"),
    ("lokalblatt_bsp", "Beispielstädter Anzeiger (Demo)", "Lokalnachrichten aus Beispielstadt", "2012-01-01"),
    ("dev_marek_demo", "Marek D.", "Backend dev, contractor for the city. Opinions mine.", "2014-05-05"),
    (
        "sarah_ux_demo",
        "Sarah (remote)",
        "UX researcher working with the city. Remote from Leipzig.",
        "2016-03-03",
    ),
    ("ops_oliver_demo", "Oliver | Ops", "Network ops. Coffee-driven.", "2013-10-10"),
    ("expat_emma_bsp", "Emma", "Brit in Beispielstadt. Learning German, slowly.", "2018-08-08"),
    ("prof_lee_demo", "Dr. J. Lee", "Visiting researcher, smart cities.", "2011-11-11"),
    ("noah_intern_bsp", "Noah", "Intern at city hall, from Rotterdam", "2023-02-02"),
    ("deals4you_247", "Beste Deals 24/7", "💰💰💰 DM für Kooperationen", "2026-10-30"),
    ("krypto_gewinn24", "Krypto Gewinn", "Finanzielle Freiheit in 30 Tagen 🚀", "2026-11-01"),
    ("follow_boost_x", "Follower Boost", "Mehr Reichweite, sofort", "2026-11-12"),
]
# fmt: on

# Media kinds for attachments: X's media_key prefixes by type.
MEDIA_PREFIX = {"photo": "3", "video": "7", "animated_gif": "16"}


@dataclass(frozen=True, slots=True)
class Post:
    """One hand-written post; ``day`` (0 = Monday) and ``at`` ("HH:MM", Berlin) pin story times."""

    key: str
    author: str
    text: str
    lang: str = "de"
    day: int | None = None
    at: str | None = None
    reply_to: str | None = None
    quotes: str | None = None
    media: tuple[tuple[str, str], ...] = ()  # (type, alt text)
    popular: bool = False


LONG_NOTE = (
    "Kurzer Erfahrungsbericht nach drei Monaten Homeoffice-Ausstattung durch @StadtIT_Demo:\n\n"
    "✅ Laptop kam vorinstalliert, inklusive Drucker-Treiber für das Amt\n"
    "✅ VPN verbindet sich inzwischen automatisch beim Start\n"
    "✅ Headset und zweiter Monitor wurden nach Hause geliefert\n"
    "➖ Die Videokonferenzen ruckeln bei mir noch, wenn die Kinder streamen 😅\n\n"
    "Am meisten geholfen haben ehrlich gesagt die kurzen Videos von Kater Joey. "
    "Zwei Minuten, ein Thema, fertig. So sollte jede Anleitung sein.\n\n"
    "Danke ans ganze Team! #DankeStadtIT"
)

# fmt: off
W45: list[Post] = [
    Post("w45_vpn_client", "kai_im_amt", "Neuer VPN-Client seit heute früh. Verbindet in 3 Sekunden statt 30. Wer auch immer das war: danke! @StadtIT_Demo", day=0, at="08:14"),
    Post("w45_it_news", OWN, "Ab heute verteilen wir den neuen VPN-Client automatisch. Kein Neustart nötig, einfach abwarten ☕ Fragen? Helpdesk unter Durchwahl 4242.", day=0, at="07:30"),
    Post("w45_laptop_q", "nadine_s_bsp", "@StadtIT_Demo Kurze Frage: Bekommt das Standesamt auch die neuen Laptops oder erst nächstes Jahr?", day=0, at="10:02"),
    Post("w45_laptop_a", OWN, "Das Standesamt ist für Dezember eingeplant. Wir melden uns rechtzeitig mit Terminen!", reply_to="w45_laptop_q"),
    Post("w45_helpdesk_fast", "lena_beispiel", "Drucker im Bürgeramt streikte, Helpdesk war nach 20 Minuten da. Respekt 🙏 @StadtIT_Demo #DankeStadtIT", day=1),
    Post("w45_joey_intro", OWN, "Darf ich vorstellen: Kater Joey 🐈 Ab jetzt erklärt er euch jede Woche in zwei Minuten ein IT-Thema. Folge 1: Passwörter, die man sich merken kann.", day=1, at="12:00", media=(("video", "Kater Joey sitzt vor einer Tastatur"),)),
    Post("w45_joey_love", "sabine_kita_bsp", "Kater Joey erklärt Passwörter und meine Kollegin hat zum ersten Mal freiwillig ihr Passwort geändert 😂 @StadtIT_Demo", day=1, at="15:40"),
    Post("w45_joey_en", "expat_emma_bsp", "The city IT (@StadtIT_Demo) has a cat who explains passwords. Kater Joey. I think I love this town 😹", lang="en", day=1, at="19:05"),
    Post("w45_intranet_slow", "mira_verwaltet", "@StadtIT_Demo Das Intranet braucht heute gefühlt eine Minute pro Seite. Ist das bekannt?", day=2, at="09:20"),
    Post("w45_intranet_known", OWN, "Ja, ist bekannt, wir arbeiten dran. Ursache ist ein volles Speichersystem, Lösung kommt heute Nachmittag.", reply_to="w45_intranet_slow"),
    Post("w45_intranet_ok", "mira_verwaltet", "Läuft wieder flott. Danke für die schnelle Info!", reply_to="w45_intranet_known"),
    Post("w45_monitors", "jens_bauamt_bsp", "Zwei große Monitore fürs Bauamt. Endlich passen die Pläne auf den Schirm 😍 @StadtIT_Demo #DankeStadtIT", day=2, media=(("photo", "Zwei Monitore mit Bauplänen auf einem Schreibtisch"),)),
    Post("w45_teams_bad", "pendlerpaul_bsp", "Drittes Meeting heute, in dem mein Ton weg war. Liegt das an mir oder am Videokonferenzsystem, @StadtIT_Demo?", day=3),
    Post("w45_opa", "opa_egon_bsp", "Meine Enkelin hat mir das Video von Kater Joey gezeigt. Jetzt kann ich endlich mit ihr videotelefonieren! Danke an @StadtIT_Demo 👴📱", day=3),
    Post("w45_marek_api", "dev_marek_demo", "Working with @StadtIT_Demo on the new appointment API. Surprisingly good docs for a city IT shop. Kudos.", lang="en", day=3),
    Post("w45_spam", "krypto_gewinn24", "@StadtIT_Demo 🚀🚀 Verdiene bis zu 5.000 € pro Woche von zu Hause! Keine Erfahrung nötig. Link in Bio 💸", day=4),
    Post("w45_wetter", "wetter_bsp_demo", "Erster Frost heute Nacht am Stadtpark: -2,1 °C ❄️ Handschuhe nicht vergessen!", day=4, at="07:10"),
    Post("w45_lokal", "lokalblatt_bsp", "Beispielstadt digitalisiert: 600 neue Laptops für die Verwaltung bis Jahresende. Das IT-Referat (@StadtIT_Demo) rechnet mit Abschluss im Dezember.", day=4),
    Post("w45_vpn_down", "heinz_oamt_bsp", "VPN geht nicht. Schon wieder. @StadtIT_Demo", day=4, at="14:12"),
    Post("w45_oliver", "ops_oliver_demo", "Nice to see @StadtIT_Demo publish a proper post-mortem for the intranet slowdown. More orgs should do this.", lang="en", day=5),
    Post("w45_anna", STAFF, "Erste Woche mit dem neuen VPN-Client geschafft. Danke an alle Kolleginnen und Kollegen für die Geduld am Telefon! @StadtIT_Demo #DankeStadtIT", day=4, at="17:30"),
    Post("w45_cat_other", "katzenliebe_bsp", "Unser Kater schläft seit drei Stunden auf der warmen Heizung. Montagsstimmung am Freitag 🐈", day=4),
    Post("w45_sunday", "tom_aus_bsp", "Sonntag, und ich bin froh, dass ich das Diensthandy jetzt einfach ausschalten darf. Gute Regel, @StadtIT_Demo 👍", day=6),
]

W46: list[Post] = [
    Post("w46_ticket", "rathaus_ruth", "Ticket um 8:05 aufgemacht, um 8:40 war der Drucker wieder da. Das Vorzimmer sagt danke, @StadtIT_Demo! #DankeStadtIT", day=0, at="08:45"),
    Post("w46_joey_2fa", OWN, "Folge 2 mit Kater Joey: Warum die Zwei-Faktor-Anmeldung nervt und trotzdem schützt 🔐", day=1, at="12:00", media=(("video", "Kater Joey tippt auf ein Smartphone"),)),
    Post("w46_joey_fan", "jule_codet", "@StadtIT_Demo Kater Joey ist besser im Erklären als die Hälfte meiner Berufsschullehrer 😹 #DankeStadtIT", day=1, at="13:10"),
    Post("w46_joey_q", "rathaus_ruth", "@StadtIT_Demo Gibt es die Videos von Kater Joey auch mit Untertiteln? Im Vorzimmer ist Ton leider keine Option.", day=1, at="16:30"),
    Post("w46_joey_a", OWN, "Ab Folge 3 mit Untertiteln, versprochen! Folge 1 und 2 reichen wir nach.", reply_to="w46_joey_q"),
    Post("w46_vpn_again", "pendlerpaul_bsp", "Danke für den zweiten VPN-Ausfall diese Woche 🙄 Ich liebe es, im Zug nichts tun zu können. @StadtIT_Demo", day=2, at="07:52"),
    Post("w46_vpn_info", OWN, "Störung VPN: Ein Zertifikat ist abgelaufen. Wird gerade getauscht, Dauer ca. 30 Minuten. Sorry!", day=2, at="08:05"),
    Post("w46_vpn_fixed", "kai_im_amt", "VPN wieder da. Ehrlich kommuniziert, schnell behoben. So geht das. @StadtIT_Demo", day=2, at="08:50"),
    Post("w46_helpdesk_slow", "mira_verwaltet", "Seit Montag warte ich auf einen Rückruf vom Helpdesk. Ist ja nur der Zugang zur Gehaltsabrechnung 🤷‍♀️ @StadtIT_Demo", day=3),
    Post("w46_emma", "expat_emma_bsp", "Registered my address online in 5 minutes. No queue, no paper. Whoever built this, thank you! @StadtIT_Demo", lang="en", day=3),
    Post("w46_bib", "stadtbib_bsp", "Das neue Gäste-WLAN in der Stadtbibliothek ist live 📚📶 Danke an @StadtIT_Demo für die schnelle Umsetzung! #DankeStadtIT", day=3, media=(("photo", "Leseraum der Bibliothek mit WLAN-Schild"),)),
    Post("w46_fussball", "fan_fc_bsp", "3:1 gegen den Tabellenführer! Was für ein Abend im Stadion ⚽🔥 Die ganze Stadt feiert.", day=5, at="21:30"),
    Post("w46_lee", "prof_lee_demo", 'Interesting to see how Beispielstadt (@StadtIT_Demo) explains IT security with a cat. "Kater Joey" gets more views than the mayor. Lessons for civic comms?', lang="en", day=4),
    Post("w46_laptop_yay", "sabine_kita_bsp", "Die Kita-Verwaltung hat neue Laptops! Leicht, leise und der Akku hält den ganzen Tag. Danke @StadtIT_Demo ❤️", day=4, media=(("photo", "Neuer Laptop auf einem Schreibtisch mit Kinderzeichnungen"),)),
    Post("w46_laptop_meh", "heinz_oamt_bsp", "Neuer Laptop ist gut. Aber warum ist die Tastatur jetzt englisch? @StadtIT_Demo", day=4),
    Post("w46_laptop_meh_a", OWN, "Da ist bei einer Lieferung etwas schiefgelaufen. Bitte kurz ein Ticket aufmachen, wir tauschen die Tastatur!", reply_to="w46_laptop_meh"),
    Post("w46_spam", "deals4you_247", "@StadtIT_Demo 🔥 Nur heute: Markenkopfhörer für 9,99 € 🔥 Jetzt zugreifen, solange der Vorrat reicht!!!", day=5),
    Post("w46_sarah", "sarah_ux_demo", "Ran a usability test with 8 city staff today over video. Zero connection drops. @StadtIT_Demo your new conferencing setup is solid.", lang="en", day=4, at="17:15"),
    Post("w46_kim", "ratsfrau_kim", "Im Ausschuss Digitales hat das IT-Referat heute die Zahlen vorgestellt: 94 % der Tickets in zwei Tagen gelöst. Beachtlich. @StadtIT_Demo", day=3, at="18:40"),
    Post("w46_nachbar", "lokalblatt_bsp", "Nachbarstadt: Stundenlanger Ausfall der Verwaltungs-IT legt Bürgerbüro lahm.", day=5),
    Post("w46_emoji_only", "jule_codet", "@StadtIT_Demo 🐈💻🔐👏", lang="und", day=6),
    Post("w46_noah", "noah_intern_bsp", "Week 2 as an intern at city hall. The IT helpdesk fixed my account in 10 minutes. In my last internship that took a week. @StadtIT_Demo #DankeStadtIT", lang="en", day=6),
]

W47: list[Post] = [
    # Monday: helpdesk queue, laptop rollout starts.
    Post("w47_mo_queue", "mira_verwaltet", "Montagmorgen, Helpdesk-Warteschleife Platz 14. Immerhin ist die Musik neu. @StadtIT_Demo", day=0, at="08:03"),
    Post("w47_mo_queue_reply", STAFF, "Sorry, Montag nach dem Update ist immer viel los. Wir arbeiten die Liste ab, versprochen!", reply_to="w47_mo_queue"),
    Post("w47_mo_queue_ok", "mira_verwaltet", "Hat am Ende 25 Minuten gedauert, aber jetzt geht alles. Danke dir, Anna!", reply_to="w47_mo_queue_reply"),
    Post("w47_mo_rollout", OWN, "Diese Woche bekommen Bürgeramt, Ordnungsamt und Standesamt ihre neuen Laptops 💻 Bitte Daten vorher ins Netzlaufwerk legen, Anleitung von Kater Joey im Intranet.", day=0, at="09:00"),
    Post("w47_mo_rollout_q", "nadine_s_bsp", "@StadtIT_Demo Müssen wir beim Tausch dabei sein oder reicht es, den alten Laptop abzugeben?", day=0, at="09:37"),
    Post("w47_mo_rollout_a", OWN, "Abgeben reicht. Beim Abholen richten wir zusammen die Anmeldung ein, dauert ca. 15 Minuten.", reply_to="w47_mo_rollout_q"),
    Post("w47_mo_lena", "lena_beispiel", "Neuer Laptop, alles schon eingerichtet, sogar meine Drucker. Ich bin ehrlich begeistert 😍 #DankeStadtIT", day=0, at="11:20", media=(("photo", "Neuer Laptop mit Willkommensbildschirm des IT-Referats"),), popular=True),
    Post("w47_mo_tom", "tom_aus_bsp", "Der Laptop-Tausch ging schneller als das Kaffeekochen ☕ @StadtIT_Demo", day=0, at="11:48"),
    Post("w47_mo_heinz", "heinz_oamt_bsp", "Laptop ist da. Die englische Tastatur ist weg. Danke. @StadtIT_Demo", day=0, at="13:05"),
    Post("w47_mo_marek", "dev_marek_demo", "Deployed the new appointment booking backend with @StadtIT_Demo today. Zero downtime, rollback plan unused. Good Monday.", lang="en", day=0, at="16:10"),
    Post("w47_mo_question_wlan", "pendlerpaul_bsp", "Frage an @StadtIT_Demo: Gibt es eigentlich Gäste-WLAN im Sitzungssaal? Ich finde das Netz nicht.", day=0, at="14:22"),
    Post("w47_mo_answer_wlan", OWN, 'Ja, "Rathaus-Gast", das Passwort hängt neben der Tür. Im Sitzungssaal ist der Empfang leider schwach, wir bauen im Dezember einen zweiten Access Point ein.', reply_to="w47_mo_question_wlan"),
    Post("w47_mo_emma", "expat_emma_bsp", "Asked the city IT helpdesk a question in my terrible German. They answered in English, patiently and quickly. #DankeStadtIT", lang="en", day=0, at="15:30"),
    Post("w47_mo_spam", "follow_boost_x", "@StadtIT_Demo Willst du 10.000 echte Follower in 24 Stunden? 📈 Schreib uns eine DM!", day=0, at="17:00"),
    Post("w47_mo_weather", "wetter_bsp_demo", "Sonne pur am Montagnachmittag über dem Rathaus ☀️ 11 °C. Schöne Grüße an alle da drin, auch an @StadtIT_Demo 👋", day=0, at="15:05"),
    # Tuesday: the VPN outage.
    Post("w47_di_vpn_down", "pendlerpaul_bsp", "Danke für den dritten VPN-Ausfall diese Woche 🙄 @StadtIT_Demo", day=1, at="07:41", popular=True),
    Post("w47_di_vpn_info", OWN, "⚠️ Störung: Das VPN ist seit 7:30 Uhr nicht erreichbar. Wir sind dran und melden uns spätestens um 9 Uhr mit einem Update.", day=1, at="07:50"),
    Post("w47_di_vpn_kai", "kai_im_amt", "Ohne VPN kein Homeoffice. Ich gehe dann mal Fenster putzen. @StadtIT_Demo", day=1, at="07:58"),
    Post("w47_di_vpn_ironic2", "mira_verwaltet", "Super Timing, das VPN fällt genau am Tag der Gehaltsabrechnung aus. Toll gemacht 👏 @StadtIT_Demo", day=1, at="08:12"),
    Post("w47_di_vpn_oliver", "ops_oliver_demo", "Feeling for the @StadtIT_Demo on-call team this morning. VPN outages at 7:30 are the worst. Hang in there.", lang="en", day=1, at="08:20"),
    Post("w47_di_vpn_update", OWN, "Update VPN: Ursache gefunden, ein defektes Netzteil im Rechenzentrum. Tausch läuft, Ende voraussichtlich 9:30 Uhr.", day=1, at="08:55"),
    Post("w47_di_vpn_sabine", "sabine_kita_bsp", "Danke für die ehrlichen Updates zum VPN. Lieber so als zwei Stunden Funkstille @StadtIT_Demo", day=1, at="09:02"),
    Post("w47_di_vpn_back", OWN, "✅ VPN läuft wieder. Danke für eure Geduld, und sorry für den holprigen Start in den Tag.", day=1, at="09:34"),
    Post("w47_di_vpn_back_paul", "pendlerpaul_bsp", "OK, das ging dann doch schnell. Nehme das 🙄 von vorhin halb zurück.", reply_to="w47_di_vpn_back"),
    Post("w47_di_vpn_heinz", "heinz_oamt_bsp", "VPN geht wieder. Zwei Stunden Arbeit nachholen. @StadtIT_Demo", day=1, at="09:50"),
    Post("w47_di_vpn_marek", "dev_marek_demo", "Our CI lost its tunnel to the city network for two hours this morning. Not great, @StadtIT_Demo. But the status updates were clear.", lang="en", day=1, at="10:15"),
    Post("w47_di_joey_new", OWN, "Folge 3 mit Kater Joey, jetzt mit Untertiteln: So erkennt ihr Phishing-Mails in 30 Sekunden 🐟🎣", day=1, at="12:00", media=(("video", "Kater Joey schaut skeptisch auf eine E-Mail"),), popular=True),
    Post("w47_di_joey_ruth", "rathaus_ruth", "Untertitel! Danke, dass ihr an uns im Vorzimmer gedacht habt. Kater Joey ist ab sofort Pflichtprogramm in der Mittagspause.", day=1, at="12:40"),
    Post("w47_di_joey_jule", "jule_codet", '"Wenn die Mail zu gut klingt, um wahr zu sein, ist sie es auch nicht." Kater Joey, Philosoph 🐈 #DankeStadtIT', day=1, at="13:02"),
    Post("w47_di_joey_en", "sarah_ux_demo", "Showed the new Kater Joey phishing video to my team in Leipzig. Now they want a cat too. Great work @StadtIT_Demo", lang="en", day=1, at="14:20"),
    Post("w47_di_joey_opa", "opa_egon_bsp", "Hab das Katzenvideo über falsche E-Mails gesehen. Gestern hätte ich fast auf so eine geklickt. Danke, Kater Joey! 👴", day=1, at="18:30"),
    Post("w47_di_kim", "ratsfrau_kim", "Zur VPN-Störung heute früh: Ich habe im Ausschuss nach einem Ersatz-Netzteil-Konzept gefragt. Transparent kommuniziert hat das IT-Referat aber vorbildlich. @StadtIT_Demo", day=1, at="19:10"),
    Post("w47_di_fussball", "fan_fc_bsp", "Pokalauslosung: Heimspiel gegen den Zweitligisten! Beispielstadt, macht euch bereit ⚽🏟️", day=1, at="20:15"),
    # Wednesday: intranet relaunch, helpdesk praise.
    Post("w47_mi_intranet", OWN, "Das neue Intranet ist online 🎉 Suche, die findet. Telefonbuch mit Fotos. Und ja, Kater Joey hat eine eigene Seite.", day=2, at="08:00", media=(("photo", "Startseite des neuen Intranets"),)),
    Post("w47_mi_intranet_lena", "lena_beispiel", "Die Suche im neuen Intranet findet tatsächlich das Formular, das ich suche. Beim ersten Versuch. Ich bin gerührt 🥲 @StadtIT_Demo", day=2, at="08:40"),
    Post("w47_mi_intranet_mira", "mira_verwaltet", "Neues Intranet sieht toll aus. Nur: Wo ist der Speiseplan der Kantine hin? Das ist die wichtigste Seite überhaupt 😅 @StadtIT_Demo", day=2, at="09:15"),
    Post("w47_mi_intranet_mira_a", OWN, "Der Speiseplan ist unter Service > Kantine, wir verlinken ihn noch heute wieder auf der Startseite 🍝", reply_to="w47_mi_intranet_mira"),
    Post("w47_mi_intranet_mira_ok", "mira_verwaltet", "Da ist er! Ihr seid die Besten 🍝❤️", reply_to="w47_mi_intranet_mira_a"),
    Post("w47_mi_intranet_heinz", "heinz_oamt_bsp", "Das alte Intranet war besser. Da wusste ich, wo alles ist. @StadtIT_Demo", day=2, at="10:05"),
    Post("w47_mi_intranet_jens", "jens_bauamt_bsp", "Telefonbuch mit Fotos im neuen Intranet! Endlich weiß ich, wer die Frau ist, mit der ich seit vier Jahren telefoniere 😂 #DankeStadtIT", day=2, at="10:30"),
    Post("w47_mi_intranet_slow", "nadine_s_bsp", "Neues Intranet lädt bei mir ewig. Liegt das an meinem alten Browser? @StadtIT_Demo", day=2, at="11:42"),
    Post("w47_mi_intranet_slow_a", STAFF, "Wahrscheinlich ja, der alte Browser wird nicht mehr unterstützt. Ruf mich kurz an, dann stellen wir um!", reply_to="w47_mi_intranet_slow"),
    Post("w47_mi_helpdesk_ruth", "rathaus_ruth", "Der Bürgermeister konnte sich vor der Ratssitzung nicht anmelden. Helpdesk war in 5 Minuten da. Niemand hat etwas gemerkt. Danke! #DankeStadtIT", day=2, at="13:55"),
    Post("w47_mi_helpdesk_kai", "kai_im_amt", "Helpdesk hat mir heute geduldig zum dritten Mal erklärt, wie der Drucker im Homeoffice geht. Ich schäme mich ein bisschen. Danke @StadtIT_Demo", day=2, at="14:30"),
    Post("w47_mi_emma", "expat_emma_bsp", "The new intranet has an English version! Small thing, huge difference for the few of us foreigners at city hall. Thank you @StadtIT_Demo", lang="en", day=2, at="15:20"),
    Post("w47_mi_oliver", "ops_oliver_demo", "Follow-up: @StadtIT_Demo published the VPN incident report already. Root cause, timeline, fix, next steps. Exemplary.", lang="en", day=2, at="16:00"),
    Post("w47_mi_quote_oliver", "kai_im_amt", "Genau so, @StadtIT_Demo. Fehler passieren, aber so geht man damit um 👍", quotes="w47_mi_oliver", day=2, at="16:35"),
    Post("w47_mi_spam", "krypto_gewinn24", "@StadtIT_Demo @lena_beispiel Ich habe in einer Woche 3.200 € mit Bitcoin verdient 🚀 Frag mich wie! #DankeStadtIT", day=2, at="18:20"),
    Post("w47_mi_wetter", "wetter_bsp_demo", "Nebel am Mittwochabend, Sichtweite unter 100 m im Stadtpark 🌫️ Vorsicht auf dem Heimweg.", day=2, at="18:45"),
    Post("w47_mi_question_print", "sabine_kita_bsp", "@StadtIT_Demo Kann man vom neuen Laptop auch auf dem Kopierer im Erdgeschoss drucken, oder nur im eigenen Büro?", day=2, at="19:30"),
    Post("w47_mi_question_print_a", OWN, "Ja, alle Kopierer im Haus gehen. Beim Drucken einfach den Kopierer wählen, er heißt wie der Raum, in dem er steht.", reply_to="w47_mi_question_print"),
    # Thursday: video conferencing, laptops, ironic WLAN.
    Post("w47_do_video_paul", "pendlerpaul_bsp", "Erstes Teammeeting mit den neuen Headsets. Man versteht sogar die Kollegen, die im Zug sitzen 🎧 #DankeStadtIT", day=3, at="09:10"),
    Post("w47_do_video_sarah", "sarah_ux_demo", "Second workshop this week with 25 city staff in one video call, breakout rooms and all. Not one freeze. Impressive, @StadtIT_Demo", lang="en", day=3, at="10:05"),
    Post("w47_do_video_mira", "mira_verwaltet", "Videokonferenz mit Gebärdendolmetscherin heute, alles lief perfekt. Danke an das IT-Referat für die Vorbereitung @StadtIT_Demo", day=3, at="11:15"),
    Post("w47_do_video_heinz", "heinz_oamt_bsp", "Warum muss ich für jede Videokonferenz einen neuen Link anklicken? Früher hat man einfach angerufen. @StadtIT_Demo", day=3, at="11:40"),
    Post("w47_do_video_heinz_a", STAFF, "Guter Punkt! Man kann sich auch per Telefon einwählen, die Nummer steht unten in jeder Einladung 🙂", reply_to="w47_do_video_heinz"),
    Post("w47_do_video_heinz_ok", "heinz_oamt_bsp", "Das wusste ich nicht. Danke.", reply_to="w47_do_video_heinz_a"),
    Post("w47_do_laptop_nadine", "nadine_s_bsp", "Standesamt hat die neuen Laptops 🎉 Die Brautpaare werden sich über schnellere Urkunden freuen. @StadtIT_Demo #DankeStadtIT", day=3, at="12:30", media=(("photo", "Drei neue Laptops auf einem Tisch im Standesamt"),)),
    Post("w47_do_laptop_noah", "noah_intern_bsp", "Got my own city laptop today. It even has a sticker of Kater Joey on it 😹", lang="en", day=3, at="13:20", media=(("photo", "Laptop mit einem Aufkleber einer Katze"),)),
    Post("w47_do_laptop_jule", "jule_codet", "Heute beim Laptop-Rollout mitgeholfen. 48 Geräte, 0 Tränen. Naja, fast 0. @StadtIT_Demo", day=3, at="16:50"),
    Post("w47_do_laptop_akku", "tom_aus_bsp", "Der neue Laptop ist super, aber der Akku reicht bei mir nur bis mittags. Normal? @StadtIT_Demo", day=3, at="14:40"),
    Post("w47_do_laptop_akku_a", OWN, "Nicht normal. Bitte kurz ein Ticket aufmachen, wahrscheinlich läuft noch die Ersteinrichtung im Hintergrund.", reply_to="w47_do_laptop_akku"),
    Post("w47_do_wlan_ironic", "jens_bauamt_bsp", "Super, wieder kein WLAN im Rathaus. Toll gemacht, IT 👏 @StadtIT_Demo", day=3, at="15:02", popular=True),
    Post("w47_do_wlan_info", OWN, "Das WLAN im Rathaus-Altbau ist gestört, ein Switch im Keller ist ausgefallen. Techniker ist unterwegs.", day=3, at="15:15"),
    Post("w47_do_wlan_ruth", "rathaus_ruth", "Kein WLAN im Vorzimmer, und das eine Stunde vor der Pressekonferenz. Danke auch 🙃 @StadtIT_Demo", day=3, at="15:20"),
    Post("w47_do_wlan_back", OWN, "WLAN im Rathaus läuft wieder. Der Switch ist getauscht, ein zweiter liegt jetzt als Ersatz bereit.", day=3, at="16:05"),
    Post("w47_do_wlan_ruth_ok", "rathaus_ruth", "Rechtzeitig vor der Pressekonferenz. Ich nehme alles zurück ❤️", reply_to="w47_do_wlan_back"),
    Post("w47_do_emma_q", "expat_emma_bsp", "@StadtIT_Demo Is there an English version of the Kater Joey videos? My German is not good enough for the phishing one yet.", lang="en", day=3, at="17:40"),
    Post("w47_do_emma_a", OWN, "Not yet, but English subtitles are coming next week! Joey is practising his English meows 🐈", lang="en", reply_to="w47_do_emma_q"),
    Post("w47_do_anna", STAFF, "Heute 63 Tickets gelöst, davon 20 Laptop-Umzüge. Stolz auf unser Team 💪 @StadtIT_Demo #DankeStadtIT", day=3, at="18:10"),
    Post("w47_do_fussball", "fan_fc_bsp", "Training heute mit Flutlicht und 300 Fans. Das Stadion-WLAN hält sogar 😄 Samstag wird es laut ⚽💙", day=3, at="20:30"),
    Post("w47_do_deleted", DELETED_AUTHOR_ID, "@StadtIT_Demo Danke für die Hilfe mit dem Diensthandy heute, hat alles geklappt!", day=3, at="19:00"),
    # Friday: long post, mixed feelings.
    Post("w47_fr_long", "kai_im_amt", LONG_NOTE, day=4, at="08:30", popular=True),
    Post("w47_fr_lena_quote", "lena_beispiel", "Kann ich alles so unterschreiben, besonders den Teil mit Kater Joey 🐈", quotes="w47_fr_long", day=4, at="09:05"),
    Post("w47_fr_helpdesk_slow", "nadine_s_bsp", "Seit Dienstag offenes Ticket wegen des Scanners im Standesamt. Keine Rückmeldung. Langsam wird es eng, heute Nachmittag sind Trauungen. @StadtIT_Demo", day=4, at="09:30"),
    Post("w47_fr_helpdesk_slow_a", STAFF, "Sorry, das Ticket ist bei der Laptop-Welle untergegangen. Ich komme gleich persönlich vorbei.", reply_to="w47_fr_helpdesk_slow"),
    Post("w47_fr_helpdesk_slow_ok", "nadine_s_bsp", "Scanner läuft. Danke, dass du selbst gekommen bist!", reply_to="w47_fr_helpdesk_slow_a"),
    Post("w47_fr_mixed", "tom_aus_bsp", "Danke für den neuen Laptop, @StadtIT_Demo! Dass die Maus erst nach drei Tagen kam, verzeihe ich euch 😉", day=4, at="10:45"),
    Post("w47_fr_mixed2", "sabine_kita_bsp", "Drucken vom neuen Laptop klappt, danke für die Antwort! Nur das Scannen in den Ordner geht noch nicht. Aber das wird schon 🙂 @StadtIT_Demo", day=4, at="11:30"),
    Post("w47_fr_kim", "ratsfrau_kim", "Ich habe heute im Rathaus mit dem IT-Referat gesprochen. 600 Laptops, neues Intranet und ein Erklär-Kater in einem Jahr. Danke für diese Arbeit! @StadtIT_Demo #DankeStadtIT", day=4, at="13:00", popular=True),
    Post("w47_fr_bib", "stadtbib_bsp", "Unsere Leseplätze sind seit dem neuen WLAN voll wie nie 📚 Auch am Freitagnachmittag. Danke, @StadtIT_Demo!", day=4, at="14:15"),
    Post("w47_fr_feuerwehr", "feuerwache3_bsp", "Einsatzleitrechner auf den neuen Laptops läuft stabil. Danke an das IT-Referat für den Einsatz am Wochenende davor 🚒 #DankeStadtIT", day=4, at="15:00"),
    Post("w47_fr_musik", "musikschule_bsp", "Online-Unterricht ohne Tonaussetzer, zum ersten Mal seit Monaten 🎻 Danke @StadtIT_Demo!", day=4, at="16:20"),
    Post("w47_fr_jule_en", "jule_codet", "Friday fun fact: Kater Joey's phishing video has been watched more often than the mayor's New Year speech 😹", lang="en", day=4, at="16:55"),
    Post("w47_fr_spam", "deals4you_247", "@StadtIT_Demo Black-Friday-Deals schon jetzt!!! Laptops ab 99 € 💻🔥 Nur über unseren Link!", day=4, at="17:10"),
    Post("w47_fr_spam2", "follow_boost_x", "Kater Joey hat nur 2.000 Follower? Wir machen 20.000 daraus! 📈 DM an uns", day=4, at="17:30"),
    Post("w47_fr_vpn_evening", "pendlerpaul_bsp", "Freitagabend im Zug, VPN läuft stabil, letzte Mail raus. Gute Woche am Ende. Danke @StadtIT_Demo", day=4, at="18:20"),
    Post("w47_fr_marek", "dev_marek_demo", "The appointment backend ran all week without a single alert. That's what good infra looks like. Thanks @StadtIT_Demo", lang="en", day=4, at="19:00"),
    Post("w47_fr_wetter", "wetter_bsp_demo", "Wochenende: Samstag sonnig bei 9 °C, Sonntag Regen. Also Samstag raus! ☀️🌧️", day=4, at="20:00"),
    # Weekend.
    Post("w47_sa_fussball", "fan_fc_bsp", "2:0 Sieg! Ausverkauftes Stadion, Gänsehaut ⚽💙 Grüße an die Kollegen von @StadtIT_Demo in Block C!", day=5, at="17:35", popular=True),
    Post("w47_sa_joey_fanart", "sabine_kita_bsp", "Die Kinder in der Kita haben Kater Joey gemalt 🎨 Wir schicken das Bild am Montag ans IT-Referat! @StadtIT_Demo", day=5, at="10:30", media=(("photo", "Kinderzeichnung einer orangefarbenen Katze vor einem Computer"),)),
    Post("w47_sa_joey_fanart_a", OWN, "Joey ist gerührt und hat angekündigt, das Bild über seinen Schlafplatz zu hängen 🐈❤️", reply_to="w47_sa_joey_fanart"),
    Post("w47_sa_opa", "opa_egon_bsp", "Heute hat meine Frau mit den Enkeln in Kanada videotelefoniert. Hab ich alles aus den Katzenvideos der Stadt gelernt. Kater Joey, du bist ein Held 👴🐈", day=5, at="15:00"),
    Post("w47_sa_emma", "expat_emma_bsp", "Saturday: renewed my parking permit online in 3 minutes. Beispielstadt's digital services keep surprising me. #DankeStadtIT", lang="en", day=5, at="11:40"),
    Post("w47_sa_lee", "prof_lee_demo", "Writing up my notes on Beispielstadt: the city treats internal IT support as a public service, and staff say thank you in public. #DankeStadtIT is worth a case study.", lang="en", day=5, at="14:10"),
    Post("w47_sa_heinz", "heinz_oamt_bsp", "Samstag. Diensthandy ist aus. So soll das sein.", day=5, at="09:00"),
    Post("w47_sa_q_2fa", "tom_aus_bsp", "@StadtIT_Demo Ich bekomme ein neues Handy. Wie ziehe ich die Zwei-Faktor-App um, ohne mich auszusperren?", day=5, at="19:45"),
    Post("w47_sa_cat", "katzenliebe_bsp", "Gibt es eigentlich Fanartikel von Kater Joey? Ich würde sofort eine Tasse kaufen ☕🐈", day=5, at="20:20"),
    # Sunday: reflections and a few more.
    Post("w47_so_q_2fa_a", STAFF, "Privat und inoffiziell, weil Sonntag: Kater Joey Folge 2 erklärt genau das ab Minute 1:10 🙂", reply_to="w47_sa_q_2fa", day=6, at="10:05"),
    Post("w47_so_q_2fa_ok", "tom_aus_bsp", "Perfekt, hat geklappt. Danke, und schönen Sonntag!", reply_to="w47_so_q_2fa_a"),
    Post("w47_so_lena", "lena_beispiel", "Wochenrückblick: neuer Laptop, neues Intranet, ein VPN-Ausfall und ein sehr kluger Kater. Insgesamt: 👍 #DankeStadtIT", day=6, at="11:00"),
    Post("w47_so_mira", "mira_verwaltet", "Ehrlich gesagt: Die Woche fing mit Warteschleife und VPN-Ausfall an und endete mit einem Intranet, das ich mag. Danke ans IT-Referat @StadtIT_Demo", day=6, at="12:30"),
    Post("w47_so_paul_en", "pendlerpaul_bsp", "Posting in English for my colleagues abroad: our city IT had a rough Tuesday but an amazing week overall. #DankeStadtIT", lang="en", day=6, at="13:40"),
    Post("w47_so_noah", "noah_intern_bsp", "End of my third week. Favourite colleague: a cat who explains phishing. Thanks Kater Joey 🐈", lang="en", day=6, at="15:15"),
    Post("w47_so_oliver", "ops_oliver_demo", "Sunday reading: the @StadtIT_Demo incident report. Redundant power supplies are now on their roadmap. Good outcome from a bad morning.", lang="en", day=6, at="16:00"),
    Post("w47_so_hashtag_only", "jule_codet", "#DankeStadtIT #KaterJoey", lang="qht", day=6, at="18:00"),
    Post("w47_so_kim", "ratsfrau_kim", "Nächste Woche im Ausschuss: Budget für das zweite Rechenzentrum-Netzteil. Die VPN-Störung vom Dienstag hat gezeigt, warum. @StadtIT_Demo", day=6, at="19:20"),
    Post("w47_so_wetter", "wetter_bsp_demo", "Regen den ganzen Sonntag, 14 mm am Stadtpark 🌧️ Perfektes Wetter für Tee und ein Buch.", day=6, at="20:00"),
    Post("w47_so_lowercase", "jens_bauamt_bsp", "sonntagabend und ich freue mich auf die arbeit. liegt am neuen laptop. #dankestadtit", day=6, at="21:15"),
]

# Extra W47 posts without a pinned story time: short, varied voices spread over the week.
W47_LOOSE: list[Post] = [
    Post("w47_x_kita_video", "sabine_kita_bsp", "Elternabend per Video, 30 Familien, kein einziger Abbruch. Danke @StadtIT_Demo für die Lizenz und die Einweisung!"),
    Post("w47_x_jens_plotter", "jens_bauamt_bsp", "Der Plotter im Bauamt druckt wieder A0. Das IT-Referat hat ihn vor dem Elektroschrott gerettet 🙌 #DankeStadtIT"),
    Post("w47_x_ruth_kalender", "rathaus_ruth", "@StadtIT_Demo Kann man im neuen Kalender auch Vertretungen für den Bürgermeister eintragen? Frage für einen Chef."),
    Post("w47_x_lena_bug", "lena_beispiel", "@StadtIT_Demo Kleiner Fehler im neuen Intranet: Der Link zum Urlaubsantrag führt ins Leere. Sonst alles top!"),
    Post("w47_x_lena_bug_a", OWN, "Danke für den Hinweis! Ist korrigiert 🛠️", reply_to="w47_x_lena_bug"),
    Post("w47_x_mira_vpn_q", "mira_verwaltet", "@StadtIT_Demo Wird das VPN eigentlich irgendwann ohne das zweite Passwort funktionieren? Ich tippe es täglich fünfmal."),
    Post("w47_x_heinz_praise", "heinz_oamt_bsp", "Muss auch mal sagen: Die junge Frau vom Helpdesk hat mir heute sehr geholfen. Danke. @StadtIT_Demo"),
    Post("w47_x_buergeramt", "buergeramt_bsp", "Dank neuer Terminbuchung sind die Wartezeiten im Bürgeramt diese Woche um die Hälfte gesunken. Danke an @StadtIT_Demo und alle Kolleginnen und Kollegen!", popular=True),
    Post("w47_x_buergeramt_quote", "lena_beispiel", "Und wir am Schalter merken es auch: weniger Stress, freundlichere Gespräche 💙 #DankeStadtIT", quotes="w47_x_buergeramt"),
    Post("w47_x_feuerwehr_q", "feuerwache3_bsp", "@StadtIT_Demo Bekommen die Löschfahrzeuge auch die neuen Tablets? Die alten frieren bei Kälte ein 🥶"),
    Post("w47_x_musik_q", "musikschule_bsp", "Hat noch jemand Probleme mit dem Ton in Videokonferenzen, wenn Instrumente gespielt werden? @StadtIT_Demo"),
    Post("w47_x_musik_a", OWN, 'Ja, die Rauschunterdrückung hält Geigen für Störgeräusche 🎻 In den Einstellungen "Originalton" aktivieren, dann klappt es!', reply_to="w47_x_musik_q"),
    Post("w47_x_musik_ok", "musikschule_bsp", "Originalton! Das war es. Die Geigenklasse dankt 🎻😄", reply_to="w47_x_musik_a"),
    Post("w47_x_sarah_a11y", "sarah_ux_demo", "Accessibility check on the new city intranet: good contrast, keyboard navigation works, alt texts present. Rare to see that done right. @StadtIT_Demo", lang="en"),
    Post("w47_x_noah_vpn", "noah_intern_bsp", "Does anyone else find it funny that the city's VPN guide is presented by a cat? Because I do. And it works. Kater Joey 🐈", lang="en"),
    Post("w47_x_emma_complaint", "expat_emma_bsp", "Small complaint: the password reset page is German only. Not everyone at city hall reads German well yet. @StadtIT_Demo", lang="en"),
    Post("w47_x_emma_complaint_a", OWN, "Fair point, Emma! An English version is on our list for December.", lang="en", reply_to="w47_x_emma_complaint"),
    Post("w47_x_oliver_vpn", "ops_oliver_demo", "Question for @StadtIT_Demo: will you publish the status page publicly? Would have saved a lot of calls on Tuesday.", lang="en"),
    Post("w47_x_lee_quote", "prof_lee_demo", "A good example of the 'thank you in public' culture I wrote about. #DankeStadtIT", lang="en", quotes="w47_fr_kim"),
    Post("w47_x_sabine_ironic", "sabine_kita_bsp", "Ganz toll, das Update hat heute früh meinen Bildschirmhintergrund mit den Kita-Kindern gelöscht. Danke, IT 🙄 @StadtIT_Demo"),
    Post("w47_x_tom_ironic", "tom_aus_bsp", "Großartig, das neue Passwort muss 14 Zeichen haben. Ich danke euch von ganzem Herzen 🙃 @StadtIT_Demo"),
    Post("w47_x_kai_ironic", "kai_im_amt", "Danke für das Pflicht-Update mitten in meiner Präsentation. Wirklich perfektes Timing 👏 @StadtIT_Demo"),
    Post("w47_x_kai_ironic_a", STAFF, 'Autsch, sorry! Updates lassen sich bis zu 8 Stunden verschieben, unten rechts auf "Später" klicken.', reply_to="w47_x_kai_ironic"),
    Post("w47_x_jens_complaint", "jens_bauamt_bsp", "Das CAD-Programm startet seit dem Update nicht mehr. Ticket ist offen seit gestern. @StadtIT_Demo"),
    Post("w47_x_nadine_emoji", "nadine_s_bsp", "@StadtIT_Demo 💻✨🙏", lang="und"),
    Post("w47_x_ruth_joey", "rathaus_ruth", "Der Bürgermeister fragte heute, wer eigentlich dieser Kater Joey sei. Ich habe ihm Folge 3 gezeigt. Er hat gelacht und dann seine Mails geprüft 😄"),
    Post("w47_x_lokal_joey", "lokalblatt_bsp", "Porträt am Wochenende: Kater Joey, der Kater, der Beispielstadt das Passwort-Ändern beibringt. Mit Besuch im IT-Referat.", media=(("photo", "Orangefarbene Katze auf einem Bürostuhl"),)),
    Post("w47_x_pendler_gif", "pendlerpaul_bsp", "Mein Gesicht, als das VPN heute beim ersten Versuch verbunden hat: @StadtIT_Demo", media=(("animated_gif", "Person jubelt mit erhobenen Armen"),)),
    Post("w47_x_spam_en", "deals4you_247", "@StadtIT_Demo Make $$$ from home with our proven system!!! 💰 Click now before it's gone", lang="en"),
    Post("w47_x_mira_thanks", "mira_verwaltet", "Der Kollege vom IT-Referat hat heute meine Excel-Tabelle gerettet, die ich schon aufgegeben hatte. Ich schulde ihm Kuchen 🍰 #DankeStadtIT"),
]

# (reposter, key of the post reposted). X gives a repost the text "RT @author: " plus the start of the original.
REPOSTS: list[tuple[str, str]] = [
    ("tom_aus_bsp", "w45_joey_intro"),
    ("jule_codet", "w45_joey_intro"),
    ("lena_beispiel", "w45_monitors"),
    ("sabine_kita_bsp", "w45_marek_api"),
    ("kai_im_amt", "w46_joey_2fa"),
    ("rathaus_ruth", "w46_bib"),
    ("jule_codet", "w46_noah"),
    ("lena_beispiel", "w46_kim"),
    ("tom_aus_bsp", "w47_mo_lena"),
    ("kai_im_amt", "w47_di_vpn_down"),
    ("jule_codet", "w47_di_joey_new"),
    ("expat_emma_bsp", "w47_di_joey_new"),
    ("lena_beispiel", "w47_mi_intranet"),
    ("kai_im_amt", "w47_mi_oliver"),
    ("mira_verwaltet", "w47_do_wlan_ironic"),
    ("nadine_s_bsp", "w47_do_laptop_nadine"),
    ("lena_beispiel", "w47_fr_long"),
    ("ratsfrau_kim", "w47_x_buergeramt"),
    ("buergeramt_bsp", "w47_fr_kim"),
    ("pendlerpaul_bsp", "w47_sa_fussball"),
    ("stadtbib_bsp", "w47_sa_joey_fanart"),
    (OWN, "w47_so_lena"),
    (STAFF, "w47_so_mira"),
]
# fmt: on


def main() -> None:
    corpus = build_corpus()
    OUT.write_text(json.dumps(corpus, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    langs = Counter(t["lang"] for t in corpus["tweets"])
    print(f"wrote {OUT} ({len(corpus['tweets'])} posts, languages {dict(langs)})")


def build_corpus() -> JSONish:
    """Build the corpus: users, media and posts, every post as the API returns it with all fields."""
    rng = random.Random(4711)
    users = [_user(i, *row) for i, row in enumerate(USERS)]
    for user in users:
        if not re.fullmatch(r"\w{1,15}", user["username"], re.ASCII):
            raise ValueError(f"not a valid X handle (1 to 15 letters, digits, _): {user['username']}")
    user_id = {u["username"]: u["id"] for u in users}
    user_id[DELETED_AUTHOR_ID] = DELETED_AUTHOR_ID

    posts: dict[str, Post] = {}
    week_of: dict[str, int] = {}
    for week, items in ((45, W45), (46, W46), (47, W47), (47, W47_LOOSE)):
        for post in items:
            if post.key in posts:
                raise ValueError(f"duplicate post key {post.key}")
            posts[post.key] = post
            week_of[post.key] = week

    times = _times(posts, week_of, rng)
    tweets: dict[str, JSONish] = {}
    media: list[JSONish] = []
    handle_of = {v: k for k, v in user_id.items()}
    # Parents first, so that a reply knows its parent's id, author and conversation.
    for key in sorted(posts, key=lambda k: times[k]):
        post = posts[key]
        tweets[key] = _tweet(post, times[key], tweets, posts, user_id, handle_of, media, rng)

    reposts: list[JSONish] = []
    for reposter, key in REPOSTS:
        original = tweets[key]
        at = min(times[key] + timedelta(minutes=rng.randint(8, 600)), _week_end(week_of[key]))
        reposts.append(_repost(reposter, original, handle_of, user_id, at, rng))

    _settle_counts([*tweets.values(), *reposts])
    all_tweets = sorted([*tweets.values(), *reposts], key=lambda t: int(t["id"]))
    return {
        "about": (
            "Fictional X demo corpus for praise-pipeline: Beispielstadt's IT department @StadtIT_Demo. "
            "Every person, handle and post is invented. Written by praise/demo_data/x/generate.py."
        ),
        "users": users,
        "media": sorted(media, key=lambda m: str(m["media_key"])),
        "tweets": all_tweets,
    }


def _user(index: int, username: str, name: str, description: str, since: str) -> JSONish:
    rng = random.Random(username)
    followers = 12000 if username == OWN else int(rng.paretovariate(1.2) * 40)
    return {
        "id": str(1600000000000000001 if username == OWN else 1700000000000000100 + index),
        "name": name,
        "username": username,
        "created_at": f"{since}T09:00:00.000Z",
        "description": description,
        "protected": False,
        "verified": False,
        "public_metrics": {
            "followers_count": followers,
            "following_count": rng.randint(20, 600),
            "tweet_count": rng.randint(50, 9000),
            "listed_count": rng.randint(0, 30),
        },
    }


def _week_end(week: int) -> datetime:
    end = datetime.combine(WEEK_START[week] + timedelta(days=7), time(0, 0), BERLIN) - timedelta(minutes=1)
    # The demo collects on the Monday morning after W47: no post may be newer than that.
    return min(end.astimezone(UTC), DEMO_NOW - timedelta(hours=1))


def _times(posts: dict[str, Post], week_of: dict[str, int], rng: random.Random) -> dict[str, datetime]:
    """Give every post its creation time: story times as written, replies after their parent."""
    times: dict[str, datetime] = {}
    pending = list(posts)
    while pending:
        key = pending.pop(0)
        post = posts[key]
        parent = post.reply_to
        if parent is not None and parent not in times:
            pending.append(key)
            continue
        if parent is not None and post.day is None:
            times[key] = min(times[parent] + timedelta(minutes=rng.randint(3, 95)), _week_end(week_of[key]))
        elif post.day is not None:
            day = WEEK_START[week_of[key]] + timedelta(days=post.day)
            if post.at is not None:
                hour, minute = (int(part) for part in post.at.split(":"))
            else:
                hour, minute = rng.randint(7, 21), rng.randint(0, 59)
            times[key] = datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC)
        else:
            # Working days carry most posts; evenings and weekends fewer, as in any office.
            day = WEEK_START[week_of[key]] + timedelta(days=rng.choice((0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 6)))
            hour = rng.choice((7, 8, 8, 9, 9, 10, 10, 11, 12, 13, 14, 14, 15, 16, 17, 19, 21))
            times[key] = datetime.combine(day, time(hour, rng.randint(0, 59)), BERLIN).astimezone(UTC)
        times[key] += timedelta(seconds=rng.randint(0, 59))
        if post.quotes is not None and post.quotes in times and times[key] <= times[post.quotes]:
            times[key] = times[post.quotes] + timedelta(minutes=rng.randint(5, 120))
    return times


def _snowflake(at: datetime, rng: random.Random) -> str:
    # created_at has whole seconds (X sends .000); the id carries the milliseconds and worker/sequence bits.
    moment = at + timedelta(milliseconds=rng.randint(0, 999))
    return str(int(first_id_at(moment)) | rng.getrandbits(22))


def _short_link(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return SHORT_LINK + "".join(rng.choice(alphabet) for _ in range(10))


def _tweet(
    post: Post,
    at: datetime,
    done: dict[str, JSONish],
    posts: dict[str, Post],
    user_id: dict[str, str],
    handle_of: dict[str, str],
    media: list[JSONish],
    rng: random.Random,
) -> JSONish:
    tweet_id = _snowflake(at, rng)
    author_id = user_id[post.author]
    text = post.text
    tweet: JSONish = {"id": tweet_id}
    references: list[JSONish] = []
    conversation_id = tweet_id
    in_reply_to: str | None = None
    if post.reply_to is not None:
        parent = done[post.reply_to]
        # X starts a reply with the handles it answers: the parent's author and everyone the parent
        # mentions ("Replying to @a and @b"), never the replier's own.
        mentioned = [m["username"] for m in parent.get("entities", {}).get("mentions", [])]
        handles = [handle_of[parent["author_id"]], *mentioned]
        words = text.split()
        prefix = list(dict.fromkeys(h for h in handles if h != post.author and f"@{h}" not in words))
        if prefix:
            text = " ".join(f"@{h}" for h in prefix) + " " + text
        references.append({"type": "replied_to", "id": parent["id"]})
        conversation_id = parent["conversation_id"]
        in_reply_to = parent["author_id"]
    if post.quotes is not None:
        references.append({"type": "quoted", "id": done[post.quotes]["id"]})
    media_keys: list[str] = []
    media_links: list[tuple[str, str, str]] = []
    for number, (kind, alt) in enumerate(post.media, start=1):
        media_id = str(int(tweet_id) - rng.randint(10**9, 10**10))
        key = f"{MEDIA_PREFIX[kind]}_{media_id}"
        media_keys.append(key)
        media.append(_media(key, kind, alt, media_id, rng))
        link = _short_link(rng)
        media_links.append((link, key, f"https://x.com/{post.author}/status/{tweet_id}/photo/{number}"))
    if media_links:
        # X shows attached media as one trailing link in the text.
        text = f"{text} {media_links[0][0]}"
    tweet["text"] = text
    tweet["created_at"] = _stamp(at)
    tweet["author_id"] = author_id
    tweet["lang"] = post.lang
    tweet["conversation_id"] = conversation_id
    if in_reply_to is not None:
        tweet["in_reply_to_user_id"] = in_reply_to
    if references:
        tweet["referenced_tweets"] = references
    if media_keys:
        tweet["attachments"] = {"media_keys": media_keys}
    if len(text) > TEXT_LIMIT:
        tweet["note_tweet"] = {"text": text, "entities": _entities(text, user_id, media_links)}
        tweet["text"] = text[: TEXT_LIMIT - 1].rstrip() + "…"
    tweet["entities"] = _entities(tweet["text"], user_id, media_links)
    if not tweet["entities"]:
        del tweet["entities"]
    tweet["public_metrics"] = _metrics(post, rng)
    tweet["edit_history_tweet_ids"] = [tweet_id]
    tweet["possibly_sensitive"] = False
    tweet["reply_settings"] = "everyone"
    return tweet


def _repost(
    reposter: str,
    original: JSONish,
    handle_of: dict[str, str],
    user_id: dict[str, str],
    at: datetime,
    rng: random.Random,
) -> JSONish:
    tweet_id = _snowflake(at, rng)
    source = original.get("note_tweet", {}).get("text", original["text"])
    text = f"RT @{handle_of[original['author_id']]}: {source}"
    if len(text) > REPOST_TEXT_LIMIT:
        text = text[: REPOST_TEXT_LIMIT - 1].rstrip() + "…"
    tweet: JSONish = {
        "id": tweet_id,
        "text": text,
        "created_at": _stamp(at),
        "author_id": user_id[reposter],
        "lang": original["lang"],
        "conversation_id": tweet_id,
        "referenced_tweets": [{"type": "retweeted", "id": original["id"]}],
    }
    if "attachments" in original:
        tweet["attachments"] = dict(original["attachments"])
    entities = _entities(text, user_id, [])
    if entities:
        tweet["entities"] = entities
    # A repost shows the original's repost count and has no engagement of its own.
    tweet["public_metrics"] = {
        "retweet_count": 0,
        "reply_count": 0,
        "like_count": 0,
        "quote_count": 0,
        "bookmark_count": 0,
        "impression_count": 0,
    }
    tweet["edit_history_tweet_ids"] = [tweet_id]
    tweet["possibly_sensitive"] = False
    tweet["reply_settings"] = "everyone"
    return tweet


def _settle_counts(tweets: list[JSONish]) -> None:
    """Make counts agree with the corpus: a post has at least as many replies, quotes, reposts as listed."""
    by_id = {t["id"]: t for t in tweets}
    seen: Counter[tuple[str, str]] = Counter()
    for tweet in tweets:
        for ref in tweet.get("referenced_tweets", []):
            seen[(ref["type"], ref["id"])] += 1
    metric = {"replied_to": "reply_count", "quoted": "quote_count", "retweeted": "retweet_count"}
    for (ref_type, ref_id), count in seen.items():
        metrics = by_id[ref_id]["public_metrics"]
        metrics[metric[ref_type]] = max(metrics[metric[ref_type]], count)
    for tweet in tweets:
        for ref in tweet.get("referenced_tweets", []):
            if ref["type"] == "retweeted":
                tweet["public_metrics"]["retweet_count"] = by_id[ref["id"]]["public_metrics"]["retweet_count"]


def _metrics(post: Post, rng: random.Random) -> JSONish:
    if post.popular:
        likes = rng.randint(120, 480)
    elif post.author in ("deals4you_247", "krypto_gewinn24", "follow_boost_x"):
        likes = rng.randint(0, 1)
    else:
        likes = min(int(rng.paretovariate(1.4) * 3) - 1, 90)
    reposts = int(likes * rng.uniform(0.05, 0.3))
    return {
        "retweet_count": reposts,
        "reply_count": rng.randint(0, 2) if likes > 5 else 0,
        "like_count": likes,
        "quote_count": 1 if likes > 200 else 0,
        "bookmark_count": int(likes * rng.uniform(0, 0.1)),
        "impression_count": likes * rng.randint(25, 70) + rng.randint(40, 400),
    }


def _media(key: str, kind: str, alt: str, media_id: str, rng: random.Random) -> JSONish:
    code = "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") for _ in range(15)
    )
    item: JSONish = {"media_key": key, "type": kind, "alt_text": alt}
    if kind == "photo":
        item |= {"url": f"{MEDIA_HOST}/media/{code}.jpg", "width": 1600, "height": 1200}
    else:
        # Videos and GIFs have only a still image; the stream itself is not part of the corpus.
        item |= {
            "preview_image_url": f"{MEDIA_HOST}/tweet_video_thumb/{media_id}/{code}.jpg",
            "width": 1280,
            "height": 720,
        }
        if kind == "video":
            item["duration_ms"] = rng.randint(60_000, 150_000)
            item["public_metrics"] = {"view_count": rng.randint(300, 4000)}
    return item


_MENTION = re.compile(r"(?<![\w@])@(\w{1,15})")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w+)")
_URL = re.compile(r"https://t\.co/\w+")


def _entities(text: str, user_id: dict[str, str], media_links: list[tuple[str, str, str]]) -> JSONish:
    """Entities as X computes them: offsets in code points, which is what Python indexes."""
    entities: JSONish = {}
    mentions = []
    for match in _MENTION.finditer(text):
        mention: JSONish = {"start": match.start(), "end": match.end(), "username": match.group(1)}
        if match.group(1) in user_id:
            mention["id"] = user_id[match.group(1)]
        mentions.append(mention)
    hashtags = [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in _HASHTAG.finditer(text)]
    urls = []
    for match in _URL.finditer(text):
        for link, key, expanded in media_links:
            if link == match.group(0):
                urls.append(
                    {
                        "start": match.start(),
                        "end": match.end(),
                        "url": link,
                        "expanded_url": expanded,
                        "display_url": "pic.x.com/" + link.rsplit("/", 1)[-1],
                        "media_key": key,
                    }
                )
    for name, items in (("mentions", mentions), ("hashtags", hashtags), ("urls", urls)):
        if items:
            entities[name] = items
    return entities


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


if __name__ == "__main__":
    main()
