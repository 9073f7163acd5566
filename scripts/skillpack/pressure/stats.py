"""Small-sample statistics with the standard library: Wilson intervals and Fisher's exact test."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z95) -> Interval | None:
    """The Wilson score interval of a proportion (95% by default); None when there are no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must lie in [0, {trials}], not {successes}")
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact at the ends, not 1e-17 off
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Interval(low, high)


def fisher_exact(a: int, b: int, c: int, d: int, alternative: str = "two-sided") -> float:
    """p-value of Fisher's exact test for the 2x2 table [[a, b], [c, d]].

    Rows are arms (with-skill, baseline), columns outcomes (pass, fail).
    ``two-sided`` sums the probabilities of every table (same margins) no more
    likely than the one observed; ``greater`` is the chance of ``a`` or more.
    Exact integer arithmetic: no rounding decides which tables count.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("counts must not be negative")
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    if row1 == 0 or row2 == 0 or col1 == 0 or col1 == total:
        return 1.0
    low, high = max(0, col1 - row2), min(row1, col1)
    weights = {x: math.comb(row1, x) * math.comb(row2, col1 - x) for x in range(low, high + 1)}
    denominator = math.comb(total, col1)
    if alternative == "two-sided":
        observed = weights[a]
        return min(1.0, sum(w for w in weights.values() if w <= observed) / denominator)
    if alternative == "greater":
        return sum(w for x, w in weights.items() if x >= a) / denominator
    if alternative == "less":
        return sum(w for x, w in weights.items() if x <= a) / denominator
    raise ValueError(f"alternative must be two-sided, greater or less, not {alternative!r}")
