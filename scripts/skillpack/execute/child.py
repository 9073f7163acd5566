"""Inside a forked child: run chains of blocks, each in a fresh ``__main__``, and report every step.

A child is given the chains of one file, in order. Each chain gets its own
scratch folder as cwd, reseeded random generators, the prelude run afresh in
an emptied ``__main__`` module, then its blocks. After each chain, ``guard``
compares the process with how the first chain found it (after its prelude);
a chain that changed it ends the child, and the worker forks a fresh one for
the chains left.

Messages go to the result pipe (``sandbox.RESULT_FD``) as things happen, so
the worker always knows which block is running: ``chain``, ``start``, ``end``
(status, message, markdown line), ``chain-done`` (what the chain changed),
``exit`` (a block called ``os._exit``), ``probe`` and ``done``. A child leaves
with ``os._exit`` and never returns into the worker's code.
"""

from __future__ import annotations

import builtins
import contextlib
import linecache
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from . import guard, landlock
from .protocol import BLOCK_MARK, send
from .sandbox import RESULT_FD
from .traceback_map import padded
from .verdict import judge

PRELUDE_INDEX = -1
_real_exit = os._exit
_where = {"path": ""}  # the markdown file of the chain that runs now, for the os._exit report
_baseline: dict[str, dict[str, Any] | None] = {"state": None}  # guard.snapshot() before the first block
_main: list[types.ModuleType] = []  # the child's __main__, the same module for every chain


@dataclass
class ChildSpec:
    chains: list[dict[str, Any]]  # {"path": markdown file, "blocks": [{"line", "source", "raises"}]}
    chain_root: Path  # chain n runs in chain_root / str(n)
    prelude: tuple[str, str] | None = None  # (path, source), run at the start of every chain
    probe: bool = False  # also say what the prelude did to the process (CUDA, threads)
    memory_capped: bool = False
    threads: int = 1  # torch threads for this child's blocks
    seed: int = 0
    guard: bool = True  # stop after a chain that changed the process


def _report(message: dict[str, Any]) -> None:
    try:
        send(RESULT_FD, message)
    except OSError:
        _real_exit(75)


def _caller_line(filename: str) -> int | None:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename == filename:
            return frame.f_lineno
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _watch_exit(owner: int) -> None:
    """Make ``os._exit`` say where it was called before it ends this process (not a process it forked)."""

    def reporting_exit(status: int) -> NoReturn:
        if os.getpid() == owner:
            _report({"op": "exit", "status": status, "line": _caller_line(_where["path"])})
        _real_exit(status)

    os._exit = reporting_exit  # type: ignore[assignment]


def _fresh_folder(root: Path) -> Path:
    work = root / "work"
    scratch = work / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    os.chdir(work)
    os.environ.update(HOME=str(work), TMPDIR=str(scratch), TMP=str(scratch), TEMP=str(scratch))
    tempfile.tempdir = str(scratch)
    return work


def _reseed(seed: int) -> None:
    random.seed(seed)
    for name, call in (("numpy", lambda m: m.random.seed(seed)), ("torch", lambda m: m.manual_seed(seed))):
        module = sys.modules.get(name)
        if module is not None:
            call(module)


def _main_module(root: Path, sources: list[str]) -> dict[str, Any]:
    """A fresh ``__main__`` namespace, backed by a real file so that spawn-based multiprocessing can import it.

    The module object stays the same for all chains of a child (only its namespace is emptied), so
    that ``sys.modules`` keeps its shape and the guard can compare it cheaply.
    """
    script = root / "__example__.py"
    script.write_text("\n\n".join(sources), encoding="utf-8")
    if not _main:
        _main.append(types.ModuleType("__main__"))
    module = sys.modules["__main__"] = _main[0]
    module.__dict__.clear()
    module.__dict__.update(__name__="__main__", __file__=str(script), __builtins__=builtins, __spec__=None)
    sys.argv[:] = [str(script)]
    if sys.path:
        sys.path[0] = os.getcwd()
    return module.__dict__


def _register_source(path: str, blocks: list[dict[str, Any]]) -> None:
    """Let linecache (tracebacks, inspect.getsource) see each block at its markdown lines."""
    last = max((b["line"] + b["source"].count("\n") for b in blocks), default=0)
    lines = ["\n"] * (last + 1)
    for block in blocks:
        for offset, text in enumerate(block["source"].split("\n")):
            lines[block["line"] - 1 + offset] = text + "\n"
    linecache.cache[path] = (sum(map(len, lines)), None, lines, path)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    c = landlock.libc()
    if c is not None:
        c.fflush(None)  # output a C extension left in its stdio buffer


def _run_one(source: str, first_line: int, filename: str, namespace: dict[str, Any]) -> BaseException | None:
    try:
        exec(compile(padded(source, first_line), filename, "exec", dont_inherit=True), namespace)
    except BaseException as exc:  # noqa: BLE001 - every way a block can end is a result
        return exc
    return None


def _run_chain(number: int, chain: dict[str, Any], spec: ChildSpec, owner: int) -> list[str]:
    """Run one chain; returns what it changed in the process (empty: the next chain may run here)."""
    root = spec.chain_root / str(number)
    _fresh_folder(root)
    _reseed(spec.seed)
    path, blocks = chain["path"], chain["blocks"]
    _where["path"] = path
    os.environ["SKILL_DIR"] = str(Path(path).parent)  # where an example finds its skill's scripts/
    namespace = _main_module(root, ([spec.prelude[1]] if spec.prelude else []) + [b["source"] for b in blocks])
    _register_source(path, blocks)
    steps: list[tuple[int, dict[str, Any], str]] = []
    if spec.prelude:
        steps.append((PRELUDE_INDEX, {"line": 1, "source": spec.prelude[1]}, spec.prelude[0]))
    steps += [(i, block, path) for i, block in enumerate(blocks)]
    for index, block, filename in steps:
        if spec.guard and _baseline.get("state") is None and (index == 0 or not blocks):
            _baseline["state"] = guard.snapshot()  # how the first chain found the process, after its prelude
        with contextlib.suppress(OSError):
            os.write(1, BLOCK_MARK)  # this step's output starts here (see protocol.BLOCK_MARK)
        _report({"op": "start", "chain": number, "index": index})
        started = time.perf_counter()
        exc = _run_one(block["source"], block["line"], filename, namespace)
        if os.getpid() != owner:  # a process the block forked came back here: it has nothing to report
            _real_exit(0)
        _flush()
        result = judge(exc, block, namespace, filename, spec.memory_capped)
        result.update(op="end", chain=number, index=index, seconds=round(time.perf_counter() - started, 4))
        _report(result)
        if result["status"] != "passed":
            return ["the prelude failed"] if index == PRELUDE_INDEX else _changes(spec)
    return _changes(spec)


def _changes(spec: ChildSpec) -> list[str]:
    """What differs from how the first chain found the process (every chain must leave it that way)."""
    if not spec.guard:
        return []
    before = _baseline.get("state")
    return guard.changes(before, guard.snapshot()) if before is not None else ["nothing to compare"]


def _clean_up(root: Path) -> None:
    os.chdir(root.parent)
    shutil.rmtree(root, ignore_errors=True)
    if _main:
        _main[0].__dict__.clear()  # frees what the chain built; the next chain fills it again


def run(spec: ChildSpec) -> NoReturn:
    owner = os.getpid()
    torch = sys.modules.get("torch")
    if torch is not None and spec.threads > 1:
        torch.set_num_threads(spec.threads)
    _watch_exit(owner)
    for number, chain in enumerate(spec.chains):
        _report({"op": "chain", "chain": number})
        changed = _run_chain(number, chain, spec, owner)
        _report({"op": "chain-done", "chain": number, "changed": changed})
        if spec.probe:
            torch = sys.modules.get("torch")
            cuda = bool(torch is not None and torch.cuda.is_initialized())
            tasks = len(os.listdir("/proc/self/task"))
            _report({"op": "probe", "cuda": cuda, "threads": threading.active_count(), "tasks": tasks})
        if changed:
            break
        _clean_up(spec.chain_root / str(number))
    _report({"op": "done"})
    _real_exit(0)
