"""Errors that collectors raise so that a flow can record the right outcome for a source.

Each carries whether a retry can help: flows retry only transient errors, never an authentication
failure or a spent budget.
"""

from __future__ import annotations

from datetime import datetime

from kernel.records import RunOutcome


class PraiseError(Exception):
    """A problem the user can act on; the command line prints it as one line, without a traceback."""


class CollectorError(PraiseError):
    outcome: RunOutcome = RunOutcome.FAILED
    transient: bool = False

    def __init__(self, message: str, *, retry_after: datetime | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TransientError(CollectorError):
    """5xx, time-outs, dropped connections: worth a retry with backoff."""

    transient = True


class RateLimited(CollectorError):
    """The platform asked us to wait longer than we may wait inside one run."""

    outcome = RunOutcome.RATE_LIMITED


class AuthFailed(CollectorError):
    """401/403, a checkpoint or a missing session: a person must fix credentials; retrying cannot help."""

    outcome = RunOutcome.AUTH_FAILED


class BudgetSpent(CollectorError):
    """The run's read budget is used up (X bills per post read, or 402 credits used up)."""

    outcome = RunOutcome.BUDGET_SPENT


class ConfigError(PraiseError):
    """The configuration file or environment is wrong."""
