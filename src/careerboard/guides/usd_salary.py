"""Job salaries as US dollars per year, for the guides' market figures.

A stop-gap owned by guides until the job board has a shared exchange-rate table: these fixed
reference rates cover the currencies the board's postings use today. Replace this module with
the job board's rates when they land, so both compare salaries on one scale.
"""

from __future__ import annotations

# US dollars per one unit of the currency (reference rates, November 2026).
USD_PER_UNIT = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CAD": 0.73, "AUD": 0.66}
# A full-time year: 52 weeks of 40 hours, or 12 months.
PERIODS_PER_YEAR = {"hour": 2080, "month": 12, "year": 1}


def yearly_usd(
    *, salary_min: int | None, salary_max: int | None, currency: str, period: str
) -> int | None:
    """The middle of a posted range (or its one bound) in whole US dollars per year; None when
    the posting has no salary, or one in a currency or period we cannot convert."""
    bounds = [value for value in (salary_min, salary_max) if value is not None]
    if not bounds or currency not in USD_PER_UNIT or period not in PERIODS_PER_YEAR:
        return None
    middle = sum(bounds) / len(bounds)
    return round(middle * USD_PER_UNIT[currency] * PERIODS_PER_YEAR[period])
