"""The keys an import has written so far, kept in 8 bytes each.

An import must know whether a line repeats a mention that an earlier batch of the same file wrote, across
the whole file. A Python set of 64-bit hashes cost about 70 bytes a key: 70 MB of a million-line import's
300 MB budget. A sorted numpy array of the same hashes costs 8; each batch is merged in by one copy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


class WrittenKeys:
    """A growing set of hashed keys (Python's `hash`, stable within one process)."""

    def __init__(self) -> None:
        self._sorted: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._sorted)

    def seen(self, keys: Sequence[object]) -> list[bool]:
        """For each key, whether it was added before (a 64-bit hash collision counts as seen)."""
        if not keys or not len(self._sorted):
            return [False] * len(keys)
        hashes = _hashes(keys)
        at = np.searchsorted(self._sorted, hashes)
        inside = at < len(self._sorted)
        found = np.zeros(len(keys), dtype=bool)
        found[inside] = self._sorted[at[inside]] == hashes[inside]
        return [bool(f) for f in found]

    def add(self, keys: Sequence[object]) -> None:
        new = np.unique(_hashes(keys))
        new = new[~np.isin(new, self._sorted, assume_unique=True)]
        self._sorted = np.insert(self._sorted, np.searchsorted(self._sorted, new), new)


def _hashes(keys: Sequence[object]) -> npt.NDArray[np.int64]:
    return np.fromiter((hash(k) for k in keys), dtype=np.int64, count=len(keys))
