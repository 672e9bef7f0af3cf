from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from careerboard.consultant.services import job_skills_refresh
from careerboard.demo.load import DEMO_LOGINS, demo_is_loaded, demo_load
from careerboard.site.demo_applications import demo_applications_load


class Command(BaseCommand):
    help = (
        "Load the demo data set once (companies, jobs, applications, a seeker, an employer and "
        "a staff login)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--companies", type=int, default=300)
        parser.add_argument("--jobs", type=int, default=3000)

    def handle(self, *args, companies: int, jobs: int, **options):
        if demo_is_loaded():
            self.stdout.write("Demo data already loaded.")
        else:
            started = time.perf_counter()
            demo_load(companies=companies, jobs=jobs, now=timezone.now())
            # The jobs' skills (their cards' tags, the consultant's index) at once, rather
            # than at the scheduler's next consultant_index_jobs.
            job_skills_refresh()
            took = time.perf_counter() - started
            self.stdout.write(f"Loaded {companies} companies and {jobs} jobs in {took:.1f}s.")
        # Its own step, so a demo board loaded before the applications were part of it gets them.
        if demo_applications_load(today=timezone.localdate()):
            self.stdout.write(
                "Loaded the demo seeker's applications and the employer's applicants."
            )
        self.stdout.write("Demo logins (email / password):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.role:<9} {login.email} / {login.password}")
