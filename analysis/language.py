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
_STRIP = re.compile(r"https?://\S+|[@#]\w+|[^\w\s'’-]", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class LanguageGuess:
    """An ISO 639-1 code (or ``und``), a confidence in 0..1 and how it was decided."""

    code: str
    confidence: float
    reason: str


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*(SUPPORTED[c] for c in codes)).build()


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
        self._detector = _detector(self.languages)

    def detect(self, text: str, hint: str | None = None) -> LanguageGuess:
        """Guess the language of ``text``; ``hint`` is the platform's tag (e.g. ``de``, ``en``, ``und``)."""
        return self.detect_batch([text], [hint])[0]

    def detect_batch(self, texts: Sequence[str], hints: Sequence[str | None]) -> list[LanguageGuess]:
        """Guess the language of each text, using each hint only where the text is unclear."""
        cleaned = [_STRIP.sub(" ", t) for t in texts]
        guesses: list[LanguageGuess] = []
        wanted = [i for i, c in enumerate(cleaned) if len(_LETTERS.findall(c)) >= 3]
        confidences = self._detector.compute_language_confidence_values_in_parallel(
            [cleaned[i] for i in wanted]
        )
        by_index = dict(zip(wanted, confidences, strict=True))
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
