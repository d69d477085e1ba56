from __future__ import annotations

from pathlib import Path

import pytest

from kernel.errors import ConfigError
from kernel.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_example_configuration_is_valid() -> None:
    settings = load_settings(ROOT / "praise.example.toml", env={})
    assert settings.x.accounts == ["StadtIT_Demo"]
    assert settings.publish.require_approval is True
    assert settings.review.allow_insecure_http is False


def test_environment_overrides_and_secrets_stay_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./praise.toml here: only the environment counts
    env = {
        "PRAISE_DATABASE_URL": "postgresql://praise@db/praise",
        "X_BEARER_TOKEN": "AAAA-very-secret",
        "PRAISE_SMTP_PASSWORD": "smtp-secret",
        "PRAISE_REVIEW_SECRET": "review-secret",
    }
    settings = load_settings(None, env=env)
    assert settings.database_url == "postgresql://praise@db/praise"
    assert settings.x_bearer_token is not None
    assert settings.x_bearer_token.get_secret_value() == "AAAA-very-secret"
    shown = repr(settings) + str(settings.model_dump())
    for secret in env.values():
        if "secret" in secret:
            assert secret not in shown


@pytest.mark.parametrize(
    "text",
    ['x_bearer_token = "x"\n', '[publish]\nsmtp_password = "x"\n', '[review]\nsecret = "x"\n'],
)
def test_secrets_in_the_file_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "praise.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="secret"):
        load_settings(path, env={})


def test_own_handles_hold_every_account_of_ours(tmp_path: Path) -> None:
    path = tmp_path / "praise.toml"
    path.write_text(
        '[x]\naccounts = ["@StadtIT_Demo"]\n[instagram]\nprofiles = ["kater.joey.demo"]\n'
        '[analysis]\nown_accounts = ["IT.Referat.Demo"]\n',
        encoding="utf-8",
    )
    assert load_settings(path, env={}).own_handles == {"stadtit_demo", "kater.joey.demo", "it.referat.demo"}


def test_the_organisation_is_a_table_with_demo_defaults(tmp_path: Path) -> None:
    example = load_settings(ROOT / "praise.example.toml", env={})
    assert "IT-Referat" in example.organisation.names
    assert "#ITforMuc" in example.organisation.hashtags
    assert example.organisation.mascots == ["Kater Joey", "Joey"]
    railway = tmp_path / "praise.toml"
    railway.write_text(
        '[organisation]\nnames = ["Deutsche Bahn", "DB"]\nhashtags = []\nmascots = []\n'
        '[x]\naccounts = ["DB_Bahn"]\n',
        encoding="utf-8",
    )
    settings = load_settings(railway, env={})
    assert settings.organisation.names == ["Deutsche Bahn", "DB"]
    assert settings.organisation.mascots == []
    bad = tmp_path / "bad.toml"
    bad.write_text('[organisation]\nname = "DB"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"organisation\.name"):
        load_settings(bad, env={})
