"""Fixtures of the alert tests: a Free seeker and a browser signed in as them, as billing's
tests have them (an alert is billing's counted thing)."""

from careerboard.billing.tests.conftest import seeker, signed_in

__all__ = ["seeker", "signed_in"]
