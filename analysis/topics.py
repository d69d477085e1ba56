"""Topics from configurable keyword rules, tolerant of German compounds, hyphens and inflection.

Rules come from ``praise.toml`` ``[analysis.topics]`` as ``{topic: [keyword, ...]}``. A keyword and
the text are compared with spaces and hyphens removed, so "Home-Office", "Home Office" and
"Homeoffice" are one word, and "VPN-Zugang" or "Videokonferenzen" contain "vpn" and "videokonferenz".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_TOPICS: dict[str, list[str]] = {
    "home_office": ["Homeoffice", "Home-Office", "mobiles Arbeiten", "mobile Arbeit", "Telearbeit",
                    "remote work", "work from home", "WFH", "von zu Hause"],
    "vpn": ["VPN", "Fernzugriff", "Fernzugang", "remote access", "Citrix"],
    "video_conferencing": ["Videokonferenz", "Videocall", "Video-Call", "Videomeeting", "Videoschalte",
                           "Webkonferenz", "Webex", "Zoom", "Jitsi", "MS Teams", "Microsoft Teams",
                           "Teams-Meeting", "video call", "video conference"],
    "devices": ["Laptop", "Notebook", "Rechner", "Computer", "PC", "Tablet", "Smartphone", "Diensthandy",
                "Handy", "Monitor", "Bildschirm", "Drucker", "Printer", "Headset", "Tastatur",
                "Dockingstation", "Hardware"],
    "helpdesk": ["Helpdesk", "Help Desk", "Servicedesk", "Service-Desk", "Hotline", "Support", "Ticket",
                 "Störungsmeldung", "IT-Service"],
    "intranet": ["Intranet", "Mitarbeiterportal", "Mitarbeiterportals", "Wiki"],
    "mascot": ["Kater Joey", "KaterJoey", "Joey", "Maskottchen", "mascot", "Bürokater", "Katze", "Katzen"],
    "accounts_passwords": ["Passwort", "Kennwort", "password", "Login", "Anmeldung", "Zwei-Faktor", "2FA",
                           "MFA", "Benutzerkonto", "Account"],
    "email": ["E-Mail", "Mail", "Postfach", "Outlook", "Mailbox"],
    "network": ["WLAN", "WiFi", "Netzwerk", "Internet", "Netz", "network"],
    "software": ["Software", "Update", "Programm", "App", "Installation", "Fachverfahren", "Lizenz"],
    "training": ["Schulung", "Tutorial", "Training", "Workshop", "Anleitung", "Erklärvideo", "howto"],
}  # fmt: skip

_WORDS = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
# Keywords this short are matched only as a whole word or hyphen part: "it" hides in "mit", "pc" in "npc".
_SHORT = 3
_ACCOUNTS = re.compile(r"@[\w.]+|https?://\S+")
# Up to this many letters may follow a keyword for inflection ("Laptops", "Videokonferenzen", "Rechnern").
_INFLECTION = 3


def _squash(text: str) -> str:
    return re.sub(r"[\s\-'.]+", "", text.lower())


@dataclass(frozen=True)
class _Rule:
    topic: str
    keyword: str
    squashed: str


class TopicMatcher:
    """Assigns topics to a text from keyword rules."""

    def __init__(self, topics: Mapping[str, Sequence[str]] | None = None) -> None:
        """Compile the rules; ``None`` uses :data:`DEFAULT_TOPICS`, an empty mapping assigns no topics."""
        rules = DEFAULT_TOPICS if topics is None else topics
        self.topics = {topic: list(keywords) for topic, keywords in rules.items()}
        self._rules = [
            _Rule(topic, keyword, _squash(keyword))
            for topic, keywords in rules.items()
            for keyword in keywords
            if _squash(keyword)
        ]

    def match(self, text: str) -> dict[str, list[str]]:
        """Return each matching topic with the keywords that matched it, topics in rule order."""
        # A handle names an account, not a topic: "@joey_team_anna" is a person, not the cat.
        words = [w.lower() for w in _WORDS.findall(_ACCOUNTS.sub(" ", text))]
        parts = [p for w in words for p in w.split("-") if p]
        # Neighbouring words joined catch keywords written apart ("Home Office" for "Homeoffice").
        squashed_words = [_squash(w) for w in words]
        pairs = [a + b for a, b in itertools.pairwise(squashed_words)]
        triples = [
            a + b + c for a, b, c in zip(squashed_words, squashed_words[1:], squashed_words[2:], strict=False)
        ]
        found: dict[str, list[str]] = {}
        # One string with separators: each rule is a few C-level `find` calls instead of a loop in Python.
        # Hyphen parts too, so a keyword inside a chain ("Homeoffice-Laptop-Setup") counts.
        haystack = "|" + "|".join(squashed_words + pairs + triples + parts) + "|"
        part_set = set(parts)
        for rule in self._rules:
            if self._matches(rule.squashed, part_set, haystack):
                found.setdefault(rule.topic, []).append(rule.keyword)
        return found

    @staticmethod
    def _matches(keyword: str, parts: set[str], haystack: str) -> bool:
        if len(keyword) <= _SHORT:
            return keyword in parts or keyword + "s" in parts
        start = haystack.find(keyword)
        while start != -1:
            end = start + len(keyword)
            # Compounds put the keyword first ("VPN-Zugang") or last ("Dienstlaptop"), plus inflection.
            if haystack[start - 1] == "|" or "|" in haystack[end : end + _INFLECTION + 1]:
                return True
            start = haystack.find(keyword, start + 1)
        return False

    def __call__(self, text: str) -> list[str]:
        """Return the names of the matching topics."""
        return list(self.match(text))
