"""Language detection restricted to the languages the city's posts come in.

lingua ships its models inside the wheel, so nothing is downloaded. Restricting the candidates makes it
both faster and more accurate on short posts. The platform's own language tag is only a hint: it
decides when the text itself is too short or too mixed to tell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED: dict[str, Language] = {
    "de": Language.GERMAN,
    "en": Language.ENGLISH,
    "fr": Language.FRENCH,
    "it": Language.ITALIAN,
    "es": Language.SPANISH,
    "nl": Language.DUTCH,
    "pl": Language.POLISH,
    "tr": Language.TURKISH,
    "uk": Language.UKRAINIAN,
    "ru": Language.RUSSIAN,
    "ar": Language.ARABIC,
}
UNDETERMINED = "und"
# Below this confidence the detector's winner is a guess; a platform hint is worth more then.
HINT_WINS_BELOW = 0.6
# Memory and speed (docs/benchmarks.md): lingua's high-accuracy models for all eleven languages take
# about 340 MB, its low-accuracy (trigram) models about 26 MB and run about three times faster. Every
# post gets the fast verdict; a short post (where trigrams are least sure) that reads as German or
# English, or whose verdict is unsure, is decided again by the high-accuracy models of just those two
# (about 110 MB), the languages the reports are written for. On 4,000 real posts this agrees with
# the high-accuracy mode over all eleven languages on 99.5 % of posts (all-fast: 98.9 %).
REFINE_BELOW_CHARACTERS = 80
REFINE_BELOW_CONFIDENCE = 0.9
REFINED: tuple[str, ...] = ("de", "en")
# lingua's cost grows with the text; the first 150 characters decide as well (3,875 of 3,876 real posts
# got the same language as from their whole text) at about 1.8 times the speed.
SAMPLE_CHARACTERS = 150
_STRIP = re.compile(r"https?://\S+|[@#]\w+|[^\w\s'’-]", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``und``), a confidence in 0..1 and how it was decided."""

    code: str
    confidence: float
    reason: str


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...], low_accuracy: bool) -> LanguageDetector:
    builder = LanguageDetectorBuilder.from_languages(*(SUPPORTED[c] for c in codes))
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


class LanguageIdentifier:
    """Detects the language of posts among a fixed set of languages."""

    def __init__(self, languages: Sequence[str] = tuple(SUPPORTED)) -> None:
        """Restrict detection to ``languages`` (ISO 639-1 codes from :data:`SUPPORTED`).

        Raises:
            ValueError: A code is not supported.
        """
        unknown = [c for c in languages if c not in SUPPORTED]
        if unknown:
            raise ValueError(f"unsupported language code(s): {', '.join(unknown)}")
        self.languages = tuple(languages)
        self._fast = _detector(self.languages, low_accuracy=True)
        refined = tuple(c for c in REFINED if c in self.languages)
        self._refined_codes = frozenset(refined)
        self._accurate = (
            _detector(refined, low_accuracy=False) if refined and len(refined) == len(REFINED) else None
        )

    def detect(self, text: str, hint: str | None = None) -> LanguageGuess:
        """Guess the language of ``text``; ``hint`` is the platform's tag (e.g. ``de``, ``en``, ``und``)."""
        return self.detect_batch([text], [hint])[0]

    def detect_batch(self, texts: Sequence[str], hints: Sequence[str | None]) -> list[LanguageGuess]:
        """Guess the language of each text, using each hint only where the text is unclear."""
        cleaned = [_STRIP.sub(" ", t[: 4 * SAMPLE_CHARACTERS])[:SAMPLE_CHARACTERS] for t in texts]
        guesses: list[LanguageGuess] = []
        wanted = [i for i, c in enumerate(cleaned) if len(_LETTERS.findall(c)) >= 3]
        # One text at a time, not lingua's `..._in_parallel`: its worker threads each got a malloc arena
        # of their own and cost about 60 MB of peak memory in a million-post import, for no speed on the
        # one core a classifier process is budgeted (bench.classify_speed: 1,372 against 1,345 texts/s).
        by_index = dict(
            zip(
                wanted,
                [self._fast.compute_language_confidence_values(cleaned[i]) for i in wanted],
                strict=True,
            )
        )
        if self._accurate is not None:
            unsure = [
                i
                for i in wanted
                if len(cleaned[i]) < REFINE_BELOW_CHARACTERS
                and by_index[i]
                and (
                    by_index[i][0].value < REFINE_BELOW_CONFIDENCE
                    or by_index[i][0].language.iso_code_639_1.name.lower() in self._refined_codes
                )
            ]
            by_index.update(
                zip(
                    unsure,
                    [self._accurate.compute_language_confidence_values(cleaned[i]) for i in unsure],
                    strict=True,
                )
            )
        for i, _ in enumerate(texts):
            hint = (hints[i] or "").lower().split("-")[0] or None
            hint_usable = hint in self.languages
            values = by_index.get(i)
            if not values:
                if hint_usable and hint is not None:
                    guesses.append(LanguageGuess(hint, 0.5, "too little text; platform tag used"))
                else:
                    guesses.append(LanguageGuess(UNDETERMINED, 0.0, "too little text"))
                continue
            best = values[0]
            code = best.language.iso_code_639_1.name.lower()
            if best.value < HINT_WINS_BELOW and hint_usable and hint is not None and hint != code:
                hinted = next((v.value for v in values if v.language == SUPPORTED[hint]), 0.0)
                guesses.append(
                    LanguageGuess(
                        hint,
                        round(max(hinted, 0.5), 4),
                        f"unclear text ({code} {best.value:.2f}); platform tag used",
                    )
                )
                continue
            reason = (
                "detected"
                if hint in (None, code) or not hint_usable
                else f"detected; platform tag {hint} overruled"
            )
            guesses.append(LanguageGuess(code, round(best.value, 4), reason))
        return guesses
