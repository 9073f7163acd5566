"""Benchmark ``validate-skills --exec`` against the other ways to run markdown python blocks.

    python scripts/bench/bench_exec.py                      # synthetic training corpus + the real pack
    python scripts/bench/bench_exec.py --repeats 5 --write  # and record the figures in docs/benchmarks.md
    python scripts/bench/bench_exec.py --kind trivial --corpus path/to/skills  # other corpora

Corpus: the real pack under source/ (its SKILL.md python blocks and prelude), when it has any, and a
synthetic pack of FILES x BLOCKS blocks that each train a tiny model (``--kind trivial`` for one-line
torch blocks instead). Methods, run in interleaved rounds, each timed end to end as a fresh command:

- this runner, ``--no-cache``, then again with the cache it just filled;
- pytest-markdown-docs in one process, and with pytest-xdist ``-n JOBS``, each with one math thread
  per process and with torch's default threads;
- one fresh ``python`` process per chain, JOBS at a time, on a sample of chains, scaled to the corpus.

pytest-markdown-docs pins markdown-it-py below 4, so it is installed apart, into a folder that only its
pytest runs see (``--peer-site``; the default lives in the git-ignored cache folder).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from skillpack.config import load_config  # noqa: E402
from skillpack.examples import examples_of  # noqa: E402
from skillpack.pack import load_packs  # noqa: E402

PEERS = ["pytest-markdown-docs==0.9.2", "markdown-it-py>=3,<4", "mdurl"]
START, END = "<!-- bench-exec:start -->", "<!-- bench-exec:end -->"
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


# --- corpora ---------------------------------------------------------------------------------------------


def training_block(n: int) -> str:
    optimizer = [
        "torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)",
        "torch.optim.Adam(net.parameters(), lr=1e-2)",
        "torch.optim.AdamW(net.parameters(), lr=1e-2, weight_decay=0.01)",
    ][n % 3]
    width, steps = 16 + 8 * (n % 4), 20 + 10 * (n % 3)
    return textwrap.dedent(
        f"""\
        import torch
        from torch import nn

        torch.manual_seed({n})
        inputs = torch.randn(128, 16)
        targets = (inputs[:, :4].sum(dim=1) > 0).long()
        net = nn.Sequential(nn.Linear(16, {width}), nn.ReLU(), nn.Linear({width}, 2))
        opt = {optimizer}
        first = None
        for step in range({steps}):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(net(inputs), targets)
            loss.backward()
            opt.step()
            first = loss.item() if first is None else first
        print(f"loss {{first:.3f}} -> {{loss.item():.3f}}")
        assert loss.item() < first
        """
    )


def trivial_block(n: int) -> str:
    return f"import torch\nvalue = torch.ones({n % 7 + 1}).sum()\nassert value.item() == {n % 7 + 1}\n"


def synthetic_corpus(folder: Path, files: int, blocks: int, kind: str) -> Path:
    make = training_block if kind == "train" else trivial_block
    for f in range(files):
        skill = folder / f"synthetic-{f:02d}"
        skill.mkdir(parents=True)
        parts = [f"---\nname: synthetic-{f:02d}\ndescription: Use when benchmarking.\n---\n\n# Synthetic {f}\n"]
        parts += [f"```python\n{make(f * blocks + b)}```\n" for b in range(blocks)]
        (skill / "SKILL.md").write_text("\n".join(parts), encoding="utf-8")
    return folder


def real_corpus(folder: Path) -> Path | None:
    """A copy of the real pack's SKILL.md files and prelude, or None when it has no python example yet."""
    source = REPO / "source" / "yzmir" / "training-optimization"
    skills = sorted(source.glob("*/SKILL.md"))
    packs, _ = load_packs([source], ["SKILL.md"], 2_000_000)
    docs = [skill.doc("SKILL.md") for pack in packs for skill in pack.skills]
    if not any(examples_of(doc) for doc in docs if doc is not None):
        return None
    for skill in skills:
        target = folder / skill.parent.name / "SKILL.md"
        target.parent.mkdir(parents=True)
        shutil.copy(skill, target)
    for extra in ("examples_prelude.py", ".claude-plugin/plugin.json"):
        if (source / extra).is_file():
            (folder / extra).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source / extra, folder / extra)
    return folder


@dataclass
class Chain:
    """One chain of a corpus as plain code, for the peers: the blocks this runner would execute."""

    path: Path
    sources: list[str]
    raises: list[str | None]


def chains_of(corpus: Path) -> tuple[list[Chain], str]:
    from skillpack.execute.plan import build_plan
    from skillpack.execute.requirements import Environment

    config = load_config(start=REPO)
    packs, _ = load_packs([corpus], ["SKILL.md"], 2_000_000)
    plan = build_plan(packs, config, Environment(dict(config.get("exec-requirements"))))
    chains = [Chain(c.path, [b.source for b in c.blocks], [b.raises for b in c.blocks]) for c in plan.chains]
    prelude = corpus / "examples_prelude.py"
    return chains, prelude.read_text(encoding="utf-8") if prelude.is_file() else ""


def with_raises(source: str, raises: str | None) -> str:
    if not raises:
        return source
    body = textwrap.indent(source, "    ") or "    pass\n"
    return f"try:\n{body}\nexcept {raises}:\n    pass\nelse:\n    raise AssertionError('expected {raises}')\n"


def peer_corpus(folder: Path, chains: list[Chain], prelude: str) -> Path:
    """The corpus as pytest-markdown-docs reads it: continue -> continuation, raises -> try/except."""
    folder.mkdir(parents=True)
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (folder / "conftest.py").write_text(
        "PRELUDE = " + repr(prelude) + "\n\n"
        "def pytest_markdown_docs_globals():\n"
        "    namespace = {}\n"
        "    exec(PRELUDE, namespace)\n"
        "    return namespace\n",
        encoding="utf-8",
    )
    by_file: dict[Path, list[str]] = {}
    for chain in chains:
        fences = by_file.setdefault(chain.path, [])
        for n, (source, raises) in enumerate(zip(chain.sources, chain.raises, strict=True)):
            info = "python continuation" if n else "python"
            fences.append(f"```{info}\n{with_raises(source, raises)}```\n")
    for n, fences in enumerate(by_file.values()):
        (folder / f"doc_{n:03d}.md").write_text("\n".join(fences), encoding="utf-8")
    return folder


# --- methods ---------------------------------------------------------------------------------------------


@dataclass
class Method:
    name: str
    run: Callable[[], tuple[float, str]]  # (seconds, what it reported)
    times: list[float] = field(default_factory=list)
    notes: str = ""
    scaled_from: str = ""


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, proc


def environment(threads: int | None, extra_path: str = "") -> dict[str, str]:
    env = dict(os.environ)
    for name in THREAD_VARIABLES:
        env.pop(name, None)
        if threads:
            env[name] = str(threads)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra_path, env.get("PYTHONPATH", "")]))
    return env


def ours(corpus: Path, config: Path, jobs: int, cached: bool, work: Path) -> Callable[[], tuple[float, str]]:
    def run() -> tuple[float, str]:
        command = [
            sys.executable,
            "-m",
            "skillpack",
            str(corpus),
            "--exec",
            "--select",
            "SK9",
            "--no-progress",
            "--format",
            "json",
            "--config",
            str(config),
            "-j",
            str(jobs),
        ]
        if not cached:
            command.append("--no-cache")
        seconds, proc = timed(command, environment(None), work)
        try:
            skills = json.loads(proc.stdout)["skills"]
            passed = sum(int(s.get("exec_passed", 0)) for s in skills)
            failed = sum(int(s.get("exec_failed", 0)) for s in skills)
            return seconds, f"{passed} passed, {failed} failed"
        except (ValueError, KeyError):
            return seconds, f"exit {proc.returncode}: {proc.stderr.strip()[-200:]}"

    return run


def peers(
    corpus: Path, site: Path, jobs: int | None, threads: int | None, work: Path
) -> Callable[[], tuple[float, str]]:
    def run() -> tuple[float, str]:
        command = [
            sys.executable,
            "-m",
            "pytest",
            "--markdown-docs",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            str(corpus / "pytest.ini"),
            "--rootdir",
            str(corpus),
            str(corpus),
        ]
        if jobs:
            command += ["-n", str(jobs)]
        seconds, proc = timed(command, environment(threads, str(site)), work)
        summary = re.findall(r"(\d+ (?:passed|failed|error|errors))", proc.stdout)
        return seconds, ", ".join(summary) or f"exit {proc.returncode}: {proc.stdout.strip()[-200:]}"

    return run


def per_process(
    chains: list[Chain], prelude: str, sample: int, jobs: int, work: Path
) -> Callable[[], tuple[float, str]]:
    step = max(1, len(chains) // max(sample, 1))
    picked = chains[::step][:sample]
    scripts = []
    for n, chain in enumerate(picked):
        path = work / f"chain_{n:04d}.py"
        code = "\n".join(with_raises(s, r) for s, r in zip(chain.sources, chain.raises, strict=True))
        path.write_text(prelude + "\n" + code, encoding="utf-8")
        scripts.append(path)

    def run() -> tuple[float, str]:
        env = environment(1)
        started = time.perf_counter()
        with ThreadPoolExecutor(jobs) as pool:
            codes = list(
                pool.map(
                    lambda p: (
                        subprocess.run(
                            [sys.executable, str(p)], env=env, cwd=work, capture_output=True, check=False
                        ).returncode
                    ),
                    scripts,
                )
            )
        seconds = (time.perf_counter() - started) * len(chains) / len(picked)
        return seconds, f"{codes.count(0)} of {len(picked)} sampled chains passed"

    return run


def install_peers(site: Path) -> None:
    if (site / "pytest_markdown_docs").is_dir():
        return
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), *PEERS], check=True
    )


# --- reporting -------------------------------------------------------------------------------------------


def table(methods: list[Method], reference: str) -> list[str]:
    base = statistics.median(next(m for m in methods if m.name == reference).times)
    rows = ["| method | median s | runs | x this runner | reported |", "| --- | ---: | ---: | ---: | --- |"]
    for m in methods:
        median = statistics.median(m.times)
        runs = ", ".join(f"{t:.1f}" for t in m.times)
        rows.append(f"| {m.name}{m.scaled_from} | {median:.2f} | {runs} | {median / base:.2f} | {m.notes} |")
    return rows


def machine() -> str:
    load = os.getloadavg()
    torch_version = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.__version__)"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return (
        f"{os.cpu_count()} cores, python {sys.version.split()[0]}, torch {torch_version}, "
        f"load average {load[0]:.1f} when the report was written"
    )


def write_section(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    section = "\n".join([START, *lines, END])
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def bench_corpus(label: str, corpus: Path, args: argparse.Namespace, work: Path) -> list[str]:
    chains, prelude = chains_of(corpus)
    blocks = sum(len(c.sources) for c in chains)
    slug = re.sub(r"\W+", "-", label)
    peer = peer_corpus(work / f"{slug}-peer", chains, prelude)
    config, per_chain = work / f"{slug}.toml", work / f"{slug}-per-chain.toml"
    table_line = f'[tool.validate-skills]\nexec-cache-dir = "{work / (slug + "-cache")}"\n'
    config.write_text(table_line, encoding="utf-8")
    per_chain.write_text(table_line + 'exec-fork-per = "chain"\n', encoding="utf-8")
    site = Path(args.peer_site)
    methods = [
        Method("validate-skills --exec (no cache)", ours(corpus, config, args.jobs, False, work)),
        Method("validate-skills --exec (cached re-run)", ours(corpus, config, args.jobs, True, work)),
        Method("validate-skills --exec, a fork per chain", ours(corpus, per_chain, args.jobs, False, work)),
        Method("pytest-markdown-docs, 1 process, 1 thread", peers(peer, site, None, 1, work)),
        Method(f"pytest-markdown-docs + xdist -n {args.jobs}, 1 thread each", peers(peer, site, args.jobs, 1, work)),
    ]
    if not args.skip_default_threads:
        methods += [
            Method("pytest-markdown-docs, 1 process, default threads", peers(peer, site, None, None, work)),
            Method(
                f"pytest-markdown-docs + xdist -n {args.jobs}, default threads",
                peers(peer, site, args.jobs, None, work),
            ),
        ]
    if args.process_sample:
        sample_dir = work / f"{slug}-scripts"
        sample_dir.mkdir()
        method = Method(
            f"fresh python per chain, {args.jobs} at a time",
            per_process(chains, prelude, args.process_sample, args.jobs, sample_dir),
        )
        method.scaled_from = f" (scaled from {min(args.process_sample, len(chains))} chains)"
        methods.append(method)
    for round_ in range(args.repeats):
        for method in methods:
            seconds, notes = method.run()
            method.times.append(seconds)
            method.notes = notes
            print(f"[{label} {round_ + 1}/{args.repeats}] {method.name}: {seconds:.2f} s ({notes})", flush=True)
    return [f"### {label}: {len(chains)} chains, {blocks} blocks", "", *table(methods, methods[0].name), ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=["train", "trivial"], nargs="+", default=["train"])
    parser.add_argument("--files", type=int, default=11)
    parser.add_argument("--blocks", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--process-sample", type=int, default=8, help="chains to time one process each (0: none)")
    parser.add_argument("--skip-default-threads", action="store_true")
    parser.add_argument("--no-real-pack", action="store_true")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="also measure this folder of skills")
    parser.add_argument("--peer-site", default=str(REPO / ".validate-skills-cache" / "bench-peers"))
    parser.add_argument("--write", action="store_true", help="record the figures in docs/benchmarks.md")
    args = parser.parse_args()
    install_peers(Path(args.peer_site))
    lines = [
        f"Measured with `python scripts/bench/bench_exec.py "
        f"--kind {' '.join(args.kind)} --files {args.files} --blocks {args.blocks} --repeats {args.repeats} "
        f"--jobs {args.jobs}` on {machine()}.",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-exec-") as tmp:
        work = Path(tmp)
        corpora = [
            (f"synthetic, {kind}", synthetic_corpus(work / f"synthetic-{kind}", args.files, args.blocks, kind))
            for kind in args.kind
        ]
        corpora += [(f"corpus {folder.name}", folder.resolve()) for folder in args.corpus]
        real = None if args.no_real_pack else real_corpus(work / "real")
        if real is not None:
            corpora.insert(0, ("real pack", real))
        else:
            lines += ["The real pack has no python examples yet; only the synthetic corpus was measured.", ""]
        for label, corpus in corpora:
            lines += bench_corpus(label, corpus, args, work)
    print("\n".join(lines))
    if args.write:
        write_section(REPO / "docs" / "benchmarks.md", lines)


if __name__ == "__main__":
    main()
