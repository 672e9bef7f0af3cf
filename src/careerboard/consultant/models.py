"""The personal career consultant for Plus members (issue 7)."""
