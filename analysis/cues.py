"""Keyword families shared by the praise and irony rules, and the matcher that finds them.

Families are stems and phrases, not test sentences: a stem matches at the start of a word or of a
hyphen part ("Danke", "Dankeschön", "#DankeStadtIT"), a phrase matches as a run of words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

_HASHTAG_STEM = 5
_WORD = re.compile(r"[@#]?[\w.]+(?:-[\w.]+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class CueText:
    """A post prepared for cue matching: lower-cased words (hashtags without ``#``) and the raw text."""

    raw: str
    words: tuple[str, ...]
    joined: str
    hashtags: tuple[str, ...] = ()
    # Cues already found, by family name: the praise rules, irony rules and the learned model's features
    # all ask the same families about the same post.
    found: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, text: str) -> CueText:
        """Prepare ``text``; handles keep their ``@`` so they never match ordinary words."""
        return _prepare(text)

    @classmethod
    def build(cls, text: str) -> CueText:
        """Prepare ``text`` without the cache."""
        words = tuple(w.lstrip("#").rstrip(".") for w in _WORD.findall(text.lower()))
        words = tuple(w for w in words if w)
        hashtags = tuple(w[1:].lower() for w in _WORD.findall(text) if w.startswith("#") and len(w) > 1)
        return cls(text, words, " " + " ".join(words) + " ", hashtags)


@dataclass(frozen=True)
class CueFamily:
    """A named set of stems (matched at word or hyphen-part starts) and phrases (matched as word runs)."""

    name: str
    stems: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    symbols: frozenset[str] = frozenset()
    # Stems that must match a whole word or hyphen part, because as prefixes they are too common.
    exact: frozenset[str] = frozenset()
    _stem_pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)
    _hashtag_pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One regex scan per family instead of a prefix loop per word keeps the rules fast (see bench/).
        longest_first = sorted(self.stems, key=len, reverse=True)
        if longest_first:
            alternatives = "|".join(re.escape(s) for s in longest_first)
            object.__setattr__(self, "_stem_pattern", re.compile(rf"(?<=[ -])(?:{alternatives})"))
        long_stems = [s for s in longest_first if len(s) >= _HASHTAG_STEM]
        if long_stems:
            alternatives = "|".join(re.escape(s) for s in long_stems)
            object.__setattr__(self, "_hashtag_pattern", re.compile(alternatives))

    def find(self, text: CueText) -> list[str]:
        """Return the cues of this family found in ``text``, in order, without duplicates."""
        known = text.found.get(self.name)
        if known is None:
            known = tuple(self._find(text))
            text.found[self.name] = known
        return list(known)

    def _find(self, text: CueText) -> list[str]:
        found: list[str] = []
        joined = text.joined
        for phrase in self.phrases:
            if f" {phrase} " in joined and phrase not in found:
                found.append(phrase)
        if self._stem_pattern is not None:
            for match in self._stem_pattern.finditer(joined):
                word = joined[joined.rfind(" ", 0, match.start()) + 1 : joined.find(" ", match.start())]
                if word not in found:
                    found.append(word)
        for word in text.words:
            if word in found:
                continue
            if (
                word in self.symbols
                or word in self.exact
                or ("-" in word and any(part in self.exact for part in word.split("-")))
            ):
                found.append(word)
        # Hashtags glue words together ("#DankeStadtIT"): look for longer stems anywhere inside them.
        if self._hashtag_pattern is not None:
            for tag in text.hashtags:
                if tag not in found and self._hashtag_pattern.search(tag):
                    found.append(tag)
        for symbol in self.symbols:
            if len(symbol) > 1 and symbol in text.raw and symbol not in found:
                found.append(symbol)
        return found


@lru_cache(maxsize=256)
def _prepare(text: str) -> CueText:
    # Praise and irony rules read the same post one after the other: prepare it once.
    return CueText.build(text)


def family(
    name: str,
    stems: Iterable[str] = (),
    phrases: Iterable[str] = (),
    symbols: Iterable[str] = (),
    exact: Iterable[str] = (),
) -> CueFamily:
    """Build a :class:`CueFamily` from plain iterables."""
    return CueFamily(name, frozenset(stems), tuple(phrases), frozenset(symbols), frozenset(exact))
