import time

from django.core.management.base import BaseCommand

from careerboard.jobs.indexing import job_search_rebuild


class Command(BaseCommand):
    help = "Rebuild the job search index from the jobs table (idempotent)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = job_search_rebuild()
        self.stdout.write(f"Indexed {count} live jobs in {time.perf_counter() - started:.1f}s.")
