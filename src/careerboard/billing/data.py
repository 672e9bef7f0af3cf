"""The plans, their prices and what each includes: loaded by a data migration, re-synced by
`plans_sync()`. Feature code never names a plan; it asks billing.entitlements about a feature.

A limit of None means unlimited; a feature missing from a plan is not included in it.
"""

from __future__ import annotations

# (key, name shown on /pricing, kind): a "quota" counts things (alerts), a "flag" is on or off.
FEATURES: list[tuple[str, str, str]] = [
    ("applies", "Job applications", "quota"),
    ("searches", "Job searches", "quota"),
    ("web_mobile", "Web and mobile access", "flag"),
    ("active_alerts", "Active job alerts", "quota"),
    ("tracking", "Bookmarks and application tracking", "flag"),
    ("ad_free", "Ad-free", "flag"),
    ("career_consultant", "Personal career consultant", "flag"),
]

# (slug, name, tagline, is_default): the default plan is what an account has without paying.
PLANS: list[tuple[str, str, str, bool]] = [
    ("free", "Free", "Everything you need to find a remote job.", True),
    ("plus", "Plus", "More alerts, no ads and a personal career consultant.", False),
]

# (key, plan slug, amount in cents, currency, interval). STRIPE_PRICE_IDS in settings maps the
# keys of paid prices to the Stripe prices that charge them.
PRICES: list[tuple[str, str, int, str, str]] = [
    ("free-month", "free", 0, "USD", "month"),
    ("plus-month", "plus", 800, "USD", "month"),
    ("plus-year", "plus", 8000, "USD", "year"),
]

# plan slug -> {feature key: limit}
ENTITLEMENTS: dict[str, dict[str, int | None]] = {
    "free": {
        "applies": None,
        "searches": None,
        "web_mobile": None,
        "active_alerts": 1,
        "tracking": None,
    },
    "plus": {
        "applies": None,
        "searches": None,
        "web_mobile": None,
        "active_alerts": 10,
        "tracking": None,
        "ad_free": None,
        "career_consultant": None,
    },
}
