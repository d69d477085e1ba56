"""The source registry: one declaration per platform, read by settings, flows, the CLI and the reports.

A platform is one package under ``collectors/`` whose ``source`` module declares a `SourceSpec`: its
``praise.toml`` section and secrets, the source kinds it collects, its cursor and primary key, its limits,
its normaliser and collector, the link domains it may produce, its label in reports and the loopback
double that tests and the demo use. Nothing else names a platform.

The kernel imports nothing of ours, so it finds the declarations the way pytest finds its plugins: by
file, every package under ``collectors/`` that has a ``source.py`` (so adding that package is all it
takes), and through the ``praise.sources`` entry-point group for platforms shipped as distributions of
their own. Loading one imports only the platform's light ``source`` module: the platform's client library
(tweepy, instaloader, Mastodon.py, atproto) is imported only when a source of that platform is collected.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kernel.errors import ConfigError
from kernel.records import JSON, Normalised, Platform, RawPage, SourceKey, SourceReport

if TYPE_CHECKING:
    from pydantic import BaseModel

    from kernel.settings import Settings

ENTRY_POINT_GROUP = "praise.sources"
# The package whose sub-packages with a `source` module are platforms; found by file, not imported here.
PLATFORM_PACKAGE = "collectors"


@dataclass(slots=True)
class CollectContext:
    """Everything a collector needs for one source in one run.

    Attributes:
        settings: The whole configuration (secrets and base-URL overrides included).
        section: The platform's own ``praise.toml`` section, validated by its model.
        source: The source to read.
        cursor: The cursor stored after the last page of the previous run, ``{}`` the first time.
        report: The source's report; collectors add rate-limit waits to it.
        read_budget: Posts this source may read in this run (its share of the platform's budget), or
            ``None`` where the platform does not bill reads.
        now: A fixed clock for replays of recorded data (the demo); ``None`` is the real time.
    """

    settings: Settings
    section: Any
    source: SourceKey
    cursor: JSON
    report: SourceReport
    read_budget: int | None = None
    now: datetime | None = None

    def clock(self) -> Callable[[], datetime]:
        """The clock collectors should read: the fixed replay time, or the real UTC time."""
        fixed = self.now
        return (lambda: fixed) if fixed is not None else (lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret a platform needs: its environment variable, its Prefect Secret block and its settings field."""

    env: str
    block: str
    field: str


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """The contract of one platform (see the module docstring).

    Attributes:
        platform: The value stored in ``mentions.platform``.
        label: The platform's name for readers, by language (``{"de": ..., "en": ...}``).
        section: The ``praise.toml`` section that configures it.
        settings_model: The pydantic model of that section.
        kinds: The source kinds, in the order a collection visits them (``SourceKey.kind``).
        primary_key: What ``external_id`` holds (mentions are keyed by platform and this).
        cursor: What the stored cursor holds and how a run pages, for readers of the code and docs.
        secrets: The secrets it reads, never from the file.
        base_url_env: The variable that reroutes the platform's API (a gateway or a test double).
        link_domains: Domains its posts' and media links may have; subdomains count.
        sources: The configured sources of the section.
        own_handles: Our own accounts named in the section (never shown as praise of ourselves).
        normalise: Pure: one raw page to mentions and quarantined payloads.
        open: Starts the generator of raw pages for one source.
        fake: ``module:Class`` of the loopback double that tests and the demo use; production code never
            imports it.
        serial: Its sources run one after another (Instagram rate-limits per session), not in parallel.
        read_budget: The section's read budget per run, shared evenly by its sources; ``None`` if unbilled.
        settings_link_domains: Further link domains the configuration names (a Mastodon instance).
        env: Non-secret environment overrides: variable -> settings field of the section.
        position: Where its sources come in a collection and its rows in listings (lower first).
    """

    platform: Platform
    label: Mapping[str, str]
    section: str
    settings_model: type[BaseModel]
    kinds: tuple[str, ...]
    primary_key: str
    cursor: str
    secrets: tuple[Secret, ...]
    base_url_env: str
    link_domains: tuple[str, ...]
    sources: Callable[[Any], list[SourceKey]]
    own_handles: Callable[[Any], list[str]]
    normalise: Callable[[JSON], Normalised]
    open: Callable[[CollectContext], Iterator[RawPage]]
    fake: str
    serial: bool = False
    read_budget: Callable[[Any], int] | None = None
    settings_link_domains: Callable[[Any], tuple[str, ...]] = field(default=lambda _section: ())
    env: Mapping[str, str] = field(default_factory=dict)
    position: int = 100


def packaged_platforms(locations: Iterable[str] | None = None) -> dict[str, str]:
    """Platform name -> ``module:SOURCE`` for each package under ``collectors/`` with a ``source.py``.

    Found by file name: only the package itself (an ``__init__`` that lists its folders) is imported.
    `locations` replaces the package's folders (for tests).
    """
    if locations is None:
        locations = list(getattr(import_module(PLATFORM_PACKAGE), "__path__", []))
    found: dict[str, str] = {}
    for location in locations:
        for info in pkgutil.iter_modules([location]):
            if info.ispkg and (Path(location) / info.name / "source.py").is_file():
                found.setdefault(info.name, f"{PLATFORM_PACKAGE}.{info.name}.source:SOURCE")
    return found


@cache
def declarations() -> dict[str, str]:
    """Every platform's name and where its `SourceSpec` lives: ``collectors/`` first, then entry points."""
    found = packaged_platforms()
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point.value)
    return found


def platform_names() -> frozenset[str]:
    """The registered platforms' names, read without importing any of them."""
    return frozenset(declarations())


@cache
def registry() -> tuple[SourceSpec, ...]:
    """Every registered platform, in a stable order (by position, then name)."""
    specs: list[SourceSpec] = []
    for name, target in declarations().items():
        module, _, attribute = target.partition(":")
        spec = getattr(import_module(module), attribute or "SOURCE", None)
        if not isinstance(spec, SourceSpec):
            raise ConfigError(f"platform {name}: {target} is not a SourceSpec")
        if spec.platform != name:
            raise ConfigError(f"platform {name}: {target} declares the platform {spec.platform!r}")
        specs.append(spec)
    if not specs:
        raise ConfigError(
            f"no platforms found: no package under {PLATFORM_PACKAGE}/ has a source.py and no entry point "
            f"is registered under {ENTRY_POINT_GROUP!r}"
        )
    return tuple(sorted(specs, key=lambda s: (s.position, s.platform)))


def spec_for(platform: Platform | str) -> SourceSpec:
    """The declaration of one platform."""
    for spec in registry():
        if spec.platform == platform:
            return spec
    raise ConfigError(f"no source registered for platform {platform!r}")


def configured_sources(settings: Settings) -> list[SourceKey]:
    """The configured sources of every platform, in the order a collection visits them."""
    return [key for spec in registry() for key in spec.sources(settings.section(spec.section))]


def platform_label(platform: str, lang: str) -> str | None:
    """The platform's name for readers, or ``None`` for a platform no source declares (imports)."""
    for spec in registry():
        if spec.platform == platform:
            return spec.label.get(lang) or spec.label.get("en")
    return None


# Domains that loaded configurations name (a Mastodon instance): `load_settings` adds them, because the
# configuration is the one place they are known and reports render links without being handed settings.
_configured_domains: set[str] = set()


def allow_configured_link_domains(settings: Settings) -> None:
    """Allow links to the domains this configuration names (its Mastodon instances), for this process."""
    for spec in registry():
        _configured_domains.update(
            d.lower() for d in spec.settings_link_domains(settings.section(spec.section))
        )


def link_domains(settings: Settings | None = None) -> tuple[str, ...]:
    """Every domain a registered platform's links may have, plus those the loaded configurations name."""
    domains: list[str] = [d for spec in registry() for d in spec.link_domains]
    domains.extend(sorted(_configured_domains))
    if settings is not None:
        for spec in registry():
            domains.extend(spec.settings_link_domains(settings.section(spec.section)))
    return tuple(dict.fromkeys(d.lower() for d in domains))


def load_object(reference: str) -> Any:
    """Import ``module:attribute`` (a spec's ``fake``), for the tests and the demo."""
    module, _, name = reference.partition(":")
    return getattr(import_module(module), name)
