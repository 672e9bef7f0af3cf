"""Links of the search page that change one thing in its URL and keep the rest: a facet value
that adds or removes itself, and the active filters as removable chips. The URL stays the
page's whole state, so each link works without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from careerboard.core.formatting import number
from careerboard.core.text import ascii_int

# Single-valued filters and how their chip reads.
SCALAR_LABELS = {
    "q": "“{}”",
    "salary_min": "From ${} a year",
    "salary_max": "Up to ${} a year",
    "posted_within": "Last {} days",
    "tz_min": "From UTC{}",
    "tz_max": "To UTC{}",
    "featured": "Featured only",
}


@dataclass(frozen=True)
class Chip:
    label: str
    url: str


def toggled(params: QueryDict, name: str, value: str) -> str:
    """The query string with `value` added to parameter `name`, or taken out if it is there."""
    values = params.getlist(name)
    return _query(
        params, name, [v for v in values if v != value] if value in values else [*values, value]
    )


def _without(params: QueryDict, name: str) -> str:
    return _query(params, name, [])


def _query(params: QueryDict, name: str, values: list[str]) -> str:
    """`params` with `name` set to `values`, without the page number (a changed search starts
    at page 1) and without empty fields (a submitted form sends every field)."""
    changed = QueryDict(mutable=True)
    for key, current in params.lists():
        kept = [v for v in (values if key == name else current) if v]
        if kept and key != "page":
            changed.setlist(key, kept)
    if name not in params and values:
        changed.setlist(name, values)
    return "?" + changed.urlencode()


def _scalar_label(name: str, value: str) -> str:
    amount = ascii_int(value) if name in ("salary_min", "salary_max") else None
    if amount is not None:
        value = number(amount)
    elif name in ("tz_min", "tz_max") and not value.startswith("-"):
        value = "+" + value
    return SCALAR_LABELS[name].format(value)


def active_filters(params: QueryDict, vocabularies: dict[str, list]) -> list[Chip]:
    """Every filter the URL holds, each with the URL that drops it. A value the vocabulary
    does not know (a company slug) shows as it is."""
    chips = []
    for name, terms in [*vocabularies.items(), ("company", [])]:
        names = {term.slug: term.name for term in terms}
        for value in params.getlist(name):
            if value:
                chips.append(Chip(names.get(value, value), toggled(params, name, value)))
    for name in SCALAR_LABELS:
        value = params.get(name, "").strip()
        if value:
            chips.append(Chip(_scalar_label(name, value), _without(params, name)))
    return chips


@dataclass(frozen=True)
class FacetLink:
    name: str
    count: str  # as shown: "340", or an estimate, "about 3,400"
    url: str
    on: bool


FACET_TITLES = {"industry": "Industry", "type": "Job type", "level": "Level", "region": "Region"}


def facet_links(params: QueryDict, facets: dict[str, list]) -> list[tuple[str, list[FacetLink]]]:
    """Each facet's values as links that add (or, when chosen, remove) that value."""
    return [
        (
            FACET_TITLES.get(name, name.capitalize()),
            [
                FacetLink(
                    value.name,
                    value.count_display,
                    toggled(params, name, value.slug),
                    value.slug in params.getlist(name),
                )
                for value in values
            ],
        )
        for name, values in facets.items()
        if values
    ]
