"""Ending and reaping processes: a child, its process group, and every orphan left below a worker.

A worker is a child subreaper (``PR_SET_CHILD_SUBREAPER``): a process a block
started, even one that called ``setsid()`` to leave its process group, is
re-parented to the worker when its parent dies, and ends here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

HINTS = {
    "SIGSEGV": " (segmentation fault)",
    "SIGKILL": " (out of memory?)",
    "SIGABRT": " (aborted)",
    "SIGBUS": " (bus error)",
    "SIGFPE": " (arithmetic fault)",
}


def poll(pid: int) -> int | None:
    """The child's wait status once it has ended (reaping it), else None."""
    try:
        done, code = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return -1
    return code if done else None


def describe_status(code: int | None) -> str:
    """A wait status in words, for a child that ended without saying why."""
    if code is None or code < 0:
        return "the process vanished"
    if os.WIFSIGNALED(code):
        number = os.WTERMSIG(code)
        name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
        return f"crashed: killed by {name}{HINTS.get(name, '')}"
    return f"its process exited with status {os.WEXITSTATUS(code)} before the block ended"


def send_signal(pid: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, number)


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def wait_for(pid: int) -> int | None:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def _children() -> list[int]:
    found: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def sweep_orphans(seconds: float = 5.0) -> None:
    """End and reap every process left below the worker (orphans are re-parented to it)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                break
        left = _children()
        if not left:
            return
        for pid in left:
            kill_group(pid)
            send_signal(pid, signal.SIGKILL)
        time.sleep(0.005)
