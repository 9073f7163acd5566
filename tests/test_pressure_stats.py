"""Wilson intervals and Fisher's exact test, against published values and a brute-force count."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillpack.pressure.stats import fisher_exact, wilson


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 3, 0.0, 0.5615),  # Wilson (1927) score interval, as tabulated by Newcombe (1998)
        (3, 3, 0.4385, 1.0),
        (1, 3, 0.0615, 0.7923),
        (81, 263, 0.2553, 0.3662),  # Newcombe's example 81/263
        (15, 148, 0.0624, 0.1605),
    ],
)
def test_wilson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    interval = wilson(k, n)
    assert interval is not None
    assert interval.low == pytest.approx(low, abs=5e-4)
    assert interval.high == pytest.approx(high, abs=5e-4)


def test_wilson_without_trials_is_none_and_bad_counts_raise() -> None:
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(4, 3)


@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_holds_the_point_estimate(case: tuple[int, int]) -> None:
    k, n = case
    interval = wilson(k, n)
    assert interval is not None
    assert 0.0 <= interval.low <= k / n <= interval.high <= 1.0


def test_fisher_matches_the_tea_tasting_and_textbook_tables() -> None:
    assert fisher_exact(3, 1, 1, 3) == pytest.approx(0.4857, abs=1e-4)  # Fisher's lady tasting tea
    assert fisher_exact(3, 1, 1, 3, "greater") == pytest.approx(0.2429, abs=1e-4)
    assert fisher_exact(10, 0, 0, 10) == pytest.approx(2 / math.comb(20, 10))
    assert fisher_exact(9, 0, 3, 6) == pytest.approx(168 / 18564)
    assert fisher_exact(0, 0, 2, 3) == 1.0


def _brute_force_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Enumerate every table with the same margins; count those no more likely than the observed one."""
    row1, row2, col1 = a + b, c + d, a + c

    def weight(x: int) -> int:
        return math.comb(row1, x) * math.comb(row2, col1 - x) if 0 <= col1 - x <= row2 else 0

    tables = [x for x in range(0, row1 + 1) if weight(x)]
    total = sum(weight(x) for x in tables)
    return sum(weight(x) for x in tables if weight(x) <= weight(a)) / total


@given(st.tuples(*(st.integers(0, 8) for _ in range(4))))
def test_fisher_two_sided_equals_brute_force(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    if 0 in (a + b, c + d, a + c, b + d):
        assert fisher_exact(a, b, c, d) == 1.0
    else:
        assert fisher_exact(a, b, c, d) == pytest.approx(_brute_force_two_sided(a, b, c, d))


def test_fisher_one_sided_tails_sum_past_one_by_the_observed_table() -> None:
    for a, b, c, d in itertools.product(range(4), repeat=4):
        if 0 in (a + b, c + d, a + c, b + d):
            continue
        point = math.comb(a + b, a) * math.comb(c + d, c) / math.comb(a + b + c + d, a + c)
        both = fisher_exact(a, b, c, d, "greater") + fisher_exact(a, b, c, d, "less")
        assert both == pytest.approx(1 + point)


def test_fisher_refuses_negative_counts_and_unknown_alternatives() -> None:
    with pytest.raises(ValueError):
        fisher_exact(-1, 0, 0, 0)
    with pytest.raises(ValueError):
        fisher_exact(1, 1, 1, 1, "sideways")
