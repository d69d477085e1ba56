"""Running a flow from the command line and reading its result whatever state it ended in.

The collect flow ends Failed when a source failed (so Prefect shows it), yet its failure still carries
every source's report, which the command line prints.
"""

from __future__ import annotations

from typing import Any

from kernel.errors import PraiseError


def run_for_result(flow: Any, **parameters: Any) -> tuple[Any, Any]:
    """Run `flow` and return (final state, result); a crash without a result becomes a PraiseError."""
    state = flow(**parameters, return_state=True)
    result = state.result(raise_on_failure=False)
    # A collect run with failed sources ends Failed, carrying every source's report.
    result = getattr(result, "reports", result)
    if isinstance(result, BaseException):
        raise PraiseError(f"the {flow.name} run ended {state.name}: {state.message or result}") from None
    return state, result
