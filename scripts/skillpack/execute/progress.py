"""A one-line progress bar on stderr for ``--exec``; silent when switched off."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    WIDTH = 28

    def __init__(self, total: int, enabled: bool, out: TextIO | None = None, every: float = 0.1) -> None:
        self.total, self.enabled, self.every = total, enabled and total > 0, every
        self.out = out or sys.stderr
        self.done = self.failed = self.cached = 0
        self._started = time.monotonic()
        self._shown = 0.0

    def advance(self, blocks: int, failed: int = 0, cached: bool = False) -> None:
        self.done += blocks
        self.failed += failed
        self.cached += blocks if cached else 0
        now = time.monotonic()
        if self.enabled and (now - self._shown >= self.every or self.done >= self.total):
            self._shown = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        filled = int(self.WIDTH * self.done / self.total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        extra = f", {self.failed} failed" if self.failed else ""
        extra += f", {self.cached} cached" if self.cached else ""
        self.out.write(f"\rexamples [{bar}] {self.done}/{self.total}{extra}  {now - self._started:.1f} s")
        self.out.flush()

    def close(self) -> None:
        if self.enabled and self._shown:
            self.out.write("\n")
            self.out.flush()
