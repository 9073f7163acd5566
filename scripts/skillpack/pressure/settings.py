"""pressure-test settings: the package defaults, then ``[tool.pressure-test]``, then the command line.

Settings are data: every default lives in ``defaults.toml`` beside this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import ConfigError, read_toml

DEFAULTS_FILE = Path(__file__).with_name("defaults.toml")
TABLE = "pressure-test"


def _merge(base: Mapping[str, Any], top: Mapping[str, Any], where: str) -> dict[str, Any]:
    """``base`` updated by ``top``; tables merge key by key, unknown keys are refused."""
    merged = dict(base)
    for key, value in top.items():
        if key not in base:
            if where == "prices.":
                merged[key] = value
                continue
            raise ConfigError(f"unknown setting {where}{key!r}")
        if isinstance(base[key], dict) and isinstance(value, dict):
            merged[key] = _merge(base[key], value, f"{where}{key}.")
        else:
            merged[key] = value
    return merged


def find_project_file(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a pressure-test table."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and TABLE in read_toml(candidate).get("tool", {}):
            return candidate
    return None


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, Any]
    source: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def backend_section(self, name: str) -> dict[str, Any]:
        return dict(self.values["backends"].get(name, {}))

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        """Command-line values (``None`` means not given) on top of these settings."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return Settings(_merge(self.values, given, ""), self.source)


def load_settings(explicit: Path | None = None, start: Path | None = None) -> Settings:
    """Defaults, then the ``[tool.pressure-test]`` table of ``explicit`` or of the nearest pyproject."""
    values = read_toml(DEFAULTS_FILE)
    source = explicit or (find_project_file(start) if start is not None else None)
    if source is None:
        return Settings(values)
    data = read_toml(source)
    table = data.get("tool", {}).get(TABLE)
    if table is None:
        table = {} if "tool" in data else data
    return Settings(_merge(values, table, ""), source)
