"""The JSON Schemas are valid draft 2020-12 and say what the standard says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from skillpack.schemas import errors

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "scripts" / "skillpack"


@pytest.mark.parametrize("path", [ROOT / "skills-schema.json", *PACKAGE.glob("*-schema.json")], ids=lambda p: p.name)
def test_schema_is_valid(path: Path) -> None:
    Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_package_ships_the_root_schema() -> None:
    assert (PACKAGE / "skills-schema.json").read_text() == (ROOT / "skills-schema.json").read_text()


@pytest.mark.parametrize(
    ("frontmatter", "ok"),
    [
        ({"name": "a-b", "description": "Use when x"}, True),
        ({"name": "a-b", "description": "x", "license": "MIT", "compatibility": "torch", "metadata": {"k": "v"},
          "allowed-tools": "Bash Read"}, True),
        ({"name": "A-b", "description": "x"}, False),
        ({"name": "a--b", "description": "x"}, False),
        ({"name": "-ab", "description": "x"}, False),
        ({"name": "a" * 65, "description": "x"}, False),
        ({"name": "ab", "description": ""}, False),
        ({"name": "ab", "description": "x" * 1025}, False),
        ({"name": "ab", "description": "x", "metadata": {"k": 1}}, False),
        ({"name": "ab", "description": "x", "compatibility": "c" * 501}, False),
        ({"name": "ab", "description": "x", "version": "1"}, False),
        ({"description": "x"}, False),
    ],
)  # fmt: skip
def test_skills_schema_limits(frontmatter: dict, ok: bool) -> None:
    assert (errors("skills", frontmatter) == []) is ok
