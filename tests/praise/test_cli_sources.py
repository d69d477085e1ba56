from __future__ import annotations

from pathlib import Path

from tests.praise.cli import run_praise


def test_sources_lists_configured_sources_before_any_run(tmp_path: Path) -> None:
    (tmp_path / "praise.toml").write_text(
        '[x]\naccounts = ["StadtIT_Demo"]\nqueries = ["#DankeStadtIT"]\n[instagram]\nprofiles = ["kater.joey.demo"]\n',
        encoding="utf-8",
    )
    result = run_praise("sources", cwd=tmp_path, env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    for source in ("x:mentions:StadtIT_Demo", "x:search:#DankeStadtIT", "instagram:profile:kater.joey.demo"):
        assert source in result.stdout
    assert result.stdout.count("never") == 3


def test_collect_without_sources_is_a_clear_error(tmp_path: Path) -> None:
    result = run_praise("collect", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "praise: error: no sources configured: add accounts, queries or hashtags to "
        "[x], [instagram], [mastodon], [bluesky] in praise.toml"
    )


def test_secrets_in_the_config_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "praise.toml").write_text('x_bearer_token = "AAAA-secret"\n', encoding="utf-8")
    result = run_praise("sources", cwd=tmp_path)
    assert result.returncode == 2
    assert "set X_BEARER_TOKEN in the environment" in result.stderr
    assert "AAAA-secret" not in result.stderr


def test_unknown_config_key_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "praise.toml").write_text("[x]\nread_budgett = 5\n", encoding="utf-8")
    result = run_praise("sources", cwd=tmp_path)
    assert result.returncode == 2
    assert "x.read_budgett" in result.stderr


def test_sources_lists_mastodon_and_bluesky_sources(tmp_path: Path) -> None:
    (tmp_path / "praise.toml").write_text(
        '[mastodon]\ninstance = "https://social.beispielstadt.example"\nhashtags = ["DankeStadtIT"]\n'
        '[bluesky]\nhandle = "stadtit.beispielstadt.example"\nsearches = ["Kater Joey"]\n',
        encoding="utf-8",
    )
    result = run_praise("sources", cwd=tmp_path, env={"COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    for source in (
        "mastodon:mentions:social.beispielstadt.example",
        "mastodon:hashtag:social.beispielstadt.example/DankeStadtIT",
        "bluesky:notifications:stadtit.beispielstadt.example",
        "bluesky:search:Kater Joey",
    ):
        assert source in result.stdout
    assert result.stdout.count("never") == 4
