"""The walls around the blocks: their environment, limits, folders and output.

Four layers, from the outside in:

- ``example_environment`` (runner, once per worker): the environment a worker
  and every block inherit, without anything that looks like a credential, and
  with one math thread (see there why).
- ``enter`` (a forked child, before its first chain): its own process group,
  death with its worker, output into the worker's pipe, caps on memory, file
  size and processes, and (where the kernel has Landlock) writes refused
  outside the child's scratch folder.
- ``child`` (per chain): a fresh scratch folder as cwd, HOME and TMPDIR, a
  fresh ``__main__``, reseeded generators; ``guard`` ends the child after a
  chain that changed the process.
- The worker, outside the child, enforces what a child cannot be trusted to
  enforce on itself: deadlines and the output cap (see ``watch.py``).
"""

from __future__ import annotations

import contextlib
import faulthandler
import fnmatch
import io
import os
import resource
import signal
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import landlock

RESULT_FD = 3  # the child's end of the result pipe, after ``enter``
DUMP_SIGNAL = signal.SIGUSR1  # asks a child for a faulthandler dump of its stacks
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BLIS_NUM_THREADS",
)
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 2048  # on top of what the worker holds; 0: no cap
    output_kb: int = 1024  # per block, stdout and stderr together
    file_mb: int = 1024  # the largest file a block may write; 0: no cap
    max_processes: int = 256  # more processes than the worker's user had; 0: no cap
    restrict_writes: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Limits:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)  # type: ignore[arg-type]


def scrubbed(environ: Mapping[str, str], patterns: Iterable[str]) -> dict[str, str]:
    """``environ`` less every variable whose name matches a pattern (case-insensitive)."""
    lowered = [p.lower() for p in patterns]
    return {k: v for k, v in environ.items() if not any(fnmatch.fnmatchcase(k.lower(), p) for p in lowered)}


def example_environment(
    environ: Mapping[str, str], patterns: Iterable[str], extra: Mapping[str, str]
) -> dict[str, str]:
    """The environment of a worker and its children: credentials out, one math thread.

    A worker forks, and a fork of a process whose thread pools are running can deadlock
    in the child, so the worker itself never starts one; each child raises torch's
    thread count to its share of the cores after the fork.
    """
    env = scrubbed(environ, patterns)
    env.update({name: "1" for name in THREAD_VARIABLES})
    env.update({k: str(v) for k, v in extra.items()})
    # torch.cuda.is_available() through NVML: no CUDA context in a process that forks.
    env["PYTORCH_NVML_BASED_CUDA_CHECK"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def user_task_count(uid: int) -> int:
    """Tasks (processes and threads) that belong to ``uid``: what RLIMIT_NPROC counts."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            status = Path(entry.path, "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            total += int(fields.get("Threads", "1").strip() or 1)
    return total


def _data_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _set_limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(kind, (value, hard))


def prctl(option: int, value: int) -> None:
    c = landlock.libc()
    if c is not None:
        with contextlib.suppress(AttributeError):
            c.prctl(option, value, 0, 0, 0)


def prepare_worker() -> None:
    """What every child needs and may inherit from its worker, set up once before the first fork."""
    faulthandler.enable(file=sys.stderr, all_threads=True)  # fd 2: the output pipe, in a child
    faulthandler.register(DUMP_SIGNAL, file=sys.stderr, all_threads=True)
    landlock.abi_version()


def _capture_output(out_fd: int, result_fd: int) -> None:
    """fd 1 and 2 into the output pipe, fd 3 the result pipe, stdin empty, every other fd closed."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out_fd, 1)
    os.dup2(out_fd, 2)
    os.dup2(result_fd, RESULT_FD)
    os.closerange(RESULT_FD + 1, max(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 1024))

    def stream(fd: int) -> io.TextIOWrapper:
        return io.TextIOWrapper(
            io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True
        )

    sys.stdout, sys.stderr = stream(1), stream(2)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")


def enter(root: Path, out_fd: int, result_fd: int, limits: Limits, nproc_base: int) -> list[str]:
    """Wall in this (forked) process; returns the names of the walls that could not be built.

    ``root`` is the child's scratch folder: each chain gets a folder below it as its cwd,
    and with Landlock it is the only place (with /dev/shm) where the child may write.
    """
    missing: list[str] = []
    os.setpgid(0, 0)
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _capture_output(out_fd, result_fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root.mkdir(parents=True, exist_ok=True)
    os.chdir(root)
    _set_limit(resource.RLIMIT_CORE, 0)
    if limits.memory_mb > 0:
        _set_limit(resource.RLIMIT_DATA, _data_size() + limits.memory_mb * 2**20)
    if limits.file_mb > 0:
        _set_limit(resource.RLIMIT_FSIZE, limits.file_mb * 2**20)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write raises OSError instead
    if limits.max_processes > 0:
        if os.getuid() == 0:
            missing.append("process cap (not enforced for root)")
        _set_limit(resource.RLIMIT_NPROC, nproc_base + limits.max_processes)
    if limits.restrict_writes and not landlock.restrict_writes([str(root), "/dev/shm"], ["/dev"]):
        missing.append("write restriction (no Landlock)")
    return missing
