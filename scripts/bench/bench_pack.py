"""Benchmark of the whole job on this repository's pack, as a maintainer runs it before every commit.

    python scripts/bench/bench_pack.py [--repeat 5] [--cold-repeat 2] [--jobs 0]

Times `validate-skills source` from the command line (interpreter start included), as medians:
- static rules, warm (the document cache filled) and cold (`--no-cache`);
- with `--exec`, warm (every example's result cached: nothing changed since the last run) and cold
  (`--no-cache`: every python block of every skill executed again against torch).
Each cold run uses a fresh cache folder, so it cannot borrow from the warm runs; the warm runs share one
folder that a first, untimed run fills. Prints a Markdown report (paste it into docs/benchmarks.md) with the
machine's core count and the pack's size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "source"


def run(args: list[str], cache: Path) -> tuple[float, int, str]:
    config = cache / "validate-skills.toml"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "skillpack", str(PACK), "--config", str(config), "--no-progress", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started, done.returncode, done.stdout


def settings(cache: Path) -> None:
    """This repository's settings, with the caches moved into ``cache``."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    table = text[text.index("[tool.validate-skills]") :]
    table = table.replace(
        "[tool.validate-skills]\n", f'[tool.validate-skills]\nexec-cache-dir = "{cache / "exec"}"\n', 1
    )
    (cache / "validate-skills.toml").write_text(table, encoding="utf-8")


def timed(args: list[str], repeat: int, cold: bool) -> tuple[float, int]:
    seconds, codes = [], set()
    shared = Path(tempfile.mkdtemp(prefix="bench-pack-warm-"))
    settings(shared)
    if not cold:
        run(args, shared)  # fill the caches once, untimed
    for _ in range(repeat):
        folder = Path(tempfile.mkdtemp(prefix="bench-pack-cold-")) if cold else shared
        if cold:
            settings(folder)
        elapsed, code, _ = run(args + (["--no-cache"] if cold else []), folder)
        seconds.append(elapsed)
        codes.add(code)
    return statistics.median(seconds), max(codes)


def pack_size() -> dict[str, int]:
    folder = Path(tempfile.mkdtemp(prefix="bench-pack-size-"))
    settings(folder)
    _, _, out = run(["--format", "json"], folder)
    data = json.loads(out)
    skills = data["skills"]
    return {
        "skills": len(skills),
        "SKILL.md lines": sum(s["lines"] for s in skills),
        "python examples": sum(s["examples"] for s in skills),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per warm measurement")
    parser.add_argument("--cold-repeat", type=int, default=2, help="runs per cold --exec measurement")
    parser.add_argument("--jobs", type=int, default=0, help="-j for --exec (0: one worker per core)")
    args = parser.parse_args()
    jobs = ["-j", str(args.jobs)]
    rows = [
        ("static, warm", timed([], args.repeat, cold=False)),
        ("static, cold (`--no-cache`)", timed([], args.repeat, cold=True)),
        ("`--exec`, warm (all results cached)", timed(["--exec", *jobs], args.repeat, cold=False)),
        ("`--exec`, cold (`--no-cache`, every block run)", timed(["--exec", *jobs], args.cold_repeat, cold=True)),
    ]
    size = pack_size()
    print(f"### The real pack: {', '.join(f'{v} {k}' for k, v in size.items())}\n")
    print(
        f"{os.cpu_count()} cores, Python {platform.python_version()}, `-j {args.jobs}`; medians of "
        f"{args.repeat} runs ({args.cold_repeat} for cold `--exec`), command line included.\n"
    )
    print("| run | seconds | exit code |")
    print("| --- | --- | --- |")
    for name, (seconds, code) in rows:
        print(f"| {name} | {seconds:.2f} | {code} |")


if __name__ == "__main__":
    main()
