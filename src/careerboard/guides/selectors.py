"""Career guides: roles, skills catalog, progression, market data (issue 4)."""
