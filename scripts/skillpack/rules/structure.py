"""SK2xx: the files a skill holds and the shape of their headings."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import SkillSettings
from ..diagnostics import Diagnostic
from ..document import Section, SkillDocument
from .base import Rule, SkillContext


def find_required_section(doc: SkillDocument, title: str, settings: SkillSettings) -> Section | None:
    """The H2 section ``title`` or one of its configured aliases."""
    aliases = tuple(settings["section-aliases"].get(title, ()))
    return doc.find_section(title, aliases, level=2)


class MissingSkillFile(Rule):
    """A skill folder without one of the files the profile requires.

    ## What it does
    With the `skill-anatomy` profile, every skill holds `SKILL.md`, `RED.md`,
    `GREEN.md` and `REFACTOR.md` (`required-files`).

    ## Why is this bad?
    A skill without its RED baselines and GREEN verification is untested
    prose: nobody can tell whether it changes what an agent does.

    ## Example
    A folder with `SKILL.md` and `RED.md` only.

    ## Use instead
    Add the missing files; `docs/authoring.md` shows their shape.
    """

    code = "SK201"
    name = "missing-skill-file"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for filename in ctx.settings["required-files"]:
            if filename not in ctx.skill.files:
                yield self.diag(ctx.skill.folder / filename, 1, f"{ctx.skill.name} has no {filename}")


class MissingSection(Rule):
    """A SKILL.md without one of the required H2 sections.

    ## What it does
    Looks for each section of `required-sections` as an H2 heading, matched
    case-insensitively, accepting the aliases of `section-aliases`.

    ## Why is this bad?
    Agents and the counts rules find pitfalls, red flags and rationalizations
    by these headings; a renamed section hides them.

    ## Example
    `## Gotchas` in place of `## Common Pitfalls`.

    ## Use instead
    `## Common Pitfalls`
    """

    code = "SK202"
    name = "missing-section"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc = ctx.skill.doc("SKILL.md")
        if doc is None:
            return
        for title in ctx.settings["required-sections"]:
            if find_required_section(doc, title, ctx.settings) is None:
                yield self.diag(doc.path, 1, f"missing section '## {title}'")


class HeadingLevelSkipped(Rule):
    """A heading more than one level below the one before it.

    ## What it does
    Reports, in every skill file, a heading that jumps down by two levels or
    more (an H4 right after an H2).

    ## Why is this bad?
    Sections and counts are read from the heading tree; a skipped level
    puts content under the wrong parent.

    ## Example
    ```
    ## Common Pitfalls
    #### Forgetting unscale_
    ```

    ## Use instead
    ```
    ## Common Pitfalls
    ### Forgetting unscale_
    ```
    """

    code = "SK203"
    name = "heading-level-skipped"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for source in ctx.skill.files.values():
            if source.doc is None:
                continue
            previous = 0
            for heading in source.doc.headings:
                if previous and heading.level > previous + 1:
                    yield self.diag(
                        source.path, heading.line, f"H{heading.level} follows H{previous}: heading level skipped"
                    )
                previous = heading.level


class HeadingOrderInverted(Rule):
    """A file whose first heading is not its one H1 title, or with a second H1.

    ## What it does
    Reports, in every skill file, a first heading below level 1 and any H1
    after the first heading.

    ## Why is this bad?
    The title is what a reader and the summary use; a second H1 splits the
    file into two documents for any tool that reads its outline.

    ## Example
    A file that starts with `## Overview` and has `# Details` further down.

    ## Use instead
    One `# Title` first, then H2 sections.
    """

    code = "SK204"
    name = "heading-order-inverted"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for source in ctx.skill.files.values():
            if source.doc is None or not source.doc.headings:
                continue
            first, *rest = source.doc.headings
            if first.level != 1:
                yield self.diag(source.path, first.line, f"first heading is H{first.level}; expected an H1 title")
            for heading in rest:
                if heading.level == 1:
                    yield self.diag(source.path, heading.line, "second H1: a file has one H1 title")


class UnclosedFence(Rule):
    """A fenced code block that is never closed.

    ## What it does
    Reports a code fence that runs to the end of the file.

    ## Why is this bad?
    Everything after it, sections included, becomes code: headings vanish
    from the outline and the example runner sees one huge block.

    ## Example
    A python block whose closing backticks were deleted.

    ## Use instead
    Close every fence with the same number of backticks that opened it.
    """

    code = "SK205"
    name = "unclosed-fence"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for source in ctx.skill.files.values():
            if source.doc is None:
                continue
            for block in source.doc.code_blocks:
                if not block.closed:
                    yield self.diag(source.path, block.line, "code fence is never closed")


class QuickReferenceNotFirst(Rule):
    """A SKILL.md whose first H2 is not the section that must open it.

    ## What it does
    With `section-order-first` set (`Quick Reference` in this pack), checks
    that it is the first H2 after the title.

    ## Why is this bad?
    An agent should be able to act after reading one screen; the decision
    procedure belongs at the top.

    ## Example
    `## Background` before `## Quick Reference`.

    ## Use instead
    Move the Quick Reference up, right under the title.
    """

    code = "SK206"
    name = "quick-reference-not-first"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc = ctx.skill.doc("SKILL.md")
        first = str(ctx.settings["section-order-first"])
        if doc is None or not first:
            return
        wanted = find_required_section(doc, first, ctx.settings)
        h2s = [h for h in doc.headings if h.level == 2]
        if wanted is not None and h2s and h2s[0].line != wanted.start_line:
            yield self.diag(doc.path, h2s[0].line, f"first section is '{h2s[0].text}'; '{first}' must come first")
