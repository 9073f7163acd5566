"""SK1xx: the SKILL.md frontmatter."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..schemas import errors
from .base import Rule, SkillContext


def _frontmatter(ctx: SkillContext):  # type: ignore[no-untyped-def]
    doc = ctx.skill.doc("SKILL.md")
    if doc is None or doc.frontmatter is None or doc.frontmatter.data is None:
        return None, None
    return doc, doc.frontmatter


class InvalidFrontmatter(Rule):
    """A SKILL.md without frontmatter that parses to a mapping.

    ## What it does
    Reports a SKILL.md with no leading `---` block, one that is never closed,
    YAML that does not parse (with its line), YAML anchors or aliases, or YAML
    that is not a mapping.

    ## Why is this bad?
    The frontmatter is all an agent sees before it decides to load the skill.

    ## Example
    ```
    ---
    name: my-skill
    description: Use when: things break
    ---
    ```
    (the second colon makes the description invalid YAML)

    ## Use instead
    Quote values that hold `: ` or start with a special character.
    """

    code = "SK101"
    name = "invalid-frontmatter"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc = ctx.skill.doc("SKILL.md")
        if doc is None:
            return
        fm = doc.frontmatter
        if fm is None:
            yield self.diag(doc.path, 1, "SKILL.md has no frontmatter: it must start with a --- YAML block")
        elif fm.error:
            yield self.diag(doc.path, fm.error_line or fm.start_line, fm.error)


class FrontmatterSchema(Rule):
    """Frontmatter that does not fit `skills-schema.json`.

    ## What it does
    Validates the frontmatter against the JSON Schema of the Agent Skills
    standard: exactly the keys `name`, `description`, `license`,
    `compatibility`, `metadata` (strings to strings) and `allowed-tools`, with
    their limits. One diagnostic per violation, at the line of its key.

    ## Why is this bad?
    Loaders reject or silently ignore skills whose frontmatter breaks the
    standard; an unknown key is often a typo of a real one.

    ## Example
    ```
    name: My_Skill
    descripton: Use when ...
    ```

    ## Use instead
    ```
    name: my-skill
    description: Use when ...
    ```
    """

    code = "SK102"
    name = "frontmatter-schema-violation"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc, fm = _frontmatter(ctx)
        if fm is None:
            return
        for key, message in errors("skills", fm.data):
            if not key and "Additional properties" in message:
                for extra in sorted(set(fm.data) - set(_SCHEMA_KEYS)):
                    yield self.diag(doc.path, fm.line_of(extra), f"unknown frontmatter key {extra!r}")
                continue
            yield self.diag(doc.path, fm.line_of(key) if key else fm.start_line, message)


_SCHEMA_KEYS = ("name", "description", "license", "compatibility", "metadata", "allowed-tools")


class NameFolderMismatch(Rule):
    """A `name` that differs from the skill's folder name.

    ## What it does
    Compares the frontmatter `name` with the name of the folder that holds the
    SKILL.md.

    ## Why is this bad?
    The standard requires them to match; installers and cross-references use
    the folder, agents use the name.

    ## Example
    `lr-schedules/SKILL.md` with `name: learning-rate-scheduling`.

    ## Use instead
    Rename one of the two so they agree.
    """

    code = "SK103"
    name = "name-folder-mismatch"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc, fm = _frontmatter(ctx)
        if fm is None:
            return
        name = fm.data.get("name")
        if isinstance(name, str) and name != ctx.skill.name:
            yield self.diag(doc.path, fm.line_of("name"), f"name {name!r} differs from folder {ctx.skill.name!r}")


class DescriptionTooLong(Rule):
    """A description longer than the pack's limit (`description-max-chars`).

    ## What it does
    Reports a description above the configured length (the standard allows
    1,024 characters; a pack may set less).

    ## Why is this bad?
    Every description of every installed skill sits in the agent's context on
    every turn; long ones crowd out the rest and blur triggering.

    ## Example
    A description that summarises the whole workflow in 600 characters.

    ## Use instead
    Say when to use the skill, with the symptoms that should trigger it.
    """

    code = "SK104"
    name = "description-too-long"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc, fm = _frontmatter(ctx)
        if fm is None:
            return
        text = fm.data.get("description")
        limit = int(ctx.settings["description-max-chars"])
        if isinstance(text, str) and len(text) > limit:
            yield self.diag(
                doc.path, fm.line_of("description"), f"description is {len(text)} characters; the limit is {limit}"
            )


class DescriptionNotTrigger(Rule):
    """A description that does not start the way the pack requires (`description-prefix`).

    ## What it does
    Checks that the description starts with the configured prefix, for this
    pack "Use when", so it reads as a trigger rather than a summary.

    ## Why is this bad?
    Agents load a skill when its description matches the situation; a
    description that summarises the method tempts the agent to follow the
    summary instead of loading the skill.

    ## Example
    `description: A guide to learning-rate schedules and warmup.`

    ## Use instead
    `description: Use when the loss spikes early, warmup is missing, ...`
    """

    code = "SK105"
    name = "description-not-trigger"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc, fm = _frontmatter(ctx)
        prefix = str(ctx.settings["description-prefix"])
        if fm is None or not prefix:
            return
        text = fm.data.get("description")
        if isinstance(text, str) and not text.lstrip().lower().startswith(prefix.lower()):
            yield self.diag(doc.path, fm.line_of("description"), f"description does not start with {prefix!r}")


class AngleBracketInFrontmatter(Rule):
    """A `<` or `>` in the name or description.

    ## What it does
    Reports angle brackets in `name` or `description`.

    ## Why is this bad?
    The frontmatter is injected into the agent's system prompt; angle brackets
    can open or close the XML-like tags around it.

    ## Example
    `description: Use when loss > 10 after warmup`

    ## Use instead
    `description: Use when the loss stays above 10 after warmup`
    """

    code = "SK106"
    name = "angle-bracket-in-frontmatter"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        doc, fm = _frontmatter(ctx)
        if fm is None:
            return
        for key in ("name", "description"):
            value = fm.data.get(key)
            if isinstance(value, str) and ("<" in value or ">" in value):
                yield self.diag(doc.path, fm.line_of(key), f"{key} holds '<' or '>'")
