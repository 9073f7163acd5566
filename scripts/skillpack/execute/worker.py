"""A warm worker, one per job, started by the runner (see ``pool.BOOT``).

It imports torch once, runs a tiny training step so that the lazy imports
behind ``optimizer.step()`` are paid once, tries each pack's prelude once,
then forks children from that warm state. A fork costs milliseconds where a
fresh interpreter costs seconds. A child runs the chains of one file in
order, each in a fresh namespace and folder, and is retired as soon as a
chain changes the process (``guard.py``); with ``exec-fork-per = "chain"``
every chain gets a child of its own.

Protocol (JSON lines): the runner writes ``setup`` then ``batch`` messages
(the chains of one file) to stdin; the worker answers ``ready`` then one
``result`` per batch on the file descriptor that was its stdout (its fd 1 is
pointed at stderr, so stray prints from imports cannot corrupt the protocol).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import shutil
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import child, landlock, sandbox, watch
from .compact import compact_memory
from .protocol import send
from .sandbox import Limits, user_task_count

_PR_SET_CHILD_SUBREAPER = 36


@dataclass
class PreludeState:
    failure: dict[str, Any] | None = None  # why it cannot run: then no chain of its pack runs


@dataclass
class Worker:
    limits: Limits
    scratch: Path
    timeout: float
    threads: int = 1
    seed: int = 0
    fork_per_chain: bool = False
    nproc_base: int = 0
    preludes: dict[str, PreludeState] = field(default_factory=dict)
    forks: int = 0

    def _child_root(self) -> Path:
        self.forks += 1
        return self.scratch / f"f{self.forks:05d}"

    def _run_child(self, spec: child.ChildSpec, timeouts: dict[watch.Step, float], first: int) -> watch.Watched:
        pid, result_r, out_r = watch.fork(spec, self.limits, self.nproc_base)
        try:
            return watch.watch(pid, result_r, out_r, timeouts, self.limits.output_kb * 1024, first)
        finally:
            _remove_tree(spec.chain_root)

    def prelude(self, info: dict[str, Any] | None) -> PreludeState:
        if not info:
            return PreludeState()
        state = self.preludes.get(info["key"])
        if state is None:
            state = self.preludes[info["key"]] = self._prepare(info["path"], info["source"])
        return state

    def _prepare(self, path: str, source: str) -> PreludeState:
        """Try the prelude in a probe child; when it is safe, run it here once so its imports are inherited.

        Every chain runs the prelude again, in its own process (the skill anatomy: it "runs before
        each block"); running it here only warms what it imports. What fails, hangs, starts threads
        or initialises CUDA stays out of this process, which must remain safe to fork.
        """
        spec = child.ChildSpec(
            chains=[{"path": path, "blocks": []}],
            chain_root=self._child_root(),
            prelude=(path, source),
            probe=True,
            memory_capped=self.limits.memory_mb > 0,
            seed=self.seed,
        )
        seen = self._run_child(spec, {(0, child.PRELUDE_INDEX): self.timeout}, child.PRELUDE_INDEX)
        record = seen.records.get((0, child.PRELUDE_INDEX))
        if record is None or record["status"] != "passed" or seen.probe is None:
            failure = record or {"status": "crashed", "message": "the prelude's process ended early", "line": None}
            failure["line"] = watch.resolve_dump_line(failure, path, 1)
            return PreludeState(failure)
        if not (seen.probe["cuda"] or seen.probe["threads"] > 1 or seen.probe["tasks"] > 1):
            with contextlib.suppress(BaseException):
                exec(compile(source, path, "exec", dont_inherit=True), {"__name__": "__prelude__"})
            gc.collect()
            gc.freeze()
        return PreludeState()

    def run_batch(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run chains of one file in order, in as few children as the guard allows."""
        prelude = job.get("prelude")
        chains = job["chains"]
        reply: dict[str, Any] = {"op": "result", "id": job["id"], "chains": [], "forks": 0}
        failure = self.prelude(prelude).failure
        if failure is not None:
            reply["chains"] = [{"records": {}, "prelude": failure} for _ in chains]
            return reply
        results: list[dict[str, Any]] = [{"records": {}, "prelude": None} for _ in chains]
        first = child.PRELUDE_INDEX if prelude else 0
        done = 0
        while done < len(chains):
            todo = chains[done : done + 1] if self.fork_per_chain else chains[done:]
            timeouts = {(n, i): float(b["timeout"]) for n, c in enumerate(todo) for i, b in enumerate(c["blocks"])}
            timeouts.update({(n, child.PRELUDE_INDEX): self.timeout for n in range(len(todo))})
            spec = child.ChildSpec(
                chains=todo,
                chain_root=self._child_root(),
                prelude=(prelude["path"], prelude["source"]) if prelude else None,
                memory_capped=self.limits.memory_mb > 0,
                threads=self.threads,
                seed=self.seed,
                guard=not self.fork_per_chain,
            )
            seen = self._run_child(spec, timeouts, first)
            reply["forks"] += 1
            for (n, index), record in seen.records.items():
                if n >= len(todo):
                    continue
                target = results[done + n]
                if index == child.PRELUDE_INDEX:
                    if record["status"] != "passed":
                        record["line"] = watch.resolve_dump_line(record, prelude["path"] if prelude else "", 1)
                        target["prelude"] = record
                    continue
                block_line = int(todo[n]["blocks"][index]["line"])
                record["line"] = watch.resolve_dump_line(record, todo[n]["path"], block_line)
                target["records"][str(index)] = record
            done += max(min(seen.reached, len(todo)), 1)
        reply["chains"] = results
        return reply


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _warm_up(torch: Any) -> None:
    """One tiny training step with the common optimizers: their lazy imports (torch._dynamo) load here."""
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    for optimizer_class in (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW):
        optimizer = optimizer_class(model.parameters(), lr=0.01)
        loss = torch.nn.functional.cross_entropy(model(torch.randn(8, 4)), torch.randint(0, 2, (8,)))
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()


def start(setup: dict[str, Any]) -> tuple[Worker | None, dict[str, Any]]:
    """Import and warm up; the ``ready`` message says what happened (and how long each part took)."""
    ready: dict[str, Any] = {"op": "ready", "pid": os.getpid(), "preload_errors": {}, "seconds": {}}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        ready["seconds"][name] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()

    try:
        torch = importlib.import_module("torch")
    except BaseException as exc:  # noqa: BLE001 - any failure to import torch is the report
        ready["error"] = f"cannot import torch: {type(exc).__name__}: {exc}"
        return None, ready
    torch.set_num_threads(1)  # see sandbox.example_environment; children take their share after the fork
    lap("torch")
    for name in setup.get("preload", []):
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - a block that needs it will fail on its own
            ready["preload_errors"][name] = f"{type(exc).__name__}: {exc}"
    lap("preload")
    if setup.get("warm_up", True):
        _warm_up(torch)
    lap("warm_up")
    limits = Limits.from_dict(setup.get("limits", {}))
    scratch = Path(setup["scratch"])
    scratch.mkdir(parents=True, exist_ok=True)
    os.chdir(scratch)
    worker = Worker(
        limits,
        scratch,
        float(setup.get("timeout", 60)),
        threads=int(setup.get("threads", 1)),
        seed=int(setup.get("seed", 0)),
        fork_per_chain=bool(setup.get("fork_per_chain", False)),
    )
    if limits.max_processes > 0 and os.getuid() != 0:
        worker.nproc_base = user_task_count(os.getuid())
    sandbox.prepare_worker()
    gc.collect()
    gc.freeze()
    if setup.get("compact", False):
        ready["compacted_mb"] = compact_memory()
    lap("compact")
    # More than one task here means some import started a thread: forks may then deadlock.
    tasks = len(os.listdir("/proc/self/task"))
    ready.update(torch=torch.__version__, landlock=landlock.abi_version(), threads=worker.threads, tasks=tasks)
    return worker, ready


def main() -> None:
    protocol = os.dup(1)
    os.dup2(2, 1)  # from here on, anything printed goes to stderr
    sandbox.prctl(sandbox.PR_SET_PDEATHSIG, signal.SIGKILL)
    sandbox.prctl(_PR_SET_CHILD_SUBREAPER, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lines = sys.stdin.buffer
    setup = json.loads(lines.readline() or b"{}")
    worker, ready = start(setup)
    send(protocol, ready)
    if worker is None:
        return
    for line in lines:
        message = json.loads(line)
        if message.get("op") != "batch":
            break
        try:
            reply = worker.run_batch(message)
        except Exception as exc:  # noqa: BLE001 - one chain's trouble must not end the worker
            reply = {
                "op": "result",
                "id": message.get("id"),
                "chains": [],
                "error": f"{type(exc).__name__}: {exc}",
                "trace": traceback.format_exc()[-2000:],
            }
        send(protocol, reply)


if __name__ == "__main__":
    main()
