"""The JSON Schemas the rules validate against, loaded and compiled once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from .doccache import memoized

_HERE = Path(__file__).parent


@cache
def validator(name: str) -> Any:
    """``skills`` (SKILL.md frontmatter), ``scenario`` or ``verification``."""
    from jsonschema import Draft202012Validator

    schema = json.loads((_HERE / f"{name}-schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)  # the schemas themselves are checked by tests/test_schemas.py


def errors(name: str, instance: Any) -> list[tuple[str, str]]:
    """(top-level key or "", message) for each violation, in a stable order."""
    key = json.dumps(instance, sort_keys=True, default=repr)
    return memoized(f"schema-{name}", key, lambda: _errors(name, instance))


def _errors(name: str, instance: Any) -> list[tuple[str, str]]:
    found = []
    for err in sorted(validator(name).iter_errors(instance), key=lambda e: (list(map(str, e.path)), e.message)):
        key = str(err.path[0]) if err.path else ""
        where = "/".join(map(str, err.path))
        found.append((key, f"{where}: {err.message}" if where else err.message))
    return found
