"""``run_examples``: plan the chains, answer what the cache can, run the rest on warm workers.

The runner's own process never imports torch. Each worker imports it once and
forks children that run the chains (see ``worker.py``). The runner hands out
batches (consecutive chains of one file), largest first, one at a time, to
whichever worker is free.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..config import Config
from ..diagnostics import Diagnostic
from ..pack import Pack
from .cache import FORMAT, ResultCache, cache_key
from .outcome import Collector, ExecOutcome, cacheable, from_cache, to_cache
from .plan import BlockJob, ChainJob, build_plan
from .pool import SLACK_SECONDS, Job, Pool
from .progress import Progress
from .requirements import Environment
from .sandbox import Limits, example_environment


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def limits_of(config: Config) -> Limits:
    return Limits(
        memory_mb=int(config.get("exec-memory-mb")),
        output_kb=int(config.get("exec-output-kb")),
        file_mb=int(config.get("exec-file-mb")),
        max_processes=int(config.get("exec-max-processes")),
        restrict_writes=bool(config.get("exec-restrict-writes")),
    )


def cache_folder(config: Config) -> Path:
    folder = Path(str(config.get("exec-cache-dir"))).expanduser()
    if folder.is_absolute():
        return folder
    base = config.source.parent if config.source is not None else Path.cwd()
    return base / folder


def _salt(config: Config, env: Environment, limits: Limits) -> list[str]:
    versions = env.versions(config.get("exec-cache-versions"))
    settings = {"limits": limits.__dict__, "seed": config.get("exec-seed"), "env": config.get("exec-env")}
    return [FORMAT, sys.version, json.dumps(versions, sort_keys=True), json.dumps(settings, sort_keys=True)]


def _chain_parts(chain: ChainJob) -> list[str]:
    parts = [chain.prelude.source if chain.prelude else "", scripts_digest(chain.skill), str(len(chain.blocks))]
    for block in chain.blocks:
        parts += [block.source, block.directives, f"{block.timeout:g}"]
    return parts


def scripts_digest(skill: Path) -> str:
    """A digest of the skill's ``scripts/`` folder: examples may run those programs (through ``SKILL_DIR``),
    so a change there must invalidate the cached results of the skill's examples."""
    folder = skill / "scripts"
    if not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def batches(pending: list[tuple[ChainJob, str]], workers: int, per_chain: bool) -> list[list[int]]:
    """Indices into ``pending``: consecutive chains of one file, in parts small enough to keep every worker busy.

    About eight batches per worker: fewer forks than one per chain, and a short tail when the last
    batches run while the other workers have nothing left to do.
    """
    files: dict[Path, list[int]] = {}
    for index, (chain, _) in enumerate(pending):
        files.setdefault(chain.path, []).append(index)
    limit = 1 if per_chain else max(1, -(-len(pending) // (workers * 8)))
    found: list[list[int]] = []
    for members in files.values():
        parts = -(-len(members) // limit)
        size = -(-len(members) // parts)
        found += [members[start : start + size] for start in range(0, len(members), size)]
    return found


def preload_modules(config: Config, chains: list[ChainJob]) -> list[str]:
    """``exec-preload``, and each module of ``exec-preload-when`` whose pattern some block or prelude matches."""
    modules = list(config.get("exec-preload"))
    texts = [b.source for c in chains for b in c.blocks] + list({c.prelude.source for c in chains if c.prelude})
    for module, pattern in dict(config.get("exec-preload-when")).items():
        if module not in modules and any(re.search(pattern, text) for text in texts):
            modules.append(module)
    return modules


def _block_message(block: BlockJob) -> dict[str, Any]:
    return {"line": block.line, "source": block.source, "raises": block.raises, "timeout": block.timeout}


def _message(number: int, chains: list[ChainJob]) -> dict[str, Any]:
    prelude = None
    first = chains[0].prelude
    if first is not None:
        prelude = {"key": first.key, "path": str(first.path), "source": first.source}
    body = [{"path": str(c.path), "blocks": [_block_message(b) for b in c.blocks]} for c in chains]
    return {"op": "batch", "id": number, "chains": body, "prelude": prelude}


def run_examples(
    packs: list[Pack], config: Config, jobs: int = 0, use_cache: bool = True, progress: bool = False
) -> ExecOutcome:
    """Execute every executable python example of ``packs``; see the module docstring."""
    env = Environment(dict(config.get("exec-requirements")))
    plan = build_plan(packs, config, env)
    limits = limits_of(config)
    collector = Collector(plan, memory_mb=limits.memory_mb)
    for path, problem in plan.prelude_errors:
        collector.diagnostics.append(Diagnostic(path, 1, "SK901", problem))
    if not plan.chains:
        return collector.outcome()
    if env.torch_problem:
        for chain in plan.chains:
            collector.unavailable(chain, env.torch_problem)
        return collector.outcome()
    cache = ResultCache(cache_folder(config), read=use_cache)
    salt = _salt(config, env, limits)
    bar = Progress(sum(len(c.blocks) for c in plan.chains), progress)
    pending: list[tuple[ChainJob, str]] = []
    try:
        for chain in plan.chains:
            key = cache_key(salt + _chain_parts(chain))
            payload = cache.load(key)
            records = from_cache(chain, payload) if payload is not None else None
            if records is None:
                pending.append((chain, key))
                continue
            collector.add(chain, records)
            bar.advance(len(chain.blocks), sum(r["status"] != "passed" for r in records.values()), cached=True)
        if pending:
            _run(pending, config, limits, jobs, collector, cache, bar)
    finally:
        bar.close()
    return collector.outcome()


def _run(
    pending: list[tuple[ChainJob, str]],
    config: Config,
    limits: Limits,
    jobs: int,
    collector: Collector,
    cache: ResultCache,
    bar: Progress,
) -> None:
    cores = cpu_count()
    size = max(1, min(jobs or cores, len(pending)))
    timeout = float(config.get("exec-timeout"))
    per_chain = str(config.get("exec-fork-per")) == "chain"
    preload = preload_modules(config, [chain for chain, _ in pending])
    setup = {
        "op": "setup",
        "threads": max(1, cores // size),
        "preload": preload,
        "warm_up": "torch._dynamo" in preload,
        "seed": int(config.get("exec-seed")),
        "limits": limits.__dict__,
        "timeout": timeout,
        "fork_per_chain": per_chain,
    }
    env = example_environment(os.environ, config.get("exec-scrub-env"), config.get("exec-env"))
    groups = batches(pending, size, per_chain)
    setup["compact"] = len(groups) / size >= int(config.get("exec-compact-min-forks"))
    work = []
    for number, members in enumerate(groups):
        chains = [pending[i][0] for i in members]
        budget = sum(sum(b.timeout for b in c.blocks) + timeout for c in chains) + timeout + SLACK_SECONDS
        work.append(Job(number, _message(number, chains), budget))
    work.sort(key=lambda job: -sum(pending[i][0].size for i in groups[job.id]))
    with tempfile.TemporaryDirectory(prefix="validate-skills-exec-") as scratch:
        for job, reply in Pool(size, setup, env, Path(scratch)).run(work):
            results = reply.get("chains") or []
            for position, index in enumerate(groups[job.id]):
                chain, key = pending[index]
                result = results[position] if position < len(results) else {}
                _collect(chain, key, reply, result, position, collector, cache, bar)


def _collect(
    chain: ChainJob,
    key: str,
    reply: dict[str, Any],
    result: dict[str, Any],
    position: int,
    collector: Collector,
    cache: ResultCache,
    bar: Progress,
) -> None:
    if reply.get("op") == "unavailable":
        collector.unavailable(chain, str(reply.get("error")))
        bar.advance(len(chain.blocks), len(chain.blocks))
        return
    records = {int(k): v for k, v in result.get("records", {}).items()}
    trouble = reply.get("error") or reply.get("crash")
    if trouble and not records and position == 0:
        records[0] = {"status": "crashed", "message": str(trouble), "line": None}
    collector.add(chain, records, result.get("prelude"))
    if not trouble and cacheable(records, result.get("prelude")):
        cache.store(key, to_cache(chain, records))
    bar.advance(len(chain.blocks), sum(r.get("status") != "passed" for r in records.values()))
