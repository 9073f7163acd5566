"""Running an agent program: stdin in, stdout out, a hard timeout that kills its whole process group."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .base import BackendError

EX_TEMPFAIL = 75  # "try again later": retried like a rate limit
STDERR_TAIL = 600


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


def split_command(command: str | Sequence[str]) -> list[str]:
    """The argument list of ``command``; arguments naming existing relative files become absolute,
    so the command still works from a scenario's temporary working directory."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    return [str(Path(a).absolute()) if a and not a.startswith("-") and Path(a).is_file() else a for a in argv]


def _kill(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def run_process(argv: Sequence[str], stdin: str, env: Mapping[str, str], cwd: Path | None, timeout: float) -> Finished:
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=dict(env),
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
    except FileNotFoundError:
        raise BackendError("setup", f"command not found: {argv[0]}") from None
    except OSError as exc:
        raise BackendError("setup", f"cannot start {argv[0]}: {exc.strerror or exc}") from None
    with _LIVE_LOCK:
        _LIVE.add(proc)
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        proc.communicate()
        raise BackendError("timeout", f"no answer within {timeout:g} s", retryable=True) from None
    except BaseException:
        _kill(proc)
        proc.communicate()
        raise
    finally:
        with _LIVE_LOCK:
            _LIVE.discard(proc)
    return Finished(proc.returncode, out, err)


def check_exit(done: Finished, program: str) -> None:
    """Turn a failed exit into a BackendError (exit 75 is retried)."""
    if done.returncode == 0:
        return
    tail = done.stderr.strip()[-STDERR_TAIL:]
    detail = f": {tail}" if tail else ""
    if done.returncode == EX_TEMPFAIL:
        raise BackendError("rate_limit", f"{program} asked to try again later (exit 75){detail}", retryable=True)
    if done.returncode < 0:
        raise BackendError("crash", f"{program} was killed by signal {-done.returncode}{detail}")
    raise BackendError("exit", f"{program} exited with status {done.returncode}{detail}")


_LIVE: set[subprocess.Popen[str]] = set()
_LIVE_LOCK = threading.Lock()


def kill_all() -> None:
    """Kill every agent process still running (on an interrupt: they run in their own sessions)."""
    with _LIVE_LOCK:
        procs = list(_LIVE)
    for proc in procs:
        _kill(proc)
