"""An SQLite path that cannot be written is one clear line, before any command starts its work."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kernel.errors import ConfigError
from storage.db import make_engine


def test_a_file_in_the_way_of_the_database_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(ConfigError, match=r"cannot create the folder .*data for the SQLite database"):
        make_engine(f"sqlite:///{tmp_path / 'data' / 'praise.sqlite'}")


def test_a_folder_where_the_database_file_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "praise.sqlite").mkdir()
    with pytest.raises(ConfigError, match="is a folder, not a file"):
        make_engine(f"sqlite:///{tmp_path / 'praise.sqlite'}")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_a_read_only_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ConfigError, match="is not writable"):
            make_engine(f"sqlite:///{folder / 'praise.sqlite'}")
    finally:
        folder.chmod(0o700)
