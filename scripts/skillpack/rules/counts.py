"""SK3xx: the sizes and counts the profile asks of each skill."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..document import SkillDocument
from ..scenarios import SCENARIO_INFO, VERIFICATION_INFO, read_blocks
from .base import Rule, SkillContext
from .structure import find_required_section

NON_EXAMPLE_LANGS = {"", "text", "txt", "plain", "plaintext", "output", "console-output"}


def count_examples(doc: SkillDocument) -> int:
    return sum(1 for b in doc.code_blocks if b.lang not in NON_EXAMPLE_LANGS)


def count_pitfalls(doc: SkillDocument, settings) -> int:  # type: ignore[no-untyped-def]
    section = find_required_section(doc, "Common Pitfalls", settings)
    return sum(1 for _ in doc.headings_in(section, 3)) if section else 0


def count_red_flags(doc: SkillDocument, settings) -> int:  # type: ignore[no-untyped-def]
    section = find_required_section(doc, "Red Flags", settings)
    return sum(1 for _ in doc.list_items_in(section)) if section else 0


def count_rationalizations(doc: SkillDocument, settings) -> int:  # type: ignore[no-untyped-def]
    section = find_required_section(doc, "Rationalization Table", settings)
    return sum(len(t.rows) for t in doc.tables_in(section)) if section else 0


def count_scenarios(doc: SkillDocument | None) -> int:
    return len(read_blocks(doc, SCENARIO_INFO)) if doc else 0


class _Minimum(Rule):
    setting: str
    what: str
    filename = "SKILL.md"

    def count(self, doc: SkillDocument, ctx: SkillContext) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc = ctx.skill.doc(self.filename)
        wanted = int(ctx.settings[self.setting])
        if doc is None or wanted <= 0:
            return
        found = self.count(doc, ctx)
        if found < wanted:
            yield self.diag(doc.path, 1, f"{found} {self.what}; at least {wanted} expected ({self.setting})")


class LineCountOutOfRange(Rule):
    """A skill file shorter or longer than its range in `lines`.

    ## What it does
    Checks the line count of each file named in `lines` (for this pack:
    SKILL.md 1,500-2,000 for a technique skill, 400-1,000 for the router).

    ## Why is this bad?
    Too short and the skill lacks the checklists it exists for; too long and
    it costs the agent more context than it returns.

    ## Example
    A 300-line technique skill.

    ## Use instead
    Fill the gaps the RED runs showed, or move detail into linked files.
    """

    code = "SK301"
    name = "line-count-out-of-range"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for filename, (low, high) in dict(ctx.settings["lines"]).items():
            doc = ctx.skill.doc(filename)
            if doc is None:
                continue
            n = doc.line_count
            if not low <= n <= high:
                yield self.diag(doc.path, 1, f"{n} lines; expected {low}-{high}")


class TooFewExamples(_Minimum):
    """A SKILL.md with fewer code examples than `min-examples`.

    ## What it does
    Counts fenced code blocks with a language (not `text`) in SKILL.md.

    ## Why is this bad?
    Agents copy code; a technique without a runnable example gets rewritten
    from memory, old APIs and all.

    ## Example
    A skill that describes GradScaler in prose only.

    ## Use instead
    Show each technique as a small block the runner executes.
    """

    code = "SK302"
    name = "too-few-examples"
    setting, what = "min-examples", "code examples"

    def count(self, doc: SkillDocument, ctx: SkillContext) -> int:
        return count_examples(doc)


class TooFewPitfalls(_Minimum):
    """Fewer H3 pitfalls under `## Common Pitfalls` than `min-pitfalls`.

    ## What it does
    Counts the H3 headings inside the Common Pitfalls section.

    ## Why is this bad?
    The pitfalls are where a skill earns its tokens: the mistakes a capable
    agent makes anyway.

    ## Example
    Pitfalls written as one bullet list instead of one H3 each.

    ## Use instead
    One `### ` per pitfall: symptom, cause, fix with code.
    """

    code = "SK303"
    name = "too-few-pitfalls"
    setting, what = "min-pitfalls", "pitfalls (H3 under Common Pitfalls)"

    def count(self, doc: SkillDocument, ctx: SkillContext) -> int:
        return count_pitfalls(doc, ctx.settings)


class TooFewRedFlags(_Minimum):
    """Fewer list items under `## Red Flags` than `min-red-flags`.

    ## What it does
    Counts the top-level list items of the Red Flags section.

    ## Why is this bad?
    Red flags are the thoughts that should stop an agent; too few and the
    common shortcuts go unnamed.

    ## Example
    A Red Flags section written as a paragraph.

    ## Use instead
    One list item per thought or sign.
    """

    code = "SK304"
    name = "too-few-red-flags"
    setting, what = "min-red-flags", "red flags (list items under Red Flags)"

    def count(self, doc: SkillDocument, ctx: SkillContext) -> int:
        return count_red_flags(doc, ctx.settings)


class TooFewRationalizations(_Minimum):
    """Fewer table rows under `## Rationalization Table` than `min-rationalizations`.

    ## What it does
    Counts the data rows of the tables in the Rationalization Table section.

    ## Why is this bad?
    Each row answers an excuse an agent or user gives for cutting a corner;
    an excuse without an answer wins under pressure.

    ## Example
    A table with three rows.

    ## Use instead
    One row per excuse observed in RED and REFACTOR runs.
    """

    code = "SK305"
    name = "too-few-rationalizations"
    setting, what = "min-rationalizations", "rationalization rows"

    def count(self, doc: SkillDocument, ctx: SkillContext) -> int:
        return count_rationalizations(doc, ctx.settings)


class TooFewRedBaselines(_Minimum):
    """A RED.md with fewer `yaml scenario` blocks than `min-red-baselines`.

    ## What it does
    Counts the scenario blocks of RED.md.

    ## Why is this bad?
    Without observed baseline failures nobody knows what the skill must fix.

    ## Example
    A RED.md of prose with no scenario block.

    ## Use instead
    One ```` ```yaml scenario ```` block per baseline, with prose around it.
    """

    code = "SK306"
    name = "too-few-red-baselines"
    setting, what = "min-red-baselines", "RED baselines (yaml scenario blocks)"
    filename = "RED.md"

    def count(self, doc: SkillDocument, ctx: SkillContext) -> int:
        return count_scenarios(doc)


class TooFewRefactorScenarios(_Minimum):
    """A REFACTOR.md with fewer `yaml scenario` blocks than `min-refactor-scenarios`.

    ## What it does
    Counts the scenario blocks of REFACTOR.md.

    ## Why is this bad?
    Pressure scenarios are how a skill is shown to hold under deadline,
    authority and sunk cost; a skill that passes only calm requests is not
    done.

    ## Example
    A REFACTOR.md with three scenarios.

    ## Use instead
    Six at least, thirteen as the mark.
    """

    code = "SK307"
    name = "too-few-refactor-scenarios"
    setting, what = "min-refactor-scenarios", "REFACTOR scenarios"
    filename = "REFACTOR.md"

    def count(self, doc: SkillDocument, ctx: SkillContext) -> int:
        return count_scenarios(doc)


class RedWithoutGreen(Rule):
    """A RED baseline whose id has no `yaml verification` block in GREEN.md.

    ## What it does
    Checks that every scenario id of RED.md has a verification with the same
    id in GREEN.md.

    ## Why is this bad?
    A baseline failure with no verification leaves open whether the skill
    fixes it.

    ## Example
    RED.md has `lrs-onecycle-per-epoch`; GREEN.md never mentions it.

    ## Use instead
    ```yaml verification
    id: lrs-onecycle-per-epoch
    verdict: pass
    ```
    """

    code = "SK308"
    name = "red-without-green"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        red, green = ctx.skill.doc("RED.md"), ctx.skill.doc("GREEN.md")
        if red is None or green is None:
            return
        verified = {b.id for b in read_blocks(green, VERIFICATION_INFO)}
        for block in read_blocks(red, SCENARIO_INFO):
            if block.id and block.id not in verified:
                yield self.diag(
                    red.path, block.block.line, f"RED scenario {block.id!r} has no verification in GREEN.md"
                )
