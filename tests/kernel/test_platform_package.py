"""A platform is one package under `collectors/` and nothing else: a test adds one and uses it end to end.

The package lives in a temporary folder on the Python path (`collectors/forum/`), outside the repository,
so this checks what a maintainer gets: no line in the kernel, pyproject.toml, settings, flows or the CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.records import Platform
from kernel.sources import packaged_platforms, platform_names

ROOT = Path(__file__).resolve().parents[2]

FORUM_SOURCE = '''
"""A made-up web forum: two posts per board, read once."""

from collections.abc import Iterator
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from kernel.records import JSON, Mention, MentionKind, Normalised, Platform, RawPage, SourceKey
from kernel.sources import CollectContext, SourceSpec

FORUM = Platform("forum")


class ForumSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    boards: list[str] = []


def _sources(section: ForumSettings) -> list[SourceKey]:
    return [SourceKey(FORUM, "board", board) for board in section.boards]


def _normalise(payload: JSON) -> Normalised:
    return Normalised(
        [
            Mention(FORUM, p["id"], MentionKind.POST, p["text"], datetime.fromisoformat(p["at"]),
                    url=f"https://forum.example/p/{p['id']}", author_handle=p["by"])
            for p in payload["posts"]
        ]
    )


def _open(context: CollectContext) -> Iterator[RawPage]:
    if context.cursor.get("done"):
        return
    board = context.source.key
    posts = [
        {"id": f"{board}-1", "text": "Danke an die Stadt-IT, der Laptop lief sofort!", "at": "2026-11-17T09:00:00+00:00", "by": "anna"},
        {"id": f"{board}-2", "text": "Seit Tagen kein WLAN im Amt.", "at": "2026-11-18T10:00:00+00:00", "by": "ben"},
    ]
    yield RawPage(context.source, {"posts": posts}, {"done": True}, posts_read=len(posts))


SOURCE = SourceSpec(
    platform=FORUM,
    label={"de": "Forum", "en": "Forum"},
    section="forum",
    settings_model=ForumSettings,
    kinds=("board",),
    primary_key="post id",
    cursor="{done}: the board was read",
    secrets=(),
    base_url_env="PRAISE_FORUM_BASE_URL",
    link_domains=("forum.example",),
    sources=_sources,
    own_handles=lambda section: [],
    normalise=_normalise,
    open=_open,
    fake="praise.fakes.x_api:FakeXApi",
)
'''


def forum_package(root: Path) -> Path:
    package = root / "collectors" / "forum"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "source.py").write_text(FORUM_SOURCE, encoding="utf-8")
    return root


def test_packages_with_a_source_module_are_platforms(tmp_path: Path) -> None:
    folder = tmp_path / "collectors"
    forum_package(tmp_path)
    (folder / "helpers").mkdir()
    (folder / "helpers" / "__init__.py").write_text("", encoding="utf-8")
    (folder / "notes.py").write_text("", encoding="utf-8")
    assert packaged_platforms([str(folder)]) == {"forum": "collectors.forum.source:SOURCE"}


def test_the_shipped_platforms_are_found_as_packages_and_are_members() -> None:
    assert platform_names() >= {"x", "instagram", "mastodon", "bluesky"}
    assert Platform("mastodon") is Platform.MASTODON


def test_an_unregistered_name_is_not_a_platform() -> None:
    with pytest.raises(ValueError, match="'twiter' is not a valid Platform"):
        Platform("twiter")
