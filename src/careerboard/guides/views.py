from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from careerboard.guides.forms import GuideSearchForm
from careerboard.guides.page import guide_page_extras
from careerboard.guides.selectors import guide_detail as guide_detail_get
from careerboard.guides.selectors import guide_open_jobs, guide_search


@require_GET
@vary_on_headers("HX-Request")
def guide_index(request: HttpRequest) -> HttpResponse:
    form = GuideSearchForm(request.GET)
    valid = form.is_valid()
    context = {
        "form": form,
        "guides": guide_search(**form.cleaned_data) if valid else [],
        "searched": any(request.GET.values()),
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "guides/_guide_results.html" if partial else "guides/guide_index.html"
    return render(request, template, context, status=200 if valid else 400)


@require_GET
def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    guide = guide_detail_get(slug=slug)
    if guide is None:
        raise Http404("No such career guide")
    extras = guide_page_extras(guide, base_url=settings.SITE_URL, index_url=reverse("guides:index"))
    context = {"guide": guide, "open_jobs": guide_open_jobs(detail=guide), **extras}
    return render(request, "guides/guide_detail.html", context)
