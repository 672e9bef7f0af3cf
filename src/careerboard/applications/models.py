"""Bookmarks, applications and the employer pipeline (issue 6)."""
