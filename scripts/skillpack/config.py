"""Settings: the built-in defaults, a profile, the project's table, per-skill overrides.

Precedence, lowest first: ``defaults.toml`` top level, the chosen profile, the
``[tool.validate-skills]`` table of the nearest ``pyproject.toml`` (or the file
given with ``--config``), then ``overrides.<skill>`` for that skill alone.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import real_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")


class ConfigError(Exception):
    """The configuration cannot be used; the CLI turns this into exit code 2."""


@dataclass(frozen=True)
class Config:
    values: Mapping[str, Any]
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: Path | None = None

    def get(self, key: str, skill: str | None = None) -> Any:
        if skill is not None and key in self.overrides.get(skill, {}):
            return self.overrides[skill][key]
        if key not in self.values:
            raise KeyError(f"unknown setting {key!r}")
        return self.values[key]

    def for_skill(self, skill: str) -> SkillSettings:
        return SkillSettings(self, skill)


@dataclass(frozen=True)
class SkillSettings:
    config: Config
    skill: str

    def __getitem__(self, key: str) -> Any:
        return self.config.get(key, self.skill)


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables; any failure to read or parse it is a :class:`ConfigError`."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def find_project_file(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a validate-skills table."""
    here = real_path(start)
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data = read_toml(candidate)
            if "validate-skills" in data.get("tool", {}):
                return candidate
    return None


def load_config(explicit: Path | None = None, start: Path | None = None) -> Config:
    defaults = read_toml(DEFAULTS_FILE)
    profiles = defaults.pop("profiles")
    project: dict[str, Any] = {}
    source = explicit or (find_project_file(start) if start is not None else None)
    if source is not None:
        data = read_toml(source)
        project = data.get("tool", {}).get("validate-skills", data if explicit and "tool" not in data else {})
    overrides = project.pop("overrides", {})
    profile_name = project.get("profile", defaults["profile"])
    if profile_name not in profiles:
        raise ConfigError(f"unknown profile {profile_name!r}; known: {', '.join(sorted(profiles))}")
    known = set(defaults) | set(profiles[profile_name])
    unknown = sorted((set(project) | {k for o in overrides.values() for k in o}) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s) in {source}: {', '.join(unknown)}")
    values = {**defaults, **profiles[profile_name], **project, "profile": profile_name}
    return Config(values=values, overrides=overrides, source=source)
