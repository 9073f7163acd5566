"""YAML loading that refuses what a markdown file has no business holding.

Aliases are refused before anything is constructed (a "billion laughs" block
costs nothing to parse and everything to walk), and every error comes back as
a value with the line where it happened, never as an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass(frozen=True)
class YamlResult:
    data: Any = None
    error: str | None = None
    error_line: int | None = None  # 0-based line within the YAML text
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 0-based line

    @property
    def ok(self) -> bool:
        return self.error is None


def load_yaml(text: str) -> YamlResult:
    """Parse one YAML document; aliases, anchors, tags and parse errors become ``error``."""
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return YamlResult(
                    error="YAML anchors and aliases are not allowed here",
                    error_line=event.start_mark.line,
                )
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        key_lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_lines.setdefault(str(key_node.value), key_node.start_mark.line)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return YamlResult(error=f"YAML: {problem}", error_line=mark.line if mark else 0)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return YamlResult(error=f"YAML: {exc.__class__.__name__}: {exc}"[:200], error_line=0)
    return YamlResult(data=data, key_lines=key_lines)
