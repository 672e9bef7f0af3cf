"""How figures read: plain functions, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from careerboard.core import formatting

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
DASH = formatting.EN_DASH


@pytest.mark.parametrize(
    ("value", "expected"), [(2940, "2,940"), (0, "0"), (1_234_567, "1,234,567"), (None, "")]
)
def test_number(value, expected):
    assert formatting.number(value) == expected


@pytest.mark.parametrize(
    ("low", "high", "currency", "period", "expected"),
    [
        (174_000, 207_000, "USD", "year", f"$174k{DASH}207k/yr"),
        (60_000, None, "EUR", "year", "From €60k/yr"),
        (None, 45, "GBP", "hour", "Up to £45/hr"),
        (4_500, 6_000, "PLN", "month", f"PLN 4.5k{DASH}6k/mo"),
        (12_500, 12_500, "CAD", "month", "CA$12.5k/mo"),
        (1_250_000, 2_000_000, "JPY", "year", f"¥1.25M{DASH}2M/yr"),
        (95, 120, "", "hour", f"95{DASH}120/hr"),
        (None, None, "USD", "year", ""),
    ],
)
def test_money_range(low, high, currency, period, expected):
    assert formatting.money_range(low, high, currency, period) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=5), "5m ago"),
        (timedelta(hours=3), "3h ago"),
        (timedelta(days=1, hours=19), "1d ago"),
        (timedelta(days=2), "2d ago"),
        (timedelta(days=20), "2w ago"),
        (timedelta(days=120), "4mo ago"),
        (timedelta(days=800), "2y ago"),
    ],
)
def test_ago(delta, expected):
    assert formatting.ago(NOW - delta, NOW) == expected
