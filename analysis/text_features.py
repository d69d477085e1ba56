"""Text normalisation and the sparse features the sentiment head reads.

Training (scikit-learn) and run time (numpy only) both call these functions, so the
features a shipped model was fitted on are exactly the features it sees in production.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
# Three or more repeats carry emphasis ("suuuper"); keeping two separates them from normal spelling.
_REPEATS = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
_EMOJI_CLASS = "\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2764"
# Words (with inner hyphens and apostrophes, so "VPN-Zugang" stays one token), single emoji and ASCII smileys.
TOKEN = re.compile(
    rf"[^\W\d_]+(?:[-'][^\W\d_]+)*|[{_EMOJI_CLASS}]|[:;]-?[()dp/]|<3",
    re.UNICODE,
)

CHAR_NGRAM_MIN = 2
CHAR_NGRAM_MAX = 5


def normalise(text: str) -> str:
    """Lower-case a post and replace links and handles by placeholders.

    Links and handles name no sentiment but would otherwise fill the n-gram vocabulary with noise.

    Args:
        text: The post as the platform sent it.

    Returns:
        The normalised text, single-spaced.
    """
    text = _URL.sub(" httpurl ", text)
    text = _HANDLE.sub(" @user ", text)
    text = _REPEATS.sub(r"\1\1", text.lower())
    return _SPACE.sub(" ", text).strip()


def tokens(normalised_text: str) -> list[str]:
    """Split normalised text into words, emoji and smileys."""
    return TOKEN.findall(normalised_text)


def ngram_counts(normalised_text: str) -> Counter[str]:
    """Count the character n-grams inside word boundaries plus word unigrams and bigrams.

    Character n-grams carry German inflection and compounds ("Ausfall", "Ausfälle", "VPN-Ausfall")
    without a stemmer; word features carry negation pairs such as "nicht gut".

    Args:
        normalised_text: Output of :func:`normalise`.

    Returns:
        Counts keyed by feature name; word features carry a ``w:`` prefix so they cannot collide.
    """
    counts: Counter[str] = Counter()
    for word in normalised_text.split(" "):
        if not word:
            continue
        padded = f" {word} "
        size = len(padded)
        for n in range(CHAR_NGRAM_MIN, min(CHAR_NGRAM_MAX, size) + 1):
            for start in range(size - n + 1):
                counts[padded[start : start + n]] += 1
    words = tokens(normalised_text)
    for word in words:
        counts["w:" + word] += 1
    for first, second in itertools.pairwise(words):
        counts["b:" + first + " " + second] += 1
    return counts


def _char_ngrams(word: str) -> list[str]:
    padded = f" {word} "
    size = len(padded)
    return [
        padded[start : start + n]
        for n in range(CHAR_NGRAM_MIN, min(CHAR_NGRAM_MAX, size) + 1)
        for start in range(size - n + 1)
    ]


# Words whose columns are remembered; posts repeat words, so most lookups hit. Bounded, because a
# million imported posts bring a long tail of one-off words (numbers, names, typos).
WORD_CACHE_SIZE = 30_000
_EMPTY_COLUMNS: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)


class NgramIndexer:
    """Maps normalised texts to the columns of a fixed vocabulary, the same features as :func:`ngram_counts`.

    Character n-grams never cross a space, so a text's n-grams are the union of its words' n-grams: each
    word's columns are computed once and cached, which makes run-time featurising several times faster
    than counting every n-gram of every post.
    """

    def __init__(self, vocabulary: Mapping[str, int], cache_size: int = WORD_CACHE_SIZE) -> None:
        self.vocabulary = vocabulary
        self.cache_size = cache_size
        self._cache: dict[str, npt.NDArray[np.int32]] = {}

    def _word_columns(self, word: str) -> npt.NDArray[np.int32]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        get = self.vocabulary.get
        found = [c for c in map(get, _char_ngrams(word)) if c is not None]
        columns = np.asarray(found, dtype=np.int32) if found else _EMPTY_COLUMNS
        if len(self._cache) >= self.cache_size:
            self._cache.clear()
        self._cache[word] = columns
        return columns

    def columns(
        self, texts: Sequence[str], token_lists: Sequence[list[str]] | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Row and column of every feature occurrence (repeats included) in ``texts``.

        ``token_lists`` are the texts' :func:`tokens`, when the caller has them already.
        """
        get = self.vocabulary.get
        parts: list[npt.NDArray[np.int32]] = []
        lengths: list[int] = []
        for row, text in enumerate(texts):
            count = 0
            for word in text.split(" "):
                if word:
                    cols = self._word_columns(word)
                    if cols.size:
                        parts.append(cols)
                        count += cols.size
            words = tokens(text) if token_lists is None else token_lists[row]
            extra = [
                c
                for c in itertools.chain(
                    map(get, ["w:" + w for w in words]),
                    map(get, ["b:" + a + " " + b for a, b in itertools.pairwise(words)]),
                )
                if c is not None
            ]
            if extra:
                parts.append(np.asarray(extra, dtype=np.int32))
                count += len(extra)
            lengths.append(count)
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        columns = np.concatenate(parts).astype(np.int64)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        return rows, columns


def sparse_tfidf(
    texts: Sequence[str],
    vocabulary: Mapping[str, int],
    idf: npt.NDArray[np.float32] | None,
    indexer: NgramIndexer | None = None,
    token_lists: Sequence[list[str]] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Turn texts into L2-normalised sublinear tf-idf weights over a fixed vocabulary, as COO triplets.

    Args:
        texts: Normalised texts (output of :func:`normalise`).
        vocabulary: Feature name to column index; features outside it are dropped.
        idf: Inverse document frequency per column; ``None`` weighs every column 1.0.
        indexer: A long-lived :class:`NgramIndexer` over ``vocabulary`` whose word cache to reuse.
        token_lists: The texts' :func:`tokens`, when the caller has them already.

    Returns:
        Row indices, column indices and weights, ready for a sparse matrix or a ``bincount`` dot product.
    """
    indexer = indexer or NgramIndexer(vocabulary)
    occurrence_rows, occurrence_columns = indexer.columns(texts, token_lists)
    width = max(len(vocabulary), 1)
    keys, counts = np.unique(occurrence_rows * width + occurrence_columns, return_counts=True)
    row_array = keys // width
    column_array = keys % width
    weights = (1.0 + np.log(counts.astype(np.float32))).astype(np.float32)
    if idf is not None:
        weights *= idf[column_array]
    norms = np.sqrt(np.bincount(row_array, weights=weights * weights, minlength=len(texts)))
    weights /= np.maximum(norms[row_array], 1e-12).astype(np.float32)
    return row_array, column_array, weights
