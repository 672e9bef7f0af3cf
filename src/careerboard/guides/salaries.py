"""Salary figures of the guides' market data: a posting's salary as one yearly US-dollar
figure, and percentiles over many, hidden when too few postings give one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from careerboard.jobs.salary import yearly_usd

# Salary figures from fewer postings than this are not shown (nor stored): too easy to skew.
MIN_SALARY_SAMPLE = 5


@dataclass
class SalaryRange:
    """Percentiles in US dollars per year; None (hidden) below MIN_SALARY_SAMPLE postings."""

    level: str
    label: str
    sample_size: int
    p25: int | None = None
    median: int | None = None
    p75: int | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None


def posted_yearly_usd(
    *,
    salary_min: int | None,
    salary_max: int | None,
    currency: str,
    period: str,
    rates: dict[str, Decimal],
) -> int | None:
    """The middle of a posted range (or its one bound) in US dollars per year, through the job
    board's exchange rates; None when the currency or period cannot be converted."""
    bounds = [
        yearly_usd(amount, currency, period, rates)
        for amount in (salary_min, salary_max)
        if amount is not None
    ]
    known = [value for value in bounds if value is not None]
    return round(sum(known) / len(known)) if known else None


def weighted_percentiles(counts: dict[int, int], quantiles: Iterable[float]) -> list[int]:
    """Percentiles of values given as {value: how many}, interpolating linearly between the
    two nearest ranks (as statistics.quantiles(method="inclusive") and numpy's default do)."""
    ordered = sorted(counts.items())
    total = sum(counts.values())

    def value_at(rank: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if rank < seen:
                return value
        return ordered[-1][0]

    out = []
    for q in quantiles:
        position = q * (total - 1)
        low, high = math.floor(position), math.ceil(position)
        low_value, high_value = value_at(low), value_at(high)
        out.append(round(low_value + (high_value - low_value) * (position - low)))
    return out


def salary_range(counts: dict[int, int], *, level: str, label: str) -> SalaryRange:
    sample = sum(counts.values())
    result = SalaryRange(level=level, label=label, sample_size=sample)
    if sample >= MIN_SALARY_SAMPLE:
        result.p25, result.median, result.p75 = weighted_percentiles(counts, (0.25, 0.5, 0.75))
    return result
