"""The read budget of one collection run, shared by all X sources of that run."""

from __future__ import annotations

from dataclasses import dataclass

from kernel.errors import BudgetSpent


@dataclass(slots=True)
class ReadBudget:
    """How many posts a run may still read: X bills every post a response returns.

    One instance is shared by all X sources of a run, so the first sources cannot leave the last ones
    with an overdrawn account.
    """

    limit: int
    spent: int = 0

    @property
    def remaining(self) -> int:
        """Posts that may still be read in this run."""
        return max(self.limit - self.spent, 0)

    def page_size(self, wanted: int, minimum: int) -> int:
        """Return the largest page size that fits the budget, at most ``wanted``.

        Args:
            wanted: The page size the caller would like.
            minimum: The smallest page size the endpoint accepts.

        Returns:
            A page size between ``minimum`` and ``wanted``.

        Raises:
            BudgetSpent: Not even the smallest page fits: asking would bill more posts than allowed.
        """
        size = min(wanted, self.remaining)
        if size < minimum:
            raise BudgetSpent(
                f"X read budget spent: {self.spent} of {self.limit} posts read in this run "
                f"(a page needs room for at least {minimum})"
            )
        return size

    def spend(self, posts: int) -> None:
        """Count ``posts`` read against the budget."""
        self.spent += posts
