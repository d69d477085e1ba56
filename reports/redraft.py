"""Digest files rewritten after an erasure: drafts and published folder copies re-built without the
erased person, so no file the pipeline keeps still shows them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import Engine

from kernel.errors import PraiseError
from kernel.weeks import parse_week
from reports.digest import build_digest, write_digest

FILES = ("digest.html", "digest.md", "digest.json")


def digest_folders(root: Path) -> list[tuple[str, Path]]:
    """(week, folder) of every `digest-YYYY-Www` folder directly under `root`."""
    found: list[tuple[str, Path]] = []
    if not root.is_dir():
        return found
    for folder in sorted(root.glob("digest-*-W*")):
        week = folder.name.removeprefix("digest-")
        try:
            parse_week(week)
        except PraiseError:
            continue
        if folder.is_dir():
            found.append((week, folder))
    return found


def _names_person(folder: Path, patterns: Sequence[re.Pattern[str]]) -> bool:
    for name in FILES:
        path = folder / name
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(p.search(text) for p in patterns):
                return True
    return False


def _lang(folder: Path, default: str) -> str:
    try:
        lang = json.loads((folder / "digest.json").read_text(encoding="utf-8")).get("lang")
    except (OSError, ValueError, AttributeError):
        return default
    return lang if lang in ("de", "en") else default


def rewrite_digests(
    engine: Engine,
    roots: Iterable[Path],
    *,
    weeks: Iterable[str],
    patterns: Sequence[re.Pattern[str]],
    lang: str = "de",
    own_handles: Iterable[str] = (),
) -> list[Path]:
    """Re-build, in place, every digest folder under `roots` of an erased post's week or naming the
    person; returns the folders rewritten."""
    affected = set(weeks)
    own = list(own_handles)
    rewritten = []
    for root in roots:
        for week, folder in digest_folders(root):
            if week in affected or _names_person(folder, patterns):
                digest = build_digest(engine, week, _lang(folder, lang), own_handles=own)
                write_digest(digest, folder)
                rewritten.append(folder)
    return rewritten
