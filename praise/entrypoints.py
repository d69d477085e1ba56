"""The flows, named by entrypoint as `prefect.yaml` names them.

Nothing imports `flows/` (see DESIGN.md); the command line loads a flow by its entrypoint, exactly as a
Prefect worker does, so both run the same object.
"""

from __future__ import annotations

from typing import Any

COLLECT = "flows.collect:collect"
WEEKLY_DIGEST = "flows.products:weekly_digest"
SENTIMENT_REPORT = "flows.products:sentiment_report"
RETENTION = "flows.retention:retention"
WATCH = "flows.watch:watch"


def load_flow(entrypoint: str) -> Any:
    from prefect.flows import load_flow_from_entrypoint

    return load_flow_from_entrypoint(entrypoint, use_placeholder_flow=False)
