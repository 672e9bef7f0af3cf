from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from careerboard.companies.models import Company
from careerboard.jobs.models import Job


class JobSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self):
        return (
            Job.objects.filter(status=Job.Status.PUBLISHED)
            .only("id", "slug", "updated_at")
            .order_by("-id")
        )

    def lastmod(self, job: Job):
        return job.updated_at


class CompanySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Company.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, company: Company):
        return company.updated_at


SITEMAPS = {"jobs": JobSitemap, "companies": CompanySitemap}
