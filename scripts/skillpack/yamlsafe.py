"""YAML loading that refuses what a markdown file has no business holding.

Aliases are refused before anything is constructed (a "billion laughs" block
costs nothing to parse and everything to walk), and every error comes back as
a value with the line where it happened, never as an exception. The text is
parsed once, with libyaml when PyYAML was built with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .doccache import memoized


@dataclass(frozen=True)
class YamlResult:
    data: Any = None
    error: str | None = None
    error_line: int | None = None  # 0-based line within the YAML text
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 0-based line

    @property
    def ok(self) -> bool:
        return self.error is None


def _shared_node(root: Any) -> Any:
    """A node reached twice: what an alias composes to. None when the tree has no sharing."""
    seen: set[int] = set()
    stack = [root]
    import yaml

    while stack:
        node = stack.pop()
        if id(node) in seen:
            return node
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def load_yaml(text: str) -> YamlResult:
    """Parse one YAML document; aliases, parse errors and odd values become ``error``."""
    return memoized("yaml", text, lambda: _load_yaml(text))


def _load_yaml(text: str) -> YamlResult:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlResult(data=None)
        shared = _shared_node(node)
        if shared is not None:
            return YamlResult(error="YAML anchors and aliases are not allowed here", error_line=shared.start_mark.line)
        key_lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key_lines.setdefault(str(key_node.value), key_node.start_mark.line)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        return YamlResult(error=f"YAML: {problem}", error_line=mark.line if mark else 0)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        return YamlResult(error=f"YAML: {exc.__class__.__name__}: {exc}"[:200], error_line=0)
    finally:
        loader.dispose()
    return YamlResult(data=data, key_lines=key_lines)
