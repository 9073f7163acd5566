"""Scenario and verification blocks of RED.md, GREEN.md and REFACTOR.md, read from the document model.

Shared by the validator's rules and the pressure-test runner, so both read a
scenario the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .document import CodeBlock, SkillDocument
from .schemas import errors
from .yamlsafe import load_yaml

SCENARIO_INFO = ("yaml", "scenario")
VERIFICATION_INFO = ("yaml", "verification")


@dataclass(frozen=True)
class ScenarioBlock:
    path: Path
    block: CodeBlock
    data: dict[str, Any] | None
    error: str | None = None
    error_line: int | None = None

    @property
    def id(self) -> str | None:
        value = self.data.get("id") if self.data else None
        return value if isinstance(value, str) else None

    def line_of(self, key: str) -> int:
        return self.block.code_line


def read_blocks(doc: SkillDocument, info: tuple[str, ...] = SCENARIO_INFO) -> tuple[ScenarioBlock, ...]:
    """Each ``yaml scenario`` (or ``yaml verification``) block of ``doc``, parsed; errors kept as values.

    Several rules and the runner ask for the same blocks; each document's are parsed once.
    """
    return _read_blocks(doc, info)


@lru_cache(maxsize=4096)
def _read_blocks(doc: SkillDocument, info: tuple[str, ...]) -> tuple[ScenarioBlock, ...]:
    found = []
    for block in doc.blocks_with_info(*info):
        result = load_yaml(block.content)
        if not result.ok:
            found.append(ScenarioBlock(doc.path, block, None, result.error, block.code_line + (result.error_line or 0)))
        elif not isinstance(result.data, dict):
            found.append(ScenarioBlock(doc.path, block, None, "block must be a YAML mapping", block.code_line))
        else:
            found.append(ScenarioBlock(doc.path, block, result.data))
    return tuple(found)


def schema_errors(block: ScenarioBlock, schema: str = "scenario") -> list[str]:
    return [message for _, message in errors(schema, block.data)] if block.data is not None else []
