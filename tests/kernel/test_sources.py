"""The source registry: every platform declares everything the rest of the pipeline reads."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from pydantic import BaseModel

from kernel.errors import ConfigError
from kernel.records import Normalised, Platform
from kernel.settings import Settings, load_settings
from kernel.sources import configured_sources, link_domains, load_object, platform_label, registry, spec_for

CONFIG = """
[x]
accounts = ["StadtIT_Demo"]
[instagram]
profiles = ["kater.joey.demo"]
[mastodon]
instance = "https://social.beispielstadt.example"
accounts = ["stadtit_demo"]
hashtags = ["#DankeStadtIT"]
hashtag_instances = ["mastodon.example"]
[bluesky]
handle = "stadtit.beispielstadt.example"
searches = ["Kater Joey"]
"""


def test_the_registry_lists_every_platform_once_in_collection_order() -> None:
    assert [spec.platform for spec in registry()] == [
        Platform.X,
        Platform.INSTAGRAM,
        Platform.MASTODON,
        Platform.BLUESKY,
    ]


@pytest.mark.parametrize("spec", registry(), ids=lambda s: str(s.platform))
def test_every_platform_declares_settings_normaliser_links_label_secrets_and_fake(spec: object) -> None:
    from kernel.sources import SourceSpec

    assert isinstance(spec, SourceSpec)
    # A settings section that validates, with defaults, and a place in Settings.
    section = Settings().section(spec.section)
    assert isinstance(section, spec.settings_model)
    assert issubclass(spec.settings_model, BaseModel)
    assert spec.sources(section) == []
    # A normaliser that is total: a page of the wrong shape is quarantined, never raised.
    broken = spec.normalise({"data": "not a page", "items": 3, "kind": "?"})
    assert isinstance(broken, Normalised)
    assert broken.mentions == []
    assert [q.platform for q in broken.quarantined] == [spec.platform] * len(broken.quarantined)
    # Link domains: fixed, or named by the configuration (a Mastodon instance).
    configured = load_settings_from_text(CONFIG).section(spec.section)
    assert spec.link_domains or spec.settings_link_domains(configured)
    assert spec.label["de"]
    assert spec.label["en"]
    assert platform_label(spec.platform, "de") == spec.label["de"]
    assert all(s.env.isupper() and s.block and s.field for s in spec.secrets)
    assert spec.base_url_env.startswith("PRAISE_")
    assert spec.kinds
    assert spec.primary_key
    assert spec.cursor
    # A loopback double for tests and the demo, named but never imported by production code.
    fake = load_object(spec.fake)
    assert inspect.isclass(fake)
    assert all(hasattr(fake, name) for name in ("__enter__", "__exit__", "base_url"))
    assert spec.fake.startswith("praise.fakes.")


def load_settings_from_text(text: str) -> Settings:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "praise.toml"
        path.write_text(text, encoding="utf-8")
        return load_settings(path, env={})


def test_configured_sources_come_from_every_section_with_their_kinds() -> None:
    settings = load_settings_from_text(CONFIG)
    keys = [str(k) for k in configured_sources(settings)]
    assert keys == [
        "x:mentions:StadtIT_Demo",
        "instagram:profile:kater.joey.demo",
        "mastodon:mentions:social.beispielstadt.example",
        "mastodon:replies:social.beispielstadt.example/stadtit_demo",
        "mastodon:hashtag:social.beispielstadt.example/DankeStadtIT",
        "mastodon:hashtag:mastodon.example/DankeStadtIT",
        "bluesky:notifications:stadtit.beispielstadt.example",
        "bluesky:search:Kater Joey",
    ]
    for key in configured_sources(settings):
        assert key.kind in spec_for(key.platform).kinds
    # Our own accounts on every platform are never praise of ourselves.
    assert {
        "stadtit_demo",
        # Our Mastodon account as other instances show it.
        "stadtit_demo@social.beispielstadt.example",
        "stadtit.beispielstadt.example",
        "kater.joey.demo",
    } <= settings.own_handles
    # The configured instances may be linked from the digest; a stranger's domain may not.
    assert {"social.beispielstadt.example", "mastodon.example", "bsky.app", "x.com"} <= set(
        link_domains(settings)
    )


def test_platform_secrets_come_from_the_environment_only(tmp_path: Path) -> None:
    path = tmp_path / "praise.toml"
    path.write_text(
        '[mastodon]\ninstance = "https://social.example"\naccess_token = "oops"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"mastodon\.access_token is a secret: set MASTODON_ACCESS_TOKEN"):
        load_settings(path, env={})
    path.write_text('[bluesky]\nhandle = "a.example"\n', encoding="utf-8")
    env = {"BLUESKY_APP_PASSWORD": "app-pass-secret", "PRAISE_BLUESKY_BASE_URL": "http://127.0.0.1:9"}
    settings = load_settings(path, env=env)
    section = settings.section("bluesky")
    assert section.app_password.get_secret_value() == "app-pass-secret"
    assert section.base_url == "http://127.0.0.1:9"
    assert "app-pass-secret" not in repr(settings) + str(settings.model_dump())


def test_a_wrong_platform_section_is_a_one_line_config_error(tmp_path: Path) -> None:
    path = tmp_path / "praise.toml"
    path.write_text('[mastodon]\ninstance = "http://social.example"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mastodon\.instance: .*use https"):
        load_settings(path, env={})
    path.write_text('[bluesky]\nsearchs = ["typo"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bluesky\.searchs: Extra inputs are not permitted"):
        load_settings(path, env={})


def test_reading_the_registry_imports_no_platform_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from kernel.settings import load_settings; from kernel.sources import registry; "
        "registry(); load_settings(None, env={}); "
        "print(sorted(m for m in ('tweepy', 'instaloader', 'mastodon', 'atproto') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
