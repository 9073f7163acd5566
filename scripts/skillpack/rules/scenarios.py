"""SK4xx: the pressure scenarios and their verifications."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..paths import real_path
from ..scenarios import SCENARIO_INFO, VERIFICATION_INFO, read_blocks, schema_errors
from .base import PackContext, Rule, SkillContext

SCENARIO_FILES = ("RED.md", "REFACTOR.md")


class InvalidScenarioYaml(Rule):
    """A `yaml scenario` or `yaml verification` block that is not a YAML mapping.

    ## What it does
    Parses every such block of RED.md, GREEN.md and REFACTOR.md; reports YAML
    errors at their line, anchors and aliases, and non-mappings.

    ## Why is this bad?
    The pressure-test runner cannot run a scenario it cannot read.

    ## Example
    A prompt with a `: ` that was not put in a `|` block.

    ## Use instead
    Write the prompt as a literal block: `prompt: |`.
    """

    code = "SK401"
    name = "invalid-scenario-yaml"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for filename, info in (*((f, SCENARIO_INFO) for f in SCENARIO_FILES), ("GREEN.md", VERIFICATION_INFO)):
            doc = ctx.skill.doc(filename)
            for block in read_blocks(doc, info) if doc else ():
                if block.error:
                    yield self.diag(block.path, block.error_line or block.block.line, block.error)


class ScenarioSchema(Rule):
    """A scenario or verification block that does not fit its schema.

    ## What it does
    Validates scenario blocks against `scenario-schema.json` (id, prompt,
    pressures, must, must_not, checks, repo) and verification blocks against
    `verification-schema.json` (id, verdict, items); also compiles every
    `checks` pattern.

    ## Why is this bad?
    A misspelt key (`must-not`) is silently ignored by a lenient reader, and
    the judge then grades without it.

    ## Example
    ```yaml scenario
    id: lrs-warmup
    prompt: ...
    must-not: [...]
    ```

    ## Use instead
    `must_not:` (underscore), and every required key present.
    """

    code = "SK402"
    name = "scenario-schema-violation"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        import re

        for filename, info, schema in (
            *((f, SCENARIO_INFO, "scenario") for f in SCENARIO_FILES),
            ("GREEN.md", VERIFICATION_INFO, "verification"),
        ):
            doc = ctx.skill.doc(filename)
            for block in read_blocks(doc, info) if doc else ():
                for message in schema_errors(block, schema):
                    yield self.diag(block.path, block.block.line, message)
                for check in (block.data or {}).get("checks") or ():
                    if isinstance(check, dict) and isinstance(check.get("pattern"), str):
                        try:
                            re.compile(check["pattern"])
                        except re.error as exc:
                            yield self.diag(block.path, block.block.line, f"check pattern does not compile: {exc}")


class DuplicateScenarioId(Rule):
    """A scenario id used twice in the pack.

    ## What it does
    Collects the ids of every scenario block of RED.md and REFACTOR.md of
    every skill of the pack; reports each repeat at its line.

    ## Why is this bad?
    Transcripts, caches and GREEN verifications are keyed by id; a repeated
    id merges two scenarios' results.

    ## Example
    `lr-warmup` in two skills' RED.md.

    ## Use instead
    Prefix ids with the skill's short name: `lrs-warmup`, `opt-warmup`.
    """

    code = "SK403"
    name = "duplicate-scenario-id"
    scope = "pack"

    def check_pack(self, ctx: PackContext) -> Iterator[Diagnostic]:
        seen: dict[str, tuple[str, int]] = {}
        for skill in ctx.pack.skills:
            for filename in SCENARIO_FILES:
                doc = skill.doc(filename)
                for block in read_blocks(doc) if doc else ():
                    if block.id is None:
                        continue
                    where = (f"{skill.name}/{filename}", block.block.line)
                    if block.id in seen:
                        first = seen[block.id]
                        yield self.diag(
                            block.path,
                            block.block.line,
                            f"scenario id {block.id!r} already used at {first[0]}:{first[1]}",
                        )
                    else:
                        seen[block.id] = where


class MissingScenarioRepo(Rule):
    """A scenario whose `repo` folder does not exist.

    ## What it does
    Resolves `repo:` relative to the skill folder and checks that it is a
    folder inside the skill.

    ## Why is this bad?
    The runner would give the agent an empty working directory and grade a
    scenario that never happened.

    ## Example
    `repo: scenarios/amp-clip/` when the folder is `scenarios/amp-clipping/`.

    ## Use instead
    Point `repo` at a folder under the skill's `scenarios/`.
    """

    code = "SK404"
    name = "missing-scenario-repo"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        base = real_path(ctx.skill.folder)
        for filename in SCENARIO_FILES:
            doc = ctx.skill.doc(filename)
            for block in read_blocks(doc) if doc else ():
                repo = (block.data or {}).get("repo")
                if not isinstance(repo, str):
                    continue
                target = real_path(base / repo)
                if not target.is_relative_to(base):
                    yield self.diag(block.path, block.block.line, f"repo {repo!r} points outside the skill folder")
                elif not target.is_dir():
                    yield self.diag(block.path, block.block.line, f"repo {repo!r} is not a folder")


class VerificationWithoutScenario(Rule):
    """A GREEN verification whose id is no RED scenario of the skill.

    ## What it does
    Checks every `yaml verification` id of GREEN.md against the RED.md ids.

    ## Why is this bad?
    A verification of a renamed or deleted baseline proves nothing and hides
    that the real baseline lacks one.

    ## Example
    GREEN.md verifies `lrs-warmup-old` after RED.md renamed it.

    ## Use instead
    Keep the ids of RED.md and GREEN.md in step.
    """

    code = "SK405"
    name = "verification-without-scenario"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        red, green = ctx.skill.doc("RED.md"), ctx.skill.doc("GREEN.md")
        if green is None:
            return
        red_ids = {b.id for b in read_blocks(red)} if red else set()
        for block in read_blocks(green, VERIFICATION_INFO):
            if block.id and block.id not in red_ids:
                yield self.diag(green.path, block.block.line, f"verification {block.id!r} matches no RED scenario")
