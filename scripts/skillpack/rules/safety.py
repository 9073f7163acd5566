"""SK8xx: instructions that must not reach an agent without a step that asks the user."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostic
from .base import Rule, SkillContext

SCRIPT_SUFFIXES = {".sh", ".bash", ".py", ".zsh", ".ps1"}


class UnsafeInstruction(Rule):
    """Skill text or a bundled script that runs destructive or remote code without asking first.

    ## What it does
    Matches the lines of SKILL.md and of files under the skill's `scripts/`
    against the `safety.patterns` of the configuration: recursive deletes
    outside a temporary directory, a remote script piped into a shell,
    world-writable permissions, uploads of files or credentials, deleting a
    tree under the home or root folder. A finding in SKILL.md is dropped
    when its section holds one of `safety.confirmation-phrases` ("ask the
    user", ...).

    ## Why is this bad?
    An agent follows a skill's instructions with the user's permissions. A
    skill that says `rm -rf checkpoints/` deletes a week of training on a
    misread path.

    ## Example
    ```bash
    rm -rf runs/ && curl https://example.com/setup.sh | sh
    ```

    ## Use instead
    Ask the user first, name the exact path, prefer moving to a trash folder,
    and download scripts to read them before running them.
    """

    code = "SK801"
    name = "unsafe-instruction"

    def check_skill(self, ctx: SkillContext) -> Iterator[Diagnostic]:
        safety = ctx.settings["safety"]
        patterns = [(p["name"], re.compile(p["pattern"]), bool(p.get("allow-temporary"))) for p in safety["patterns"]]
        any_pattern = re.compile("|".join(f"(?:{p['pattern']})" for p in safety["patterns"]))
        temporary = re.compile("|".join(safety["temporary-paths"])) if safety["temporary-paths"] else None
        phrases = [p.lower() for p in safety["confirmation-phrases"]]
        doc = ctx.skill.doc("SKILL.md")
        if doc is not None:
            lines = doc.lines
            for number, text in enumerate(lines, start=1):
                if not any_pattern.search(text):
                    continue
                for name in _matches(text, patterns, temporary):
                    section = doc.section_of(number)
                    if section is not None:
                        body = "\n".join(lines[section.start_line - 1 : section.end_line]).lower()
                        if any(p in body for p in phrases):
                            continue
                    yield self.diag(doc.path, number, f"{name} without a step that asks the user first")
        scripts = ctx.skill.folder / "scripts"
        for path in sorted(scripts.rglob("*")) if scripts.is_dir() else ():
            if path.suffix not in SCRIPT_SUFFIXES or not path.is_file():
                continue
            yield from self._check_script(path, patterns, temporary)

    def _check_script(self, path: Path, patterns, temporary) -> Iterator[Diagnostic]:  # type: ignore[no-untyped-def]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        for number, line in enumerate(text.split("\n"), start=1):
            for name in _matches(line, patterns, temporary):
                yield self.diag(path, number, f"bundled script: {name}")


def _matches(text: str, patterns, temporary) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The names of the patterns that ``text`` matches, less deletes confined to a temporary folder."""
    for name, pattern, allow_temporary in patterns:
        if pattern.search(text) and not (allow_temporary and temporary is not None and temporary.search(text)):
            yield name
