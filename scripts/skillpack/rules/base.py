"""What a rule is, and what it is given."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

from ..config import Config, SkillSettings
from ..diagnostics import Diagnostic
from ..doccache import DocumentCache
from ..pack import Pack, Skill

# "exec" rules are reported by the example runner (validate-skills --exec), not by a check method.
Scope = Literal["skill", "pack", "exec"]


@dataclass(frozen=True)
class SkillContext:
    skill: Skill
    pack: Pack
    settings: SkillSettings


@dataclass(frozen=True)
class PackContext:
    pack: Pack
    config: Config
    cache: DocumentCache | None = None  # for rules whose work is a pure function of text (ruff's findings)


class Rule:
    """Base class. A rule yields diagnostics and never prints or raises on bad input.

    Subclasses set ``code`` (SKnnn), ``name`` (the pattern flagged, kebab-case),
    ``scope`` and a docstring with the headings *What it does*, *Why is this
    bad?*, *Example* and *Use instead*: the docstring is the rule's documentation.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    scope: ClassVar[Scope] = "skill"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:  # pragma: no cover - overridden
        return iter(())

    def check_pack(self, ctx: PackContext) -> Iterator[Diagnostic]:  # pragma: no cover - overridden
        return iter(())

    @classmethod
    def doc(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0]

    def diag(self, path, line: int, message: str) -> Diagnostic:  # type: ignore[no-untyped-def]
        return Diagnostic(path, line, self.code, message)
