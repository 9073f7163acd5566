"""SK5xx: links and skill references that must resolve."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic
from ..pack import Pack
from .base import PackContext, Rule, SkillContext


def skill_reference_pattern(pack: Pack) -> re.Pattern[str]:
    """``<parent>/<pack>/<skill>``, e.g. ``yzmir/training-optimization/gradient-management``."""
    prefix = re.escape(f"{pack.root.parent.name}/{pack.root.name}/")
    return re.compile(rf"(?<![\w/-]){prefix}([a-z0-9]+(?:-[a-z0-9]+)*)")


class BrokenRelativeLink(Rule):
    """A relative markdown link whose target does not exist.

    ## What it does
    Resolves every link of every skill file that is not a URL, a mail
    address or a bare `#anchor`, relative to the file, and checks the target.

    ## Why is this bad?
    An agent that follows the link finds nothing, and a renamed file goes
    unnoticed.

    ## Example
    `[the baselines](RED.MD)` on a case-sensitive file system.

    ## Use instead
    `[the baselines](RED.md)`
    """

    code = "SK501"
    name = "broken-relative-link"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        for source in ctx.skill.files.values():
            if source.doc is None:
                continue
            for link in source.doc.links:
                parts = urlsplit(link.target)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                target = (source.path.parent / unquote(parts.path)).resolve()
                if not target.exists():
                    yield self.diag(source.path, link.line, f"link target {link.target!r} does not exist")


class UnknownSkillReference(Rule):
    """A `<parent>/<pack>/<skill>` reference to a skill the pack does not have.

    ## What it does
    Finds references of the form `yzmir/training-optimization/<skill>` (the
    pack's parent folder, the pack folder, a skill name) in every skill file
    and checks that the skill exists in the pack.

    ## Why is this bad?
    The router and the skills hand the agent over by these names; a typo sends
    it nowhere.

    ## Example
    `yzmir/training-optimization/lr-scheduling`

    ## Use instead
    `yzmir/training-optimization/learning-rate-scheduling`
    """

    code = "SK502"
    name = "unknown-skill-reference"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        pattern = skill_reference_pattern(ctx.pack)
        names = ctx.pack.skill_names()
        for source in ctx.skill.files.values():
            if source.doc is None:
                continue
            text = source.doc.text
            for match in pattern.finditer(text):
                if match.group(1) not in names:
                    line = text.count("\n", 0, match.start()) + 1
                    yield self.diag(source.path, line, f"reference to unknown skill {match.group(0)!r}")


class RouterMissingSibling(Rule):
    """A router skill that does not name every other skill of its pack.

    ## What it does
    With `router` set, checks that the router's SKILL.md names each sibling
    as `<parent>/<pack>/<skill>`.

    ## Why is this bad?
    A skill the router never names is reached only by luck of triggering.

    ## Example
    A new `experiment-tracking` skill added without a route to it.

    ## Use instead
    Add the skill to the router's symptom map with the symptoms that send an
    agent there.
    """

    code = "SK503"
    name = "router-missing-sibling"
    scope = "pack"

    def check_pack(self, ctx: PackContext) -> Iterator[Diagnostic]:
        router_name = str(ctx.config.get("router"))
        router = next((s for s in ctx.pack.skills if s.name == router_name), None)
        doc = router.doc("SKILL.md") if router else None
        if doc is None:
            return
        named = set(skill_reference_pattern(ctx.pack).findall(doc.text))
        for sibling in sorted(ctx.pack.skill_names() - named - {router_name}):
            yield self.diag(doc.path, 1, f"router does not name sibling skill {sibling!r}")
