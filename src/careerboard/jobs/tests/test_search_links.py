"""The search page's one-change links: plain functions over a query string."""

from dataclasses import dataclass

from django.http import QueryDict

from careerboard.jobs.search_links import active_filters, facet_links, toggled
from careerboard.search.selectors import FacetValue as Value


@dataclass
class Term:
    slug: str
    name: str


VOCABULARIES = {"region": [Term("europe", "Europe"), Term("usa", "USA")], "type": []}


def test_a_toggle_adds_or_removes_one_value_and_keeps_the_rest():
    params = QueryDict("q=go&region=europe&page=3&salary_min=")
    assert toggled(params, "region", "usa") == "?q=go&region=europe&region=usa"
    assert toggled(params, "region", "europe") == "?q=go"
    assert toggled(params, "type", "contract") == "?q=go&region=europe&type=contract"


def test_active_filters_name_each_value_and_drop_only_it():
    params = QueryDict("q=go&region=europe&company=acme&salary_min=120000&tz_min=2")
    chips = {chip.label: chip.url for chip in active_filters(params, VOCABULARIES)}
    assert chips == {
        "Europe": "?q=go&company=acme&salary_min=120000&tz_min=2",
        "acme": "?q=go&region=europe&salary_min=120000&tz_min=2",
        "“go”": "?region=europe&company=acme&salary_min=120000&tz_min=2",
        "From $120,000 a year": "?q=go&region=europe&company=acme&tz_min=2",
        "From UTC+2": "?q=go&region=europe&company=acme&salary_min=120000",
    }


def test_facet_links_mark_chosen_values():
    params = QueryDict("region=europe")
    facets = {
        "region": [Value("europe", "Europe", 3), Value("usa", "USA", 3400, estimated=True)],
        "level": [],
    }
    [(title, links)] = facet_links(params, facets)
    assert title == "Region"
    assert [(link.name, link.count, link.on, link.url) for link in links] == [
        ("Europe", "3", True, "?"),
        ("USA", "about 3,400", False, "?region=europe&region=usa"),
    ]
