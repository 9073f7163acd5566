"""Scenarios to run: ``yaml scenario`` blocks of the selected skills, as values.

Blocks are read through the document model (:mod:`skillpack.scenarios`) and
skills are found by :mod:`skillpack.pack`; a block that does not fit the
scenario schema is reported as a problem and left out, never run half-read.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..pack import SKILL_FILE, Skill, load_packs
from ..scenarios import ScenarioBlock, read_blocks, schema_errors

SCENARIO_FILES = ("RED.md", "REFACTOR.md")
FILE_CHOICES = {"red": ("RED.md",), "refactor": ("REFACTOR.md",), "both": SCENARIO_FILES}
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True)
class Check:
    """A regular expression over the answer, expected ``present`` or ``absent``."""

    pattern: str
    expect: str = "present"
    flags: str = ""


@dataclass(frozen=True)
class SkillRef:
    """The skill a scenario belongs to: its name, folder and SKILL.md text."""

    name: str
    folder: Path
    text: str


@dataclass(frozen=True)
class Scenario:
    id: str
    skill: SkillRef
    source: Path  # RED.md or REFACTOR.md
    line: int
    prompt: str
    must: tuple[str, ...]
    must_not: tuple[str, ...] = ()
    pressures: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    repo: Path | None = None

    @property
    def kind(self) -> str:
        return self.source.name.rsplit(".", 1)[0].lower()

    @property
    def key(self) -> str:
        return f"{self.skill.name}/{self.id}"


@dataclass
class Selection:
    scenarios: list[Scenario] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def from_block(block: ScenarioBlock, skill: SkillRef) -> Scenario | str:
    """The scenario of one block, or why it cannot run."""
    where = f"{block.path}:{block.block.line}"
    if block.error:
        return f"{where}: {block.error}"
    messages = schema_errors(block)
    if messages:
        return f"{where}: {messages[0]}"
    data = block.data or {}
    repo = None
    if data.get("repo"):
        base = skill.folder.resolve()
        repo = (base / data["repo"]).resolve()
        if not repo.is_relative_to(base) or not repo.is_dir():
            return f"{where}: repo {data['repo']!r} is not a folder inside the skill"
    return Scenario(
        id=data["id"],
        skill=skill,
        source=block.path,
        line=block.block.line,
        prompt=data["prompt"],
        must=tuple(data["must"]),
        must_not=tuple(data.get("must_not") or ()),
        pressures=tuple(data.get("pressures") or ()),
        checks=tuple(
            Check(c["pattern"], c.get("expect", "present"), c.get("flags", "")) for c in data.get("checks") or ()
        ),
        repo=repo,
    )


def _skill_ref(skill: Skill) -> SkillRef | None:
    doc = skill.doc(SKILL_FILE)
    return SkillRef(skill.name, skill.folder, doc.text) if doc is not None else None


def _wanted(value: str, patterns: Sequence[str]) -> bool:
    return not patterns or any(fnmatch.fnmatchcase(value, p) for p in patterns)


def collect(
    paths: Iterable[Path],
    files: Sequence[str] = SCENARIO_FILES,
    skills: Sequence[str] = (),
    ids: Sequence[str] = (),
) -> Selection:
    """Scenarios of ``files`` in the skills below ``paths``, filtered by skill name and id (globs)."""
    packs, problems = load_packs(paths, files, MAX_FILE_BYTES)
    selection = Selection(problems=[f"{d.path}: {d.message}" for d in problems])
    seen: dict[str, Path] = {}
    for pack in packs:
        for skill in pack.skills:
            if not _wanted(skill.name, skills):
                continue
            ref = _skill_ref(skill)
            for source in skill.files.values():
                selection.problems.extend(f"{d.path}:{d.line}: {d.message}" for d in source.problems)
            if ref is None:
                continue
            for filename in files:
                doc = skill.doc(filename)
                for block in read_blocks(doc) if doc else ():
                    scenario = from_block(block, ref)
                    if isinstance(scenario, str):
                        selection.problems.append(scenario)
                    elif _wanted(scenario.id, ids):
                        if scenario.key in seen:
                            selection.problems.append(
                                f"{scenario.source}:{scenario.line}: id {scenario.id!r} repeats one in "
                                f"{seen[scenario.key]}; the first is run"
                            )
                            continue
                        seen[scenario.key] = scenario.source
                        selection.scenarios.append(scenario)
    return selection
