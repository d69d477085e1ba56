"""Who "we" are: the organisation's names, hashtags, mascots, services and accounts, from configuration.

The praise and irony model never sees these words themselves. Before any feature is read, they are
replaced by placeholder tokens, so weights learnt on posts about one organisation (Deutsche Bahn) carry
over to another (the city's IT department) configured through ``praise.toml`` instead of code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Placeholders are plain lower-case words, so every tokenizer keeps them whole.
NAME = "xorgnamex"
HASHTAG = "xorgtagx"
MASCOT = "xorgmascotx"
SERVICE = "xorgservicex"
ACCOUNT = "@xorgaccountx"
OTHER_HANDLE = "@xuserx"
PLACEHOLDERS = (NAME, HASHTAG, MASCOT, SERVICE, ACCOUNT)
# Short all-capital names ("DB", "IT", "ICE") are words in other spellings ("it", "ice"): match their case.
_CASE_SENSITIVE_UP_TO = 4
_HANDLE = re.compile(r"@\w[\w.]*\w|@\w")
_HASHTAG = re.compile(r"#\w+")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
_SQUASH = re.compile(r"[\s\-_.]+")
# A name inside a hashtag glues words ("#DankeStadtIT"); shorter names would match by accident.
_MIN_NAME_IN_HASHTAG = 5


def _handle(value: str) -> str:
    return value.strip().lower().lstrip("@")


def _squash(value: str) -> str:
    return _SQUASH.sub("", value.lower())


@dataclass(frozen=True)
class Organisation:
    """The organisation whose praise we look for, as ``[organisation]`` and the account lists configure it.

    Attributes:
        names: How people call us ("IT-Referat", "Stadt-IT"; "Deutsche Bahn", "DB").
        hashtags: Our hashtags, with or without ``#``.
        mascots: Mascots or characters of ours ("Kater Joey").
        services: Things of ours people thank or blame by name ("Helpdesk", "Intranet"; "ICE", "S-Bahn").
        accounts: Our own handles on every platform, without ``@``.
    """

    names: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    mascots: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    accounts: frozenset[str] = frozenset()
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)
    _kinds: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _squashed: tuple[tuple[str, str], ...] = field(default=(), init=False, repr=False, compare=False)

    @classmethod
    def of(
        cls,
        *,
        names: Iterable[str] = (),
        hashtags: Iterable[str] = (),
        mascots: Iterable[str] = (),
        services: Iterable[str] = (),
        accounts: Iterable[str] = (),
    ) -> Organisation:
        """Build an organisation from plain lists (as ``praise.toml`` holds them)."""
        return cls(
            tuple(n for n in names if n.strip()),
            tuple(h.strip().lstrip("#") for h in hashtags if h.strip().lstrip("#")),
            tuple(m for m in mascots if m.strip()),
            tuple(s for s in services if s.strip()),
            frozenset(_handle(a) for a in accounts if _handle(a)),
        )

    def __post_init__(self) -> None:
        kinds: dict[str, str] = {}
        alternatives: list[tuple[int, str]] = []
        for placeholder, terms in ((MASCOT, self.mascots), (NAME, self.names), (SERVICE, self.services)):
            for term in terms:
                key = term.strip()
                short_caps = len(key) <= _CASE_SENSITIVE_UP_TO and key.isupper()
                kinds.setdefault(key if short_caps else key.lower(), placeholder)
                body = r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", key))
                alternatives.append((len(key), f"(?-i:{body})" if short_caps else body))
        if alternatives:
            ordered = "|".join(body for _, body in sorted(alternatives, key=lambda a: -a[0]))
            object.__setattr__(self, "_pattern", re.compile(rf"(?<![\w#@])(?i:{ordered})(?!\w)"))
        object.__setattr__(self, "_kinds", kinds)
        squashed = [(_squash(t), p) for p, ts in ((MASCOT, self.mascots), (NAME, self.names)) for t in ts]
        object.__setattr__(
            self, "_squashed", tuple((s, p) for s, p in squashed if len(s) >= _MIN_NAME_IN_HASHTAG)
        )

    @property
    def configured(self) -> bool:
        """Whether any name, hashtag, mascot, service or account is known."""
        return bool(self.names or self.hashtags or self.mascots or self.services or self.accounts)

    def is_ours(self, handle: str | None) -> bool:
        """Whether ``handle`` (with or without ``@``) is one of our accounts."""
        return bool(handle) and _handle(handle or "") in self.accounts

    def mask(self, text: str) -> str:
        """``text`` with our names, hashtags, mascots, services and handles replaced by placeholders.

        Other people's handles become ``@xuserx``: who they are says nothing about praise, and their
        names would otherwise be remembered by the model.
        """
        own_tags = {_squash(h) for h in self.hashtags}

        def handle(match: re.Match[str]) -> str:
            return f" {ACCOUNT} " if _handle(match.group(0)) in self.accounts else f" {OTHER_HANDLE} "

        def hashtag(match: re.Match[str]) -> str:
            tag = _squash(match.group(0)[1:])
            if tag in own_tags:
                return f" #{HASHTAG} "
            for name, placeholder in self._squashed:
                if name in tag:
                    # "#DankeStadtIT" keeps its other words: "#danke xorgnamex".
                    rest = tag.replace(name, " ", 1).split()
                    return " " + " ".join([*(f"#{r}" for r in rest), f"#{placeholder}"]) + " "
            return match.group(0)

        # "Joeyyy", "ITTT": stretched names are still ours (letters repeated three times or more).
        text = _STRETCHED.sub(r"\1", text)
        text = _HANDLE.sub(handle, text)
        text = _HASHTAG.sub(hashtag, text)
        if self._pattern is not None:
            text = self._pattern.sub(self._placeholder, text)
        return text

    def _placeholder(self, match: re.Match[str]) -> str:
        found = re.sub(r"[\s\-]+", " ", match.group(0))
        for key in (found, found.lower()):
            for term, placeholder in self._kinds.items():
                if re.sub(r"[\s\-]+", " ", term) == key:
                    return f" {placeholder} "
        return f" {NAME} "


# The demo city's IT department: the shipped defaults of ``[organisation]``.
DEMO_NAMES = ("IT-Referat", "Stadt-IT", "IT-Abteilung", "IT-Service", "IT-Team", "IT-Support", "IT")
DEMO_HASHTAGS = ("DankeStadtIT", "ITforMuc", "StadtIT")
DEMO_MASCOTS = ("Kater Joey", "Joey", "katerjoey")
DEMO_SERVICES = ("Helpdesk", "Help Desk", "Servicedesk", "Service-Desk", "Intranet", "Hotline", "VPN")


def demo_organisation(accounts: Iterable[str] = ()) -> Organisation:
    """The demo city's IT department with ``accounts`` as its own handles."""
    return Organisation.of(
        names=DEMO_NAMES,
        hashtags=DEMO_HASHTAGS,
        mascots=DEMO_MASCOTS,
        services=DEMO_SERVICES,
        accounts=accounts,
    )
