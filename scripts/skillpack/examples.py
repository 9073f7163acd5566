"""The python examples of a skill: blocks, their directives, their chains.

Shared by the static code rules (SK6xx) and the example runner, so both agree
on what an example is and which block continues which.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .directives import DirectiveError, Directives, parse_directives
from .document import CodeBlock, SkillDocument


@dataclass(frozen=True)
class Example:
    path: Path
    block: CodeBlock
    directives: Directives
    directive_error: str | None = None
    chain_start: int = 0  # index (in the file's examples) of the block that starts its continue chain
    index: int = 0

    @property
    def source(self) -> str:
        return self.block.content

    @property
    def line(self) -> int:
        return self.block.code_line


def examples_of(doc: SkillDocument) -> list[Example]:
    """Every python block of ``doc`` with its directives; continue blocks point at their chain's start."""
    found: list[Example] = []
    for block in doc.code_blocks:
        if not block.is_python:
            continue
        error = None
        try:
            directives = parse_directives(block.directive)
        except DirectiveError as exc:
            directives, error = Directives(), str(exc)
        index = len(found)
        start = index
        if directives.continues and found:
            start = found[-1].chain_start
        found.append(Example(doc.path, block, directives, error, start, index))
    return found


@lru_cache(maxsize=8192)
def _tree(source: str) -> ast.Module | None:
    """The syntax tree of a block, parsed once however many rules ask; None when it does not parse."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


@lru_cache(maxsize=8192)
def compiles(source: str, filename: str = "<example>") -> SyntaxError | None:
    try:
        compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return exc
    except ValueError as exc:  # NUL bytes in source
        return SyntaxError(str(exc))
    return None


def bound_names(source: str) -> set[str]:
    """Names a block binds (an over-approximation: any store anywhere in it)."""
    tree = _tree(source)
    if tree is None:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
    return names


def shows_effect(source: str) -> bool:
    """Whether a block asserts or prints something (or calls an ``assert*`` helper)."""
    tree = _tree(source)
    if tree is None:
        return True  # reported by the syntax rule instead
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "print" or name.startswith("assert"):
                return True
    return False
