"""Static validation: packs in, diagnostics and per-skill summaries out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .diagnostics import Diagnostic, Severity
from .doccache import DocumentCache
from .pack import Pack, Skill, load_packs
from .rules import PackContext, Rule, SkillContext, matches
from .rules.counts import (
    count_examples,
    count_pitfalls,
    count_rationalizations,
    count_red_flags,
    count_scenarios,
)


@dataclass
class SkillSummary:
    name: str
    path: Path
    counts: dict[str, int | str] = field(default_factory=dict)


@dataclass
class Result:
    packs: list[Pack]
    diagnostics: list[Diagnostic]
    summaries: dict[Path, SkillSummary]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


def summarize(skill: Skill, config: Config) -> SkillSummary:
    settings = config.for_skill(skill.name)
    summary = SkillSummary(skill.name, skill.folder)
    doc = skill.doc("SKILL.md")
    if doc is not None:
        summary.counts.update(
            lines=doc.line_count,
            examples=count_examples(doc),
            pitfalls=count_pitfalls(doc, settings),
            red_flags=count_red_flags(doc, settings),
            rationalizations=count_rationalizations(doc, settings),
            tokens=round(len(doc.text) / float(settings["chars-per-token"])),
        )
    summary.counts.update(red=count_scenarios(skill.doc("RED.md")), refactor=count_scenarios(skill.doc("REFACTOR.md")))
    return summary


def run_rules(
    packs: Iterable[Pack], config: Config, rules: list[Rule], cache: DocumentCache | None = None
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    skill_rules = [r for r in rules if r.scope == "skill"]
    pack_rules = [r for r in rules if r.scope == "pack"]
    for pack in packs:
        for skill in pack.skills:
            ctx = SkillContext(skill, pack, config.for_skill(skill.name))
            for rule in skill_rules:
                found.extend(rule.check_skill(ctx))
        pack_ctx = PackContext(pack, config, cache)
        for rule in pack_rules:
            found.extend(rule.check_pack(pack_ctx))
    return found


def finalize(diagnostics: Iterable[Diagnostic], config: Config, rules: list[Rule]) -> list[Diagnostic]:
    """Keep selected codes, apply configured severities, drop exact repeats, sort by place."""
    codes = {r.code for r in rules}
    warn = list(config.get("warnings"))
    unique = {}
    for d in diagnostics:
        if d.code in codes:
            if matches(d.code, warn):
                d = d.with_severity(Severity.WARNING)
            unique[(d.path, d.line, d.code, d.message)] = d
    return sorted(unique.values(), key=lambda d: (str(d.path), d.line, d.code, d.message))


def cache_folder(config: Config) -> Path:
    """``cache-dir`` relative to the project (the folder of the configuration file), else the working folder."""
    base = config.source.parent if config.source is not None else Path.cwd()
    return base / str(config.get("cache-dir"))


def validate(paths: Iterable[Path], config: Config, rules: list[Rule], use_cache: bool = False) -> Result:
    """Read, parse and check the skills below ``paths``. With ``use_cache``, unchanged files are not parsed again."""
    paths = list(paths)
    if not use_cache:
        packs, problems = load_packs(paths, config.get("required-files"), int(config.get("max-file-bytes")))
        diagnostics = problems + run_rules(packs, config, rules)
    else:
        cache = DocumentCache(cache_folder(config))
        with cache.active():
            packs, problems = load_packs(paths, config.get("required-files"), int(config.get("max-file-bytes")), cache)
            diagnostics = problems + run_rules(packs, config, rules, cache)
        cache.save()
    summaries = {skill.folder: summarize(skill, config) for pack in packs for skill in pack.skills}
    return Result(packs, finalize(diagnostics, config, rules), summaries)
