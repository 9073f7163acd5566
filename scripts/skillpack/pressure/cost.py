"""Spend: prices per million tokens (from settings), and a budget shared by the workers."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any


def price_of(model: str, prices: Mapping[str, Mapping[str, float]]) -> Mapping[str, float] | None:
    """The price entry of ``model``: its exact name, else the longest key that starts it."""
    if model in prices:
        return prices[model]
    matches = [key for key in prices if model.startswith(key)]
    return prices[max(matches, key=len)] if matches else None


def cost_usd(
    model: str, input_tokens: int | None, output_tokens: int | None, prices: Mapping[str, Mapping[str, Any]]
) -> float | None:
    entry = price_of(model, prices)
    if entry is None:
        return None
    return (
        (input_tokens or 0) * float(entry.get("input", 0)) + (output_tokens or 0) * float(entry.get("output", 0))
    ) / 1e6


class Budget:
    """Money spent so far in this run, and whether the limit (0: none) is reached."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.spent = 0.0
        self._lock = threading.Lock()

    def add(self, amount: float) -> None:
        with self._lock:
            self.spent += amount

    @property
    def exhausted(self) -> bool:
        return self.limit > 0 and self.spent >= self.limit
