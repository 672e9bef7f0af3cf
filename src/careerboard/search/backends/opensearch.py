"""OpenSearch (or Elasticsearch 7-compatible) as the text index, for a board beyond one database.

Selected by configuration alone (SEARCH_BACKEND=opensearch, OPENSEARCH_URL). The database keeps
its search_searchentry rows, so the rest of careerboard does not change; the index holds one
document per entry (id = doc_id) with the entry's filter fields, its taxonomy tags and its text
as the job-domain analyzer's tokens (search.analysis), split on whitespace only, so it matches
exactly what the database backends match. A search is one request: filters in filter context,
the keywords matched without scoring, and constant-score clauses that mark title matches (the
words as typed worth 2, the analyzer's added alternatives 1), so relevance means "title matches
first, newest first", as on the database backends. Facets are terms
aggregations over the bit-set fields, the same bit sets the database backends count.

Writes go to the index as they happen, inside the caller's transaction: a rolled-back publish
can leave a document behind. The jobs of a page are read back from the database
(jobs.selectors.job_search), which skips a job that is not there, and
`manage.py rebuild_search_index` makes the index match the database again.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings

from careerboard.search.backends import (
    TAG_PREFIX,
    BackendResult,
    BitSetCount,
    analyzed_fields,
    term_tags,
)
from careerboard.search.entries import IndexedJob
from careerboard.search.filters import Filters
from careerboard.search.query import MAX_COUNTED, ParsedText, Term

BIT_COLUMNS = tuple(TAG_PREFIX)
TEXT_FIELDS = ["title", "company", "body"]
# A page may start anywhere up to the cap, and the API pages by at most 100.
MAX_RESULT_WINDOW = MAX_COUNTED + 1000

INDEX_BODY: dict[str, Any] = {
    "settings": {
        "index": {"number_of_shards": 1, "max_result_window": MAX_RESULT_WINDOW},
    },
    "mappings": {
        "dynamic": "strict",
        "properties": {
            "job_id": {"type": "long"},
            "doc_id": {"type": "long"},
            "company_id": {"type": "long"},
            "published_at": {"type": "date"},
            "expires_at": {"type": "date"},
            "featured": {"type": "boolean"},
            **{column: {"type": "long"} for column in BIT_COLUMNS},
            "tags": {"type": "keyword"},
            "salary_min_usd": {"type": "integer"},
            "salary_max_usd": {"type": "integer"},
            "timezone_min": {"type": "short"},
            "timezone_max": {"type": "short"},
            **{field: {"type": "text", "analyzer": "whitespace"} for field in TEXT_FIELDS},
        },
    },
}
SORTS: dict[str, list[Any]] = {
    "relevance": [{"_score": "desc"}, {"doc_id": "desc"}],
    "newest": [{"doc_id": "desc"}],
    "salary": [{"salary_max_usd": {"order": "desc", "missing": "_last"}}, {"doc_id": "desc"}],
}


@lru_cache(maxsize=4)
def _client(url: str):  # type: ignore[no-untyped-def]
    from opensearchpy import OpenSearch

    return OpenSearch(hosts=[url], timeout=10, max_retries=2, retry_on_timeout=True)


def _match(term: Term, fields: list[str]) -> dict:
    if term.is_phrase:
        return {"multi_match": {"query": " ".join(term.words), "type": "phrase", "fields": fields}}
    return {"multi_match": {"query": term.words[0], "fields": fields}}


def text_query(text: ParsedText, fields: list[str]) -> list[dict]:
    """Each group of alternatives as one clause (OR inside, AND across the list)."""
    return [
        {"bool": {"should": [_match(t, fields) for t in group], "minimum_should_match": 1}}
        for group in text.groups
    ]


def filter_clauses(filters: Filters) -> list[dict]:
    """The same filters as search.filters writes in SQL, as OpenSearch filter clauses."""
    clauses: list[dict] = [{"range": {"expires_at": {"gt": filters.live_at.isoformat()}}}]
    for column, mask in filters.term_masks.items():
        clauses.append({"terms": {"tags": term_tags(column, mask)}})
    if filters.company_ids:
        clauses.append({"terms": {"company_id": list(filters.company_ids)}})

    def either(field: str, other: str, condition: dict) -> dict:
        # COALESCE(field, other) meets the condition.
        return {
            "bool": {
                "should": [
                    {"range": {field: condition}},
                    {
                        "bool": {
                            "must_not": {"exists": {"field": field}},
                            "filter": {"range": {other: condition}},
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }

    if filters.salary_min is not None:
        clauses.append(either("salary_max_usd", "salary_min_usd", {"gte": filters.salary_min}))
    if filters.salary_max is not None:
        clauses.append(either("salary_min_usd", "salary_max_usd", {"lte": filters.salary_max}))
    if filters.published_since is not None:
        clauses.append({"range": {"published_at": {"gte": filters.published_since.isoformat()}}})
    if filters.featured_only:
        clauses.append({"term": {"featured": True}})
    if filters.timezone_range is not None:
        low, high = filters.timezone_range
        clauses.append(
            {
                "bool": {
                    "should": [
                        {"bool": {"must_not": {"exists": {"field": "timezone_min"}}}},
                        {
                            "bool": {
                                "filter": [
                                    {"range": {"timezone_min": {"lte": high}}},
                                    {"range": {"timezone_max": {"gte": low}}},
                                ]
                            }
                        },
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    return clauses


def search_body(
    text: ParsedText, filters: Filters, *, sort: str, offset: int, limit: int, cap: int
) -> dict:
    query: dict[str, Any] = {"filter": [*filter_clauses(filters), *text_query(text, TEXT_FIELDS)]}
    if text.excluded:
        query["must_not"] = [_match(t, TEXT_FIELDS) for t in text.excluded]
    if text.groups and sort == "relevance":
        query["should"] = [
            {
                "constant_score": {
                    "filter": {"bool": {"filter": text_query(t, ["title"])}},
                    "boost": b,
                }
            }
            for t, b in ((text.exact, 2), (text, 1))
        ]
    return {
        "query": {"bool": query},
        "sort": SORTS[sort],
        "from": offset,
        "size": limit,
        "track_total_hits": cap,
        "_source": False,
        "docvalue_fields": ["job_id"],
        "aggs": {column: {"terms": {"field": column, "size": 1000}} for column in BIT_COLUMNS},
    }


class OpenSearchBackend:
    def __init__(self) -> None:
        self.client = _client(settings.OPENSEARCH_URL)
        self.index = settings.OPENSEARCH_INDEX

    def ensure_index(self) -> None:
        if not self.client.indices.exists(index=self.index):
            self.client.indices.create(index=self.index, body=INDEX_BODY)

    def _bulk(self, actions: list[dict]) -> None:
        from opensearchpy.helpers import bulk

        if not actions:
            return
        self.ensure_index()
        _, errors = bulk(
            self.client,
            actions,
            index=self.index,
            refresh=settings.OPENSEARCH_REFRESH,
            raise_on_error=False,
        )
        # Deleting a document the index never had is not a failure.
        failures = [e for e in errors if next(iter(e.values())).get("status") != 404]
        if failures:
            raise RuntimeError(f"OpenSearch refused {len(failures)} documents: {failures[:3]}")

    def index_text(self, jobs: list[IndexedJob]) -> None:
        actions = []
        for job in jobs:
            bits = {column: getattr(job, column) for column in BIT_COLUMNS}
            title, company, body = analyzed_fields(job)
            actions.append(
                {
                    "_op_type": "index",
                    "_id": job.doc_id,
                    "_source": {
                        "job_id": job.job_id,
                        "doc_id": job.doc_id,
                        "company_id": job.company_id,
                        "published_at": job.published_at,
                        "expires_at": job.expires_at,
                        "featured": job.featured,
                        **bits,
                        "tags": [
                            tag for column, mask in bits.items() for tag in term_tags(column, mask)
                        ],
                        "salary_min_usd": job.salary_min_usd,
                        "salary_max_usd": job.salary_max_usd,
                        "timezone_min": job.timezone_min,
                        "timezone_max": job.timezone_max,
                        "title": title,
                        "company": company,
                        "body": body,
                    },
                }
            )
        self._bulk(actions)

    def remove_text(self, doc_ids: list[int]) -> None:
        self._bulk([{"_op_type": "delete", "_id": doc_id} for doc_id in doc_ids])

    def clear(self) -> None:
        self.client.indices.delete(index=self.index, ignore_unavailable=True)
        self.ensure_index()

    def search(
        self,
        text: ParsedText,
        raw_text: str,
        filters: Filters,
        *,
        sort: str,
        offset: int,
        limit: int,
        cap: int,
        sample: int,
    ) -> BackendResult:
        """The facets count every match (aggregations need no sample); the page is in `sort`
        order over all."""
        from opensearchpy import NotFoundError

        try:
            found = self.client.search(
                index=self.index,
                body=search_body(text, filters, sort=sort, offset=offset, limit=limit, cap=cap),
            )
        except NotFoundError:  # nothing indexed yet
            return BackendResult(0, [], [])
        bit_sets = []
        for position, column in enumerate(BIT_COLUMNS):
            for bucket in found["aggregations"][column]["buckets"]:
                bits = [0, 0, 0, 0]
                bits[position] = bucket["key"]
                bit_sets.append(BitSetCount(bucket["doc_count"], *bits))
        return BackendResult(
            total=min(found["hits"]["total"]["value"], cap),
            bit_sets=bit_sets,
            page_ids=[hit["fields"]["job_id"][0] for hit in found["hits"]["hits"]],
        )
