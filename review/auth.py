"""Who may do what: users from the configuration, argon2 passwords, a trusted SSO header, login throttling."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from review.config import ReviewConfig, Role

# argon2-cffi's defaults follow RFC 9106's second recommendation (argon2id, 64 MiB, 3 passes).
_HASHER = PasswordHasher()
SWEEP_ABOVE = 10_000


class Right(StrEnum):
    READ = "read"
    EDIT = "edit"
    PUBLISH = "publish"


RIGHTS: dict[Role, frozenset[Right]] = {
    Role.VIEWER: frozenset({Right.READ}),
    Role.EDITOR: frozenset({Right.READ, Right.EDIT}),
    Role.PUBLISHER: frozenset({Right.READ, Right.EDIT, Right.PUBLISH}),
}


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role

    def may(self, right: Right) -> bool:
        return right in RIGHTS[self.role]


def hash_password(password: str) -> str:
    """An argon2id hash for `[review.users.NAME] password_hash`."""
    return _HASHER.hash(password)


@cache
def _decoy_hash() -> str:
    return _HASHER.hash("decoy password that no user has")


def check_password(config: ReviewConfig, name: str, password: str) -> User | None:
    """The user if name and password match; None otherwise.

    An unknown name costs one argon2 verification too, so the response time does not tell
    whether the name exists.
    """
    entry = config.users.get(name)
    stored = entry.password_hash if entry is not None else None
    try:
        matches: bool = _HASHER.verify(stored or _decoy_hash(), password)
    except (VerificationError, InvalidHashError):
        matches = False
    if entry is None or stored is None or not matches:
        return None
    return User(name, entry.role)


def listed_user(config: ReviewConfig, name: str | None) -> User | None:
    """The configured user of that name (the role always comes from the configuration)."""
    if not name:
        return None
    entry = config.users.get(name)
    return User(name, entry.role) if entry is not None else None


def header_user_name(config: ReviewConfig, headers: Mapping[str, str]) -> str | None:
    """The name the single sign-on proxy passed, if the configuration trusts such a header."""
    if not config.trusted_user_header:
        return None
    value = headers.get(config.trusted_user_header.lower(), "").strip()
    return value or None


class LoginThrottle:
    """Counts failed logins per (client address, name) and per client address in a sliding window.

    After `attempts` failures for one name from one address (or four times that from one address for
    any names) further tries wait until the oldest failure leaves the window. Kept in memory: a restart
    forgets it, which is fine for slowing down guessing, not meant as a lockout.
    """

    def __init__(
        self, attempts: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limits = {"name": attempts, "client": attempts * 4}
        self._window = window_seconds
        self._clock = clock
        self._failures: dict[tuple[str, ...], deque[float]] = {}

    def wait_seconds(self, client: str, name: str) -> float:
        """How long this client must wait before trying this name again; 0 if it may try now."""
        now = self._clock()
        waits = [0.0]
        for key, limit in self._keys(client, name):
            failures = self._recent(key, now)
            if len(failures) >= limit:
                waits.append(failures[-limit] + self._window - now)
        return max(waits)

    def failed(self, client: str, name: str) -> None:
        now = self._clock()
        if len(self._failures) > SWEEP_ABOVE:
            # Forget idle keys so guessing from many addresses cannot grow the table without bound.
            for key in list(self._failures):
                self._recent(key, now)
        for key, _limit in self._keys(client, name):
            self._recent(key, now)
            self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, client: str, name: str) -> None:
        self._failures.pop(("name", client, name.lower()), None)

    def _keys(self, client: str, name: str) -> list[tuple[tuple[str, ...], int]]:
        return [
            (("name", client, name.lower()), self._limits["name"]),
            (("client", client), self._limits["client"]),
        ]

    def _recent(self, key: tuple[str, ...], now: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures
