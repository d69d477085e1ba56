"""Secrets for flows: the environment first, then Prefect Secret blocks, never files or parameters.

Flow parameters are stored by the Prefect server, so a secret never travels as one.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from kernel.sources import registry

log = logging.getLogger("praise.flows")


def secret_blocks() -> dict[str, str]:
    """Environment variable -> the Prefect Secret block that may hold it instead, for every platform."""
    return {secret.env: secret.block for spec in registry() for secret in spec.secrets}


def load_secret_blocks() -> None:
    """Put secrets from Prefect Secret blocks into this process's environment where it has none.

    Missing blocks are normal (the embedded default has none); only their absence is logged, never a value.
    """
    blocks = secret_blocks()
    wanted = [name for name in blocks if not os.environ.get(name)]
    if not wanted:
        return
    from prefect.blocks.system import Secret

    for name in wanted:
        try:
            block: Any = Secret.load(blocks[name])
            value = block.get()
        except (ValueError, RuntimeError, OSError):
            log.debug("no Prefect Secret block %r", blocks[name])
            continue
        if isinstance(value, str) and value:
            os.environ[name] = value
