"""Secrets for flows: the environment first, then Prefect Secret blocks, never files or parameters.

Flow parameters are stored by the Prefect server, so a secret never travels as one.
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger("praise.flows")

# Environment variable -> the Prefect Secret block that may hold it instead.
SECRET_BLOCKS = {
    "X_BEARER_TOKEN": "x-bearer-token",
    "INSTAGRAM_USERNAME": "instagram-username",
    "INSTAGRAM_SESSIONFILE": "instagram-sessionfile",
}


def load_secret_blocks() -> None:
    """Put secrets from Prefect Secret blocks into this process's environment where it has none.

    Missing blocks are normal (the embedded default has none); only their absence is logged, never a value.
    """
    wanted = [name for name in SECRET_BLOCKS if not os.environ.get(name)]
    if not wanted:
        return
    from prefect.blocks.system import Secret

    for name in wanted:
        try:
            block: Any = Secret.load(SECRET_BLOCKS[name])
            value = block.get()
        except (ValueError, RuntimeError, OSError):
            log.debug("no Prefect Secret block %r", SECRET_BLOCKS[name])
            continue
        if isinstance(value, str) and value:
            os.environ[name] = value
