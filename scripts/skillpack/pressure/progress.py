"""A one-line progress bar on stderr: samples done, passes, errors and spend."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24


class Progress:
    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr
        self.done = self.passed = self.failed = self.errors = 0
        self.spent = 0.0
        self.started = time.monotonic()

    def update(self, outcome: str, spent: float) -> None:
        self.done += 1
        self.passed += outcome == "pass"
        self.failed += outcome == "fail"
        self.errors += outcome == "error"
        self.spent = spent
        self.draw()

    def line(self) -> str:
        filled = round(WIDTH * self.done / self.total) if self.total else WIDTH
        bar = "#" * filled + "." * (WIDTH - filled)
        elapsed = time.monotonic() - self.started
        return (
            f"[{bar}] {self.done}/{self.total} samples  pass {self.passed}  fail {self.failed}  "
            f"error {self.errors}  ${self.spent:.2f}  {elapsed:.0f}s"
        )

    def draw(self) -> None:
        if self.enabled:
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
