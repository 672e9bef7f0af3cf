"""/alerts/feed/<token>: an alert's private RSS feed, the newest live jobs of its search.

The URL is signed (alerts.tokens), so it needs no login, cannot be guessed, and feed readers
can poll it; the jobs and their items are the public /jobs/feed's."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from careerboard.alerts.models import Alert
from careerboard.alerts.searches import saved_search_of
from careerboard.alerts.selectors import alert_for_feed
from careerboard.jobs.feeds import FEED_SIZE, JobRssFeed
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search
from careerboard.search.query import JobQuery


@dataclass(frozen=True)
class AlertFeedSource:
    alert: Alert
    token: str
    query: JobQuery


class AlertRssFeed(JobRssFeed):
    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # The URL is a secret: no shared cache keeps it, no search engine lists it.
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_object(self, request: HttpRequest, *args, token: str = "", **kwargs) -> AlertFeedSource:  # type: ignore[override]
        alert = alert_for_feed(token=token)
        if alert is None:
            raise Http404("No such feed.")
        query = replace(saved_search_of(alert.params).query, sort="newest")
        return AlertFeedSource(alert=alert, token=token, query=query)

    def title(self, obj: AlertFeedSource) -> str:  # type: ignore[override]
        return f"careerboard alert: {obj.alert.name}"

    def description(self, obj: AlertFeedSource) -> str:  # type: ignore[override]
        return f"The newest remote jobs matching your careerboard alert “{obj.alert.name}”."

    def link(self, obj: AlertFeedSource) -> str:  # type: ignore[override]
        params = obj.alert.params
        return settings.SITE_URL + reverse("jobs:search") + (f"?{params}" if params else "")

    def feed_url(self, obj: AlertFeedSource) -> str:  # type: ignore[override]
        return settings.SITE_URL + reverse("alerts:feed", kwargs={"token": obj.token})

    def items(self, obj: AlertFeedSource) -> list[Job]:  # type: ignore[override]
        return job_search(query=obj.query, limit=FEED_SIZE, with_facets=False).jobs
