"""Job search: candidates from the backend, then totals, facets, ordering and the page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from careerboard.core.metrics import SEARCH_DURATION
from careerboard.search.analysis import analyzer
from careerboard.search.backends import BitSetCount, search_backend
from careerboard.search.filters import build_filters
from careerboard.search.models import SearchEntry
from careerboard.search.query import MAX_COUNTED, MAX_TEXT_LENGTH, JobQuery, parse_text
from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term
from careerboard.taxonomy.selectors import terms_by_bit, terms_by_slug

_CURSOR_SALT = "careerboard.search.cursor"
# Facets count at most this many matches exactly; past them, each count is an estimate from
# that sample's share, shown as "about" (the cost of a search follows the page, not the matches).
FACET_SAMPLE = 1_000
# Each taxonomy: its facet name, the vocabulary and the index entry's bit set.
TAXONOMIES: tuple[tuple[str, type[Term], str], ...] = (
    ("industry", Industry, "industry_bits"),
    ("type", JobType, "type_bits"),
    ("level", Level, "level_bits"),
    ("region", Region, "region_bits"),
)


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class FacetValue:
    slug: str
    name: str
    count: int
    # An estimate from a sample of the matches: "about 3,400", and "about 3,400+" when the
    # total it was scaled to is itself the cap.
    estimated: bool = False
    at_least: bool = False

    @property
    def count_display(self) -> str:
        if not self.estimated:
            return f"{self.count:,}"
        return f"about {self.count:,}{'+' if self.at_least else ''}"


def _about(value: float) -> int:
    """A count rounded to two significant digits, as an estimate is shown."""
    whole = round(value)
    return round(whole, 2 - len(str(whole))) if whole >= 100 else whole


@dataclass
class SearchResult:
    job_ids: list[int]  # the page, in order (jobs.selectors.job_search reads the jobs)
    total: int  # exact up to MAX_COUNTED
    facets: dict[str, list[FacetValue]]
    next_cursor: str | None
    offset: int
    # For a search with keywords and no results: the keywords with each unknown word replaced
    # by the closest vocabulary term ("golnag" -> "golang"), when one is close.
    suggestion: str | None = None

    @property
    def total_is_capped(self) -> bool:
        return self.total > MAX_COUNTED

    @property
    def total_display(self) -> str:
        return f"{MAX_COUNTED:,}+" if self.total_is_capped else f"{self.total:,}"


def encode_cursor(query: JobQuery, offset: int) -> str:
    return signing.dumps({"q": query.fingerprint(), "o": offset}, salt=_CURSOR_SALT, compress=True)


def decode_cursor(query: JobQuery, cursor: str) -> int:
    """The offset a cursor stands for; InvalidCursor if forged or made for another query."""
    try:
        data = signing.loads(cursor, salt=_CURSOR_SALT)
    except signing.BadSignature as error:
        raise InvalidCursor("The cursor is not valid.") from error
    if not isinstance(data, dict) or data.get("q") != query.fingerprint():
        raise InvalidCursor("The cursor belongs to a search with other parameters.")
    offset = data.get("o")
    if not isinstance(offset, int) or not 0 <= offset <= MAX_COUNTED:
        raise InvalidCursor("The cursor is not valid.")
    return offset


def _facets(
    bit_sets: list[BitSetCount], *, sample_size: int | None, total: int
) -> dict[str, list[FacetValue]]:
    """Per facet, its terms' counts among the matches: exact, or scaled from a sample to the
    total (up to the cap)."""
    scale = 1.0
    if sample_size:
        scale = min(total, MAX_COUNTED) / sample_size
    # Per taxonomy (TAXONOMIES' order, BitSetCount's), the jobs per term bit, in one pass over
    # the bit sets: each is a few dozen rows of distinct sets, each set split into its bits.
    counts: list[Counter[int]] = [Counter() for _ in TAXONOMIES]
    for jobs, *bit_sets_of_row in bit_sets:
        for counts_of_taxonomy, bits in zip(counts, bit_sets_of_row, strict=True):
            while bits:
                low = bits & -bits
                counts_of_taxonomy[low.bit_length() - 1] += jobs
                bits ^= low
    facets = {}
    for (name, model, _), counted in zip(TAXONOMIES, counts, strict=True):
        facets[name] = [
            FacetValue(t.slug, t.name, counted[t.bit])
            if not sample_size
            else FacetValue(
                t.slug,
                t.name,
                max(1, _about(counted[t.bit] * scale)),
                estimated=True,
                at_least=total > MAX_COUNTED,
            )
            for t in terms_by_slug(model).values()
            if t.bit in counted
        ]
    return facets


def entry_terms(*, job_ids: list[int]) -> dict[int, dict[type[Term], list[Term]]]:
    """Each of these jobs' taxonomy terms, per vocabulary in display order, named from its
    index entry's bit sets (one query): a page of results names its jobs' terms without
    querying the join tables. A job that names no region has none (the index gives it the
    Anywhere bit). Jobs with the same bit set share its list: read it, do not change it."""
    columns = [column for *_, column in TAXONOMIES]
    # Per vocabulary, the terms of each bit set seen (a page's jobs share a few).
    named: list[tuple[type[Term], Mapping[int, Term], dict[int, list[Term]]]] = [
        (model, terms_by_bit(model), {})  # type: ignore[type-abstract]
        for _, model, _ in TAXONOMIES
    ]
    found = {}
    for job_id, *bit_sets in SearchEntry.objects.filter(job_id__in=job_ids).values_list(
        "job_id", *columns
    ):
        terms_of_job = {}
        for (model, terms_by_its_bit, terms_of_bits), bits in zip(named, bit_sets, strict=True):
            if bits not in terms_of_bits:
                # In display order: terms_by_bit follows each vocabulary's ordering.
                terms = [term for bit, term in terms_by_its_bit.items() if bits >> bit & 1]
                if all(isinstance(term, Region) and term.is_anywhere for term in terms):
                    terms = []
                terms_of_bits[bits] = terms
            terms_of_job[model] = terms_of_bits[bits]
        found[job_id] = terms_of_job
    return found


def search_job_ids(
    *,
    query: JobQuery,
    company_ids_by_slug: Mapping[str, int] | None = None,
    limit: int = 20,
    cursor: str | None = None,
    offset: int = 0,
    with_facets: bool = True,
) -> SearchResult:
    """Search live jobs: the page's job ids in order, the total and the facets
    (company_ids_by_slug: see build_filters). Raises UnknownFilterValue for a filter value
    that does not exist and InvalidCursor for a cursor that is forged or belongs to another
    query."""
    if cursor:
        offset = decode_cursor(query, cursor)
    offset = max(0, min(offset, MAX_COUNTED))
    # A NUL byte is not text to PostgreSQL; nobody means one in a search box.
    raw_text = query.text[:MAX_TEXT_LENGTH].replace("\x00", " ")
    text = parse_text(raw_text)
    filters = build_filters(query, now=timezone.now(), company_ids_by_slug=company_ids_by_slug)
    # Popular searches repeat within seconds (the home page's, a shared link, feed readers):
    # their total, facets and page of ids are kept briefly in the shared cache. The jobs
    # themselves are read fresh, so a job closed since drops out at once.
    cache_key = f"search:result:{query.fingerprint()}:{offset}:{limit}"
    found = cache.get(cache_key) if settings.SEARCH_CACHE_SECONDS else None
    if found is None:
        # The exact total up to the cap, the facets (exact, or estimated from a sample) and the
        # ordered page.
        backend = search_backend()
        with SEARCH_DURATION.labels(backend=type(backend).__name__).time():
            found = backend.search(
                text,
                raw_text,
                filters,
                sort=query.sort,
                offset=offset,
                limit=limit,
                cap=MAX_COUNTED + 1,
                sample=min(FACET_SAMPLE, MAX_COUNTED) + 1,
            )
        if settings.SEARCH_CACHE_SECONDS:
            cache.set(cache_key, found, settings.SEARCH_CACHE_SECONDS)
    next_offset = offset + limit
    has_more = next_offset < min(found.total, MAX_COUNTED)
    suggested = analyzer().suggest(raw_text.split()) if not found.total and raw_text else None
    return SearchResult(
        job_ids=found.page_ids,
        total=found.total,
        facets=_facets(found.bit_sets, sample_size=found.sample_size, total=found.total)
        if with_facets
        else {},
        next_cursor=encode_cursor(query, next_offset) if has_more else None,
        offset=offset,
        suggestion=" ".join(suggested) if suggested else None,
    )
