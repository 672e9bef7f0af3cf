"""How numbers, money and times read on every page: one place, plain functions (no Django).

"2,940" jobs, "$174k-207k/yr" salaries (an en dash in fact), "2d ago" times. Templates reach these through the
`format` template library (core/templatetags/format.py).
"""

from __future__ import annotations

from datetime import datetime

# Symbols for the currencies whose symbol is unambiguous to our readers; others show the code.
SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "BRL": "R$",
}
PERIODS = {"year": "/yr", "month": "/mo", "week": "/wk", "day": "/day", "hour": "/hr"}
EN_DASH = "\u2013"


def number(value: int | float | None) -> str:
    """2940 -> "2,940"; None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def compact(amount: int | float) -> str:
    """An amount as people say it: 950 -> "950", 12500 -> "12.5k", 174000 -> "174k",
    1250000 -> "1.25M"."""
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if amount >= limit:
            scaled = amount / limit
            digits = 0 if scaled >= 100 or scaled.is_integer() else (1 if scaled >= 10 else 2)
            text = f"{scaled:.{digits}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text + suffix
    return number(amount)


def money_range(low: int | None, high: int | None, currency: str = "", period: str = "") -> str:
    """ "$174k-207k/yr" (with an en dash), "From €60k/yr", "Up to £45/hr", or "" if no end is known."""
    if low is None and high is None:
        return ""
    code = (currency or "").upper()
    symbol = SYMBOLS.get(code)
    prefix = symbol if symbol else (f"{code} " if code else "")
    suffix = PERIODS.get(period, "")
    if low is not None and high is not None and low != high:
        return f"{prefix}{compact(low)}{EN_DASH}{compact(high)}{suffix}"
    if low is not None and high is not None:
        return f"{prefix}{compact(low)}{suffix}"
    if low is not None:
        return f"From {prefix}{compact(low)}{suffix}"
    assert high is not None
    return f"Up to {prefix}{compact(high)}{suffix}"


def ago(moment: datetime | None, now: datetime) -> str:
    """A short relative time: "just now", "5m ago", "3h ago", "2d ago", "3w ago", "4mo ago",
    "2y ago". A moment in the future (clock skew) reads "just now"."""
    if moment is None:
        return ""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h ago"
    days = hours // 24
    if days < 14:
        return f"{days}d ago"
    if days < 60:
        return f"{days // 7}w ago"
    if days < 365:
        return f"{days // 30}mo ago"
    return f"{days // 365}y ago"
