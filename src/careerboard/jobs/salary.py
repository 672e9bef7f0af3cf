"""Salaries on one scale: US dollars per year, so ranges in any currency and period compare."""

from __future__ import annotations

from decimal import Decimal

from django.core.cache import cache

# Hours and months of a working year: a full-time year is 52 weeks of 40 hours.
PERIODS_PER_YEAR = {"hour": 2080, "month": 12, "year": 1}
_RATES_CACHE_KEY = "jobs:exchange-rates:v1"

# Reference rates (USD per unit), loaded by migration; staff update them in the admin.
REFERENCE_RATES = {
    "USD": "1",
    "EUR": "1.08",
    "GBP": "1.27",
    "CAD": "0.73",
    "AUD": "0.66",
    "NZD": "0.60",
    "CHF": "1.13",
    "SEK": "0.095",
    "NOK": "0.093",
    "DKK": "0.145",
    "PLN": "0.25",
    "CZK": "0.043",
    "INR": "0.012",
    "SGD": "0.74",
    "JPY": "0.0067",
    "BRL": "0.18",
    "MXN": "0.055",
    "ARS": "0.0011",
    "COP": "0.00025",
    "ZAR": "0.055",
    "NGN": "0.00065",
    "ILS": "0.27",
    "AED": "0.27",
    "PHP": "0.018",
}
REFERENCE_RATES_DATE = "2026-11-01"


def exchange_rates_load(*, apps=None) -> None:
    """Create or update the reference rates; `apps` is the migration registry in a migration."""
    from datetime import date

    if apps is not None:
        rate_model = apps.get_model("jobs", "ExchangeRate")
    else:
        from careerboard.jobs.models import ExchangeRate as rate_model
    for currency, rate in REFERENCE_RATES.items():
        rate_model.objects.update_or_create(
            currency=currency,
            defaults={
                "usd_per_unit": Decimal(rate),
                "as_of": date.fromisoformat(REFERENCE_RATES_DATE),
            },
        )
    exchange_rates_changed()


def exchange_rates() -> dict[str, Decimal]:
    rates = cache.get(_RATES_CACHE_KEY)
    if rates is None:
        from careerboard.jobs.models import ExchangeRate

        rates = dict(ExchangeRate.objects.values_list("currency", "usd_per_unit"))
        cache.set(_RATES_CACHE_KEY, rates, 3600)
    return rates


def exchange_rates_changed() -> None:
    cache.delete(_RATES_CACHE_KEY)


def yearly_usd(
    amount: int | None, currency: str, period: str, rates: dict[str, Decimal]
) -> int | None:
    """`amount` of `currency` per `period` as whole US dollars per year; None when unknown."""
    if amount is None or currency not in rates or period not in PERIODS_PER_YEAR:
        return None
    return int(Decimal(amount) * rates[currency] * PERIODS_PER_YEAR[period])
