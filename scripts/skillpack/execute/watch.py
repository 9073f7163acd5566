"""The worker's side of one forked child: fork it, watch it, stop it, clean up after it.

Steps are named ``(chain, index)``: chain ``n`` of the child's list, block
``index`` of that chain (``-1``: the prelude).

What a child cannot be trusted to enforce on itself is enforced here, from
outside: the deadline of the running block, the cap on its output, and the
end of every process it left behind (the worker is a child subreaper, so
orphans come back to it).
"""

from __future__ import annotations

import contextlib
import os
import selectors
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from . import child, reap, sandbox
from .protocol import BLOCK_MARK, LineReader, read_available
from .traceback_map import dump_line, tail, without_traceback

GAP_SECONDS = 30.0  # between two blocks, and before the first, a child only does the runner's own work
DUMP_GRACE = 0.3  # seconds a timed-out child gets to write its stack dump
TAIL_BYTES = 64 * 1024


Step = tuple[int, int]


@dataclass
class Watched:
    """What one child did: a record per block it reached, and what it reported besides."""

    records: dict[Step, dict[str, Any]] = field(default_factory=dict)
    changed: dict[int, list[str]] = field(default_factory=dict)  # chains it finished, and what they changed
    probe: dict[str, Any] | None = None
    done: bool = False

    @property
    def reached(self) -> int:
        """How many chains this child is done with, finished or ended by a failure."""
        return max([c + 1 for c in self.changed] + [c + 1 for c, _ in self.records], default=0)


@dataclass
class _State:
    chain: int = -1  # the chain the child is in
    current: Step | None = None
    deadline: float = 0.0
    segments: dict[int, bytearray] = field(default_factory=dict)  # output after the n-th BLOCK_MARK
    marks: int = 0  # marks read from the output pipe
    starts: int = 0  # "start" messages read; step n's output is segment n
    carry: bytes = b""  # the end of the last read, when it may be the beginning of a mark
    printed: int = 0

    @property
    def output(self) -> bytes:
        """What the step that started last has printed so far."""
        pending = self.carry if self.marks == self.starts else b""
        return bytes(self.segments.get(self.starts, b"")) + pending

    exit_call: dict[str, Any] | None = None
    stopped: str | None = None  # "timeout" or "output": why the worker ended the child


def fork(spec: child.ChildSpec, limits: sandbox.Limits, nproc_base: int) -> tuple[int, int, int]:
    """Start a child running ``spec``; returns its pid and the read ends of its result and output pipes."""
    result_r, result_w = os.pipe()
    out_r, out_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; measured through the tests' blocks
        try:
            os.close(result_r)
            os.close(out_r)
            sandbox.enter(spec.chain_root, out_w, result_w, limits, nproc_base)
            child.run(spec)
        except BaseException:  # noqa: BLE001 - the child must never return into the worker
            traceback.print_exc()
        finally:
            child._real_exit(70)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # also done by the child; whichever runs first wins the race
    os.close(result_w)
    os.close(out_w)
    os.set_blocking(result_r, False)
    os.set_blocking(out_r, False)
    return pid, result_r, out_r


def _keep(state: _State, data: bytes) -> None:
    """File output under the step it belongs to: the bytes after the n-th mark are step n's."""
    data = state.carry + data
    while (at := data.find(BLOCK_MARK)) >= 0:
        _append(state, state.marks, data[:at])
        state.marks += 1
        data = data[at + len(BLOCK_MARK) :]
    partial = next(
        (n for n in range(min(len(data), len(BLOCK_MARK) - 1), 0, -1) if BLOCK_MARK.startswith(data[-n:])), 0
    )
    state.carry = data[len(data) - partial :] if partial else b""
    _append(state, state.marks, data[: len(data) - partial])


def _append(state: _State, segment: int, data: bytes) -> None:
    if not data:
        return
    kept = state.segments.setdefault(segment, bytearray())
    kept += data
    if len(kept) > TAIL_BYTES:
        del kept[: len(kept) - TAIL_BYTES]
    if segment == state.starts and state.current is not None:
        state.printed += len(data)


def _drain(fd: int, state: _State, seconds: float = 0.0) -> None:
    end = time.monotonic() + seconds
    while True:
        data = read_available(fd)
        if data:
            _keep(state, data)
            continue
        if data is None or time.monotonic() >= end:
            return
        time.sleep(0.01)


def _step(message: dict[str, Any]) -> Step:
    return int(message.get("chain", 0)), int(message.get("index", 0))


def _handle(message: dict[str, Any], state: _State, watched: Watched, timeouts: dict[Step, float], out_r: int) -> None:
    op = message.get("op")
    now = time.monotonic()
    if op == "chain":
        state.chain = int(message["chain"])
    elif op == "start":
        state.current = _step(message)
        state.deadline = now + timeouts.get(state.current, GAP_SECONDS)
        state.starts += 1
        for old in [n for n in state.segments if n < state.starts]:
            del state.segments[old]  # earlier steps are recorded, or printed between steps
        state.printed = len(state.segments.get(state.starts, b""))
    elif op == "end":
        _drain(out_r, state)
        record = {k: message.get(k) for k in ("status", "message", "line", "seconds")}
        record["output"] = state.output.decode("utf-8", "replace")  # this step's segment only
        watched.records[_step(message)] = record
        state.current, state.deadline = None, now + GAP_SECONDS
    elif op == "chain-done":
        watched.changed[int(message["chain"])] = list(message.get("changed") or [])
    elif op == "exit":
        state.exit_call = message
    elif op == "probe":
        watched.probe = message
    elif op == "done":
        watched.done = True
        state.deadline = now + GAP_SECONDS


def watch(
    pid: int, result_r: int, out_r: int, timeouts: dict[Step, float], output_cap: int, first_index: int
) -> Watched:
    """Follow the child until it leaves or is stopped; every block it reached gets a record."""
    watched, state, reader = Watched(), _State(deadline=time.monotonic() + GAP_SECONDS), LineReader()
    pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    selector = selectors.DefaultSelector()
    selector.register(result_r, selectors.EVENT_READ, "result")
    selector.register(out_r, selectors.EVENT_READ, "output")
    if pidfd is not None:
        selector.register(pidfd, selectors.EVENT_READ, "exit")
    status: str | None = None
    code: int | None = None
    try:
        while status is None and state.stopped is None:
            wait = state.deadline - time.monotonic()
            if wait <= 0:
                state.stopped = "timeout"
                break
            events = selector.select(wait if pidfd is not None else min(wait, 0.05))
            # Messages first: output read before the "start" of its block would be cleared with the last block's.
            order = {"result": 0, "output": 1, "exit": 2}
            for key, _ in sorted(events, key=lambda event: order[event[0].data]):
                if key.data == "output":
                    data = read_available(out_r)
                    if data is None:
                        selector.unregister(out_r)
                    elif data:
                        _keep(state, data)
                        if state.current is not None and state.printed > output_cap:
                            state.stopped = "output"
                elif key.data == "result":
                    data = read_available(result_r)
                    if data is None:
                        selector.unregister(result_r)
                        continue
                    for message in reader.feed(data):
                        _handle(message, state, watched, timeouts, out_r)
                else:
                    status = "exited"
            if pidfd is None and status is None:
                code = reap.poll(pid)
                status = None if code is None else "exited"
        if state.stopped == "timeout" and state.current is not None:
            reap.send_signal(pid, sandbox.DUMP_SIGNAL)
            _drain(out_r, state, DUMP_GRACE)
        reap.kill_group(pid)
        if code is None:
            code = reap.wait_for(pid)
        for message in reader.feed(read_available(result_r) or b""):
            _handle(message, state, watched, timeouts, out_r)
        _drain(out_r, state)
        _record_end(watched, state, code, first_index, output_cap, timeouts)
    finally:
        selector.close()
        for fd in (result_r, out_r, pidfd):
            if fd is not None:
                os.close(fd)
        reap.sweep_orphans()
    return watched


def _record_end(
    watched: Watched, state: _State, code: int | None, first_index: int, output_cap: int, timeouts: dict[Step, float]
) -> None:
    """A record for the block that was running when the child ended, if it did not report one itself."""
    if watched.done and state.stopped is None:
        return
    step = state.current
    if step is None:
        if watched.done:
            return
        chain = max(state.chain, 0)
        if chain in watched.changed:  # between two chains: blame the next one
            chain += 1
        index = max([i for c, i in watched.records if c == chain], default=first_index - 1) + 1
        step = (chain, index)
    if step in watched.records:
        return
    output = state.output.decode("utf-8", "replace")
    line = None
    if state.stopped == "timeout":
        status, message = "timeout", f"did not finish within {timeouts.get(step, GAP_SECONDS):g} s"
        line = "dump"
    elif state.stopped == "output":
        status, message = "crashed", f"printed more than {output_cap // 1024} KiB; stopped"
    elif state.exit_call is not None:
        status = "crashed"
        message = f"ended its process with os._exit({state.exit_call.get('status')})"
        line = state.exit_call.get("line")
    else:
        status, message = "crashed", reap.describe_status(code)
        line = "dump"
    if state.current is None:
        message = f"the runner's process for this block failed before it started: {message}"
        shown = tail(output)
        message += f" ({shown})" if shown else ""
    watched.records[step] = {"status": status, "message": message, "line": line, "seconds": None, "output": output}


def resolve_dump_line(record: dict[str, Any], filename: str, default: int) -> int:
    """The markdown line of a record; a stack dump in its output locates timeouts and crashes."""
    line = record.get("line")
    if line == "dump":
        line = dump_line(record.get("output", ""), filename)
        record["output"] = without_traceback(record.get("output", ""))
    return int(line) if isinstance(line, int) else default
