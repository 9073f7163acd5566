"""Benchmark of pressure-test's runner overhead: a fake backend with a fixed latency.

N agent requests at concurrency C should take N x latency / C when the runner
adds nothing; the judge answers at once, so the agent's latency is the only
wait. Everything else is real: planning, the request cache (written, never
hit: every run uses a fresh cache folder), checks, the judge prompt and its
strict parsing, the JSONL transcript, progress accounting.

    python scripts/bench/bench_pressure.py                  # the default grid
    python scripts/bench/bench_pressure.py --latency 0.05 --requests 256 --concurrency 1 8 64

Prints a Markdown table: the ideal seconds, the median of a bare thread pool
doing nothing but the same sleeps (what this machine's scheduler allows), the
median of the runner, and the runner's overhead over the ideal and over the
bare pool. Exit 1 when the runner misses the ideal by more than 10%.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from skillpack.pressure.backends import Request, Response
from skillpack.pressure.grading import items_of
from skillpack.pressure.runner import Runner, RunOptions, plan
from skillpack.pressure.scenario import collect
from skillpack.pressure.transcript import RequestCache, Transcript

PACK = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "pressure" / "pack"


class FixedLatency:
    """Answers every request after ``latency`` seconds (an agent) or at once (a judge)."""

    name = "fixed-latency"
    acts_on_files = False

    def __init__(self, latency: float, reply: str) -> None:
        self.latency = latency
        self.reply = reply

    def identity(self) -> dict[str, Any]:
        return {"backend": self.name, "latency": self.latency}

    def complete(self, request: Request) -> Response:
        if self.latency:
            time.sleep(self.latency)
        return Response(text=self.reply, model="fake", input_tokens=100, output_tokens=50)


def one_run(requests: int, concurrency: int, latency: float) -> float:
    scenario = next(s for s in collect([PACK]).scenarios if s.id == "demo-chat")
    verdict = "\n".join(f"{item_id}: NO | fixed" for item_id, _, _ in items_of(scenario))
    jobs = plan([scenario], ("baseline", "with-skill"), requests // 2)
    with tempfile.TemporaryDirectory() as tmp:
        runner = Runner(
            FixedLatency(latency, "FOLLOWS-RULE: unscale_ first."),
            FixedLatency(0.0, verdict),
            RunOptions(concurrency=concurrency, samples=requests // 2),
            Transcript(Path(tmp) / "transcript.jsonl"),
            RequestCache(Path(tmp) / "cache"),
            "bench",
        )
        started = time.perf_counter()
        outcome = runner.run(jobs)
        elapsed = time.perf_counter() - started
    if outcome.done != len(jobs) or outcome.errors:
        raise SystemExit(f"bench run went wrong: {outcome}")
    return elapsed


def bare_pool(requests: int, concurrency: int, latency: float) -> float:
    """The same sleeps in a plain thread pool: the floor this machine allows, with no runner at all."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda _: time.sleep(latency), range(requests)))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, nargs="+", default=[0.1, 0.5])
    parser.add_argument("--requests", type=int, default=128)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} cores, load average {load:.1f} at the start\n")
    print("| latency (s) | N | C | ideal N x latency / C (s) | bare pool (s) | runner (s) | vs ideal | vs bare |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    worst = 0.0
    for latency in args.latency:
        for concurrency in args.concurrency:
            ideal = args.requests * latency / concurrency
            bare = statistics.median(bare_pool(args.requests, concurrency, latency) for _ in range(args.repeat))
            median = statistics.median(one_run(args.requests, concurrency, latency) for _ in range(args.repeat))
            worst = max(worst, median / ideal - 1)
            print(
                f"| {latency:g} | {args.requests} | {concurrency} | {ideal:.3f} | {bare:.3f} | {median:.3f} "
                f"| {median / ideal - 1:+.1%} | {median / bare - 1:+.1%} |"
            )
            sys.stdout.flush()
    print(f"\nWorst overhead: {worst:+.1%} (target: within 10%)")
    return 0 if worst <= 0.10 else 1


if __name__ == "__main__":
    sys.exit(main())
