"""The rule registry. Order is data: rules run, and are documented, in this order."""

from __future__ import annotations

from collections.abc import Iterable

from .base import PackContext, Rule, SkillContext
from .code import DeprecatedApi, ExampleShowsNoEffect, InvalidDirective, PythonSyntaxError, UndefinedName
from .counts import (
    LineCountOutOfRange,
    RedWithoutGreen,
    TooFewExamples,
    TooFewPitfalls,
    TooFewRationalizations,
    TooFewRedBaselines,
    TooFewRedFlags,
    TooFewRefactorScenarios,
)
from .execution import (
    ExampleCrashed,
    ExampleFailed,
    ExamplesNotExecuted,
    ExampleTimeout,
    ExampleWrongException,
)
from .files import ByteOrderMark, CrlfLineEndings, UnreadableFile
from .frontmatter import (
    AngleBracketInFrontmatter,
    DescriptionNotTrigger,
    DescriptionTooLong,
    FrontmatterSchema,
    InvalidFrontmatter,
    NameFolderMismatch,
)
from .packaging import InvalidPluginManifest, MarketplaceMismatch
from .references import BrokenRelativeLink, RouterMissingSibling, UnknownSkillReference
from .safety import UnsafeInstruction
from .scenarios import (
    DuplicateScenarioId,
    InvalidScenarioYaml,
    MissingScenarioRepo,
    ScenarioSchema,
    VerificationWithoutScenario,
)
from .structure import (
    HeadingLevelSkipped,
    HeadingOrderInverted,
    MissingSection,
    MissingSkillFile,
    QuickReferenceNotFirst,
    UnclosedFence,
)

RULES: tuple[type[Rule], ...] = (
    UnreadableFile,
    ByteOrderMark,
    CrlfLineEndings,
    InvalidFrontmatter,
    FrontmatterSchema,
    NameFolderMismatch,
    DescriptionTooLong,
    DescriptionNotTrigger,
    AngleBracketInFrontmatter,
    MissingSkillFile,
    MissingSection,
    HeadingLevelSkipped,
    HeadingOrderInverted,
    UnclosedFence,
    QuickReferenceNotFirst,
    LineCountOutOfRange,
    TooFewExamples,
    TooFewPitfalls,
    TooFewRedFlags,
    TooFewRationalizations,
    TooFewRedBaselines,
    TooFewRefactorScenarios,
    RedWithoutGreen,
    InvalidScenarioYaml,
    ScenarioSchema,
    DuplicateScenarioId,
    MissingScenarioRepo,
    VerificationWithoutScenario,
    BrokenRelativeLink,
    UnknownSkillReference,
    RouterMissingSibling,
    PythonSyntaxError,
    UndefinedName,
    InvalidDirective,
    DeprecatedApi,
    ExampleShowsNoEffect,
    InvalidPluginManifest,
    MarketplaceMismatch,
    UnsafeInstruction,
    ExampleFailed,
    ExampleTimeout,
    ExampleCrashed,
    ExampleWrongException,
    ExamplesNotExecuted,
)

RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in RULES}


def matches(code: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p.upper()) for p in prefixes)


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Instances of the rules whose code starts with a ``select`` prefix (all when empty), less ``ignore``."""
    select, ignore = list(select), list(ignore)
    return [rule() for rule in RULES if (not select or matches(rule.code, select)) and not matches(rule.code, ignore)]


__all__ = ["RULES", "RULES_BY_CODE", "PackContext", "Rule", "SkillContext", "select_rules"]
