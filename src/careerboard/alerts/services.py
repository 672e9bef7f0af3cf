"""Job alerts and their matching engine (issue 6)."""
