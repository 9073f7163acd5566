"""The runner's side of its workers: start them, hand each a chain at a time, collect the replies.

A worker that dies or stops answering costs the chain it was running (that
chain is reported as crashed) and is replaced; a worker that cannot import
torch makes every chain left over unavailable.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .protocol import LineReader, encode, read_available

STARTUP_SECONDS = 600.0  # importing torch on a loaded machine can take a minute; this is only a backstop
SLACK_SECONDS = 60.0
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
# Start the worker without running skillpack/__init__.py: the worker needs none of the linter, and every
# module it does not import is memory that each fork need not copy.
BOOT = (
    "import sys, types; package = types.ModuleType('skillpack'); package.__path__ = [{path!r}]; "
    "sys.modules['skillpack'] = package; from skillpack.execute.worker import main; main()"
)


@dataclass
class Job:
    id: int
    message: dict[str, Any]
    budget: float  # seconds the worker may take before it is presumed hung


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    errors: IO[bytes]
    reader: LineReader = field(default_factory=LineReader)
    ready: bool = False
    job: Job | None = None
    deadline: float = 0.0

    @property
    def fd(self) -> int:
        assert self.process.stdout is not None
        return self.process.stdout.fileno()

    def error_tail(self) -> str:
        try:
            self.errors.seek(0)
            text = self.errors.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return " | ".join(lines[-3:])[-300:]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.errors.close()


def crashed_reply(job: Job, why: str) -> dict[str, Any]:
    """The reply for a batch whose worker was lost: its first chain is reported as crashed."""
    return {"op": "result", "id": job.id, "chains": [], "crash": why}


class Pool:
    def __init__(self, size: int, setup: Mapping[str, Any], env: Mapping[str, str], scratch: Path) -> None:
        self.size, self.setup, self.scratch = size, dict(setup), scratch
        self.env = dict(env)
        self.env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]))
        self.selector = selectors.DefaultSelector()
        self.workers: list[_Worker] = []
        self.started = 0

    def _spawn(self) -> _Worker:
        self.started += 1
        setup = dict(self.setup, scratch=str(self.scratch / f"w{self.started}"))
        errors = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the worker lives; closed in kill()
        process = subprocess.Popen(
            [sys.executable, "-c", BOOT.format(path=str(PACKAGE_ROOT / "skillpack"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=self.env,
            cwd=self.scratch,
        )
        worker = _Worker(process, errors, deadline=time.monotonic() + STARTUP_SECONDS)
        os.set_blocking(worker.fd, False)
        self.selector.register(worker.fd, selectors.EVENT_READ, worker)
        self.workers.append(worker)
        self._write(worker, setup)
        return worker

    def _write(self, worker: _Worker, message: dict[str, Any]) -> bool:
        try:
            assert worker.process.stdin is not None
            worker.process.stdin.write(encode(message))
            worker.process.stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def _retire(self, worker: _Worker) -> None:
        self.selector.unregister(worker.fd)
        self.workers.remove(worker)
        worker.kill()

    def run(self, jobs: list[Job]) -> Iterator[tuple[Job, dict[str, Any]]]:
        """Yield (job, reply) for every job, in the order they finish."""
        queue = deque(jobs)
        restarts_left = 2 * self.size + 2
        try:
            for _ in range(min(self.size, len(queue))):
                self._spawn()
            while self.workers:
                for worker in self.workers:
                    self._assign(worker, queue)
                idle = [w for w in self.workers if w.ready and w.job is None]
                if not queue and idle:
                    for worker in idle:
                        self._retire(worker)
                    continue
                busy = [w.deadline for w in self.workers if w.job is not None or not w.ready]
                wait = max(0.0, min(busy, default=time.monotonic() + 1.0) - time.monotonic())
                events = self.selector.select(wait)
                for key, _ in events:
                    yield from self._read(key.data, queue)
                late = [
                    w for w in self.workers if (w.job is not None or not w.ready) and time.monotonic() >= w.deadline
                ]
                for worker in late:
                    yield from self._lost(worker, "stopped answering", queue)
                if queue and len(self.workers) < min(self.size, len(queue)) and restarts_left > 0:
                    restarts_left -= 1
                    self._spawn()
            for job in queue:
                yield job, crashed_reply(job, "no worker process could run it")
        finally:
            for worker in list(self.workers):
                self._retire(worker)
            self.selector.close()

    def _read(self, worker: _Worker, queue: deque[Job]) -> Iterator[tuple[Job, dict[str, Any]]]:
        data = read_available(worker.fd)
        if data is None:
            yield from self._lost(worker, "died", queue)
            return
        for message in worker.reader.feed(data):
            if message.get("op") == "ready":
                if message.get("error"):
                    self._retire(worker)
                    while queue:
                        job = queue.popleft()
                        yield job, {"op": "unavailable", "error": message["error"]}
                    return
                worker.ready = True
                self._assign(worker, queue)
            elif message.get("op") == "result" and worker.job is not None:
                job, worker.job = worker.job, None
                self._assign(worker, queue)  # before the caller spends time on this reply
                yield job, message

    def _assign(self, worker: _Worker, queue: deque[Job]) -> None:
        if worker.ready and worker.job is None and queue:
            worker.job = queue.popleft()
            worker.deadline = time.monotonic() + worker.job.budget
            if not self._write(worker, worker.job.message):
                worker.deadline = 0.0

    def _lost(self, worker: _Worker, how: str, queue: deque[Job]) -> Iterator[tuple[Job, dict[str, Any]]]:
        job, detail = worker.job, worker.error_tail()
        self._retire(worker)
        if job is not None:
            why = f"the worker process {how} while running these examples" + (f": {detail}" if detail else "")
            yield job, crashed_reply(job, why)
        elif not worker.ready and queue and not self.workers:
            why = f"the worker process {how} while starting" + (f": {detail}" if detail else "")
            while queue:
                yield queue.popleft(), {"op": "unavailable", "error": why}
