"""What ``--exec`` will run: the chains of python examples, and each block it will not run, with why.

A chain is a block and the ``continue`` blocks after it: they share one
namespace and run in one process, in order. Chains are independent of each
other, so any worker may run any chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config
from ..examples import Example, examples_of
from ..pack import Pack
from .requirements import Environment


@dataclass(frozen=True)
class Prelude:
    path: Path
    source: str

    @property
    def key(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class BlockJob:
    line: int  # markdown line of the block's first line of code
    source: str
    raises: str | None
    timeout: float
    directives: str  # Directives.key(): part of the cache key


@dataclass(frozen=True)
class ChainJob:
    skill: Path  # the skill folder, as Skill.folder
    path: Path  # the markdown file
    prelude: Prelude | None
    blocks: tuple[BlockJob, ...]

    @property
    def size(self) -> int:
        return sum(len(b.source) for b in self.blocks)


@dataclass(frozen=True)
class Skip:
    skill: Path
    path: Path
    line: int
    reason: str


@dataclass
class Plan:
    chains: list[ChainJob] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    blocks: dict[Path, int] = field(default_factory=dict)  # python blocks per skill folder
    prelude_errors: list[tuple[Path, str]] = field(default_factory=list)


def read_prelude(pack: Pack, config: Config) -> tuple[Prelude | None, str | None]:
    """The pack's prelude (None when the pack has none), or why it cannot be read."""
    setting = str(config.get("prelude") or "")
    if not setting:
        return None, None
    path = (pack.root / setting).absolute()
    if not path.exists():
        return None, None
    try:
        return Prelude(path, path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read the prelude: {exc}"


def skip_reason(example: Example, env: Environment) -> str | None:
    if example.directive_error:
        return "invalid directive"
    if example.directives.skip:
        return example.directives.skip_reason
    missing = env.missing(example.directives.requires)
    return ", ".join(missing) if missing else None


def _chains(examples: list[Example]) -> list[list[Example]]:
    groups: dict[int, list[Example]] = {}
    for ex in examples:
        groups.setdefault(ex.chain_start, []).append(ex)
    return list(groups.values())


def build_plan(packs: list[Pack], config: Config, env: Environment) -> Plan:
    plan = Plan()
    default_timeout = float(config.get("exec-timeout"))
    for pack in packs:
        prelude, problem = read_prelude(pack, config)
        if problem:
            plan.prelude_errors.append((pack.root / str(config.get("prelude")), problem))
        for skill in pack.skills:
            plan.blocks.setdefault(skill.folder, 0)
            for filename in config.get("example-files", skill.name):
                doc = skill.doc(filename)
                if doc is None:
                    continue
                examples = examples_of(doc)
                plan.blocks[skill.folder] += len(examples)
                for chain in _chains(examples):
                    if problem:
                        plan.skips += [Skip(skill.folder, doc.path, ex.line, "prelude failed") for ex in chain]
                        continue
                    _plan_chain(plan, skill.folder, doc.path, chain, prelude, env, default_timeout)
    return plan


def _plan_chain(
    plan: Plan,
    skill: Path,
    path: Path,
    chain: list[Example],
    prelude: Prelude | None,
    env: Environment,
    default_timeout: float,
) -> None:
    """Blocks run in order up to the first one that cannot; that one and the rest of the chain are skipped."""
    runnable: list[BlockJob] = []
    reason: str | None = None
    for ex in chain:
        reason = reason or skip_reason(ex, env)
        if reason is not None:
            plan.skips.append(Skip(skill, path, ex.line, reason))
            continue
        d = ex.directives
        runnable.append(BlockJob(ex.line, ex.source, d.raises, d.timeout or default_timeout, d.key()))
    if runnable:
        plan.chains.append(ChainJob(skill, path, prelude, tuple(runnable)))
