"""Plans, entitlements, subscriptions and payment providers (issue 5)."""
