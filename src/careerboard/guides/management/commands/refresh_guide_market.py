from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from careerboard.guides.services import guide_market_refresh


class Command(BaseCommand):
    help = "Recompute every career guide's market figures from the job board."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = guide_market_refresh()
        took = time.perf_counter() - started
        self.stdout.write(f"Refreshed the market figures of {count} guides in {took:.1f}s.")
