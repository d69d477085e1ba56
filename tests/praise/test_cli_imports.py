"""Every `praise` command pays for the modules the command line imports: the heavy ones load only where used."""

from __future__ import annotations

import subprocess
import sys

# pandas and matplotlib cost about 110 MB together; that pushed `praise import` past its 300 MB budget.
HEAVY = (
    "pandas",
    "matplotlib",
    "prefect",
    "fastapi",
    "uvicorn",
    "tweepy",
    "instaloader",
    "mastodon",
    "atproto",
)


def test_loading_the_command_line_imports_no_heavy_library() -> None:
    code = f"import sys, praise.cli; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
