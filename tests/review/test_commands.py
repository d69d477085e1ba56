"""`praise review-user add`, the demo's users, and the command's refusal without users."""

from __future__ import annotations

import tomllib

from typer.testing import CliRunner

import praise.commands.review  # noqa: F401 - registers the commands on the app
from praise.cli_app import app
from review.auth import check_password
from review.config import Role, review_config_from
from review.demo import DEMO_USERS, demo_review_config

runner = CliRunner()


def test_review_user_add_prints_a_hash_that_verifies():
    result = runner.invoke(
        app, ["review-user", "add", "anna", "--role", "editor"], input="geheim-genug\ngeheim-genug\n"
    )
    assert result.exit_code == 0, result.output
    toml = result.output.split("# Add to praise.toml:\n", 1)[1]
    table = tomllib.loads(toml)["review"]
    assert table["users"]["anna"]["role"] == "editor"
    assert table["users"]["anna"]["password_hash"].startswith("$argon2id$")
    config = review_config_from(table)
    assert check_password(config, "anna", "geheim-genug") is not None
    assert check_password(config, "anna", "geheim-genuG") is None
    assert "geheim-genug" not in result.output.replace("Password", "")


def test_review_user_add_refuses_bad_names_and_short_passwords():
    bad_name = runner.invoke(app, ["review-user", "add", "a.b", "--role", "viewer"], input="x\n")
    assert bad_name.exit_code != 0
    short = runner.invoke(app, ["review-user", "add", "bob", "--role", "viewer"], input="kurz\nkurz\n")
    assert short.exit_code != 0
    assert "8 characters" in str(short.exception)
    unknown_role = runner.invoke(app, ["review-user", "add", "bob", "--role", "admin"])
    assert unknown_role.exit_code == 2


def test_review_refuses_to_start_without_users(tmp_path, monkeypatch):
    config = tmp_path / "praise.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "db.sqlite"}"\n', encoding="utf-8")
    result = runner.invoke(app, ["--config", str(config), "review", "--port", "8099"])
    assert result.exit_code != 0
    assert "review-user add" in str(result.exception)


def test_demo_users_can_sign_in_with_their_demo_passwords():
    table = tomllib.loads(demo_review_config("out/demo-published"))
    config = review_config_from(table["review"])
    assert config.allow_insecure_http is True
    assert table["publish"]["folder"] == "out/demo-published"
    roles = {}
    for name, (_role, password) in DEMO_USERS.items():
        user = check_password(config, name, password)
        assert user is not None, name
        roles[user.role] = name
        assert check_password(config, name, password + "x") is None
    assert set(roles) == {Role.VIEWER, Role.EDITOR, Role.PUBLISHER}
