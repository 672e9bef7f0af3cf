"""PostgreSQL: a stored weighted tsvector with a GIN index, a tsquery from the parsed keywords, filters in the same query.

The document also holds one lexeme per taxonomy term of the job ('~i3', '~t0', '~r14': the '~'
keeps them out of reach of typed keywords), so keywords and taxonomy filters are intersected in
the GIN index, and the index also holds doc_id, so matches can be taken newest first a window of
days at a time (newest_first_candidates). A search is one statement: the newest 10,001 matches,
their count, facets and ordered page. Only the salary sort past the cap walks the salary index
for its page, in a second statement under a time limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import OperationalError, connection, connections, router, transaction
from psycopg.errors import QueryCanceled

from careerboard.search.backends import (
    CANDIDATE_COLUMNS,
    BackendResult,
    IndexedJob,
    capped_search_sql,
    read_capped_rows,
)
from careerboard.search.filters import Filters
from careerboard.search.models import SearchEntry
from careerboard.search.query import ParsedText, Term

TAG_PREFIX = {"industry_bits": "~i", "type_bits": "~t", "level_bits": "~l", "region_bits": "~r"}
_TAGS_SQL = " || ".join(
    f"ARRAY(SELECT '{prefix}' || b FROM generate_series(0, 62) AS b WHERE (e.{column} >> b) & 1 = 1)"
    for column, prefix in TAG_PREFIX.items()
)
# Title weighs most (A), the company name next (C), the description least (D).
DOCUMENT_SQL = f"""
UPDATE search_searchentry AS e SET
    document = setweight(to_tsvector('english', j.title), 'A')
        || setweight(to_tsvector('english', c.name), 'C')
        || setweight(to_tsvector('english', regexp_replace(j.description, '<[^>]+>', ' ', 'g')), 'D')
        || array_to_tsvector({_TAGS_SQL}),
    title_document = to_tsvector('english', j.title)
FROM jobs_job AS j JOIN companies_company AS c ON c.id = j.company_id
WHERE e.job_id = j.id AND e.job_id = ANY(%s)
"""
WALK_TIME_LIMIT_MS = 150
SALARY_WALK_ORDER = "e.salary_max_usd DESC NULLS LAST, e.published_at DESC, e.job_id DESC"
# Candidates are gathered newest days first, in windows this many days back.
WINDOW_DAYS = (1, 2, 4, 8, 16, 32)


def _bits(mask: int) -> list[int]:
    return [bit for bit in range(mask.bit_length()) if mask >> bit & 1]


def tsquery_sql(text: ParsedText) -> tuple[str, list[str]]:
    """SQL for the tsquery of parsed keywords: words and phrases stemmed by PostgreSQL's
    English configuration, OR within a group, AND across groups, excluded terms negated."""

    def term(t: Term) -> str:
        return (
            "phraseto_tsquery('english', %s)" if t.is_phrase else "plainto_tsquery('english', %s)"
        )

    parts = ["(" + " || ".join(term(t) for t in group) + ")" for group in text.groups]
    params = [" ".join(t.words) for group in text.groups for t in group]
    if text.excluded:
        parts.append("!!(" + " || ".join(term(t) for t in text.excluded) + ")")
        params += [" ".join(t.words) for t in text.excluded]
    return " && ".join(parts), params


def tags_tsquery(term_masks: dict[str, int]) -> str | None:
    """Taxonomy filters as a tsquery over the tag lexemes: OR within a filter, AND across."""
    groups = [
        "(" + " | ".join(f"'{TAG_PREFIX[column]}{bit}'" for bit in _bits(mask)) + ")"
        for column, mask in term_masks.items()
    ]
    return " & ".join(groups) or None


def newest_first_candidates(
    columns: str, where: str, params: list, *, now: datetime, cap: int
) -> tuple[str, list]:
    """The newest `cap` matches, without reading every match.

    A GIN index yields matches in no useful order, and sorting a broad search's hundred thousand
    matches means visiting each on the heap. So the matches are taken one window of days at a
    time, newest window first: UNION ALL branches run in order, and the LIMIT stops the ones not
    needed, so a broad search reads only its newest days. The text index also holds doc_id
    (btree_gin, migration 0003), so each window is one GIN scan in which the window's few
    entries drive and the keywords' long posting lists are skipped through, not read whole.
    Each window is sorted on its own, so the candidates are exactly the newest `cap` matches.
    The oldest window has no lower bound and takes its upper one as a plain filter, and the
    sort key is an expression: either as an index condition or an index order, PostgreSQL
    could otherwise read far more than the window.
    """
    edges = [_doc_id_at(now - timedelta(days=days)) for days in WINDOW_DAYS]
    windows = [
        ("e.doc_id >= %s", [edges[0]]),
        *(
            ("e.doc_id >= %s AND e.doc_id < %s", [since, until])
            for since, until in zip(edges[1:], edges[:-1], strict=True)
        ),
        ("e.doc_id + 0 < %s", [edges[-1]]),
    ]
    branches, branch_params = [], []
    for window, window_params in windows:
        branches.append(
            f"(SELECT {columns} FROM search_searchentry e WHERE {where} AND {window} "
            "ORDER BY e.doc_id + 0 DESC LIMIT %s)"
        )
        branch_params += [*params, *window_params, cap]
    return (
        f"SELECT * FROM ({' UNION ALL '.join(branches)}) AS newest LIMIT %s",
        [*branch_params, cap],
    )


def _doc_id_at(moment: datetime) -> int:
    """The smallest doc_id of a job published at or after this moment (see SearchEntry)."""
    return int(moment.timestamp()) << 24


class PostgresBackend:
    EPOCH_SQL = "CAST(EXTRACT(EPOCH FROM j.published_at) AS BIGINT)"

    def index_text(self, jobs: list[IndexedJob]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(DOCUMENT_SQL, [[job.job_id for job in jobs]])

    # The text lives in the entry row, so deleting entries removes it.
    def remove_text(self, doc_ids: list[int]) -> None:
        pass

    def clear(self) -> None:
        pass

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
    ) -> BackendResult:
        # A GET request may read a replica (core/replicas.py): the router names the database.
        alias = router.db_for_read(SearchEntry)
        with connections[alias].cursor() as cursor:
            if not text.is_empty:
                # The tsquery is built from our own parse of the keywords, so every backend and
                # the alerts engine read "a b OR c" alike (a AND (b OR c)); websearch_to_tsquery
                # would read it as (a AND b) OR c. Keywords that are all stop words make an
                # empty tsquery, which matches nothing: such a search has no keywords.
                expression, expression_params = tsquery_sql(text)
                cursor.execute(
                    f"SELECT CAST(q AS text), numnode(q) FROM (SELECT {expression}) AS t(q)",
                    expression_params,
                )
                raw_text, nodes = cursor.fetchone()
                if nodes == 0:
                    text = ParsedText()
            # The cheap bit-set filters come first: PostgreSQL evaluates equally costed
            # conditions in the order written, and the text match may have to read the document.
            where, params = filters.where, list(filters.params)
            tags = tags_tsquery(filters.term_masks)
            if text.is_empty:
                rank = "0"
                if tags:
                    where += " AND e.document @@ CAST(%s AS tsquery)"
                    params.append(tags)
            else:
                rank = "ts_rank(e.title_document, CAST(%s AS tsquery))"
                params = [raw_text, *params]
                where += " AND e.document @@ (CAST(%s AS tsquery)" + (
                    " && CAST(%s AS tsquery))" if tags else ")"
                )
                params += [raw_text, tags] if tags else [raw_text]
            columns = CANDIDATE_COLUMNS.format(rank=rank)
            if sort == "salary":
                candidates = f"SELECT {columns} FROM search_searchentry e WHERE {where} LIMIT %s"
                candidate_params = [*params, cap]
            else:
                candidates, candidate_params = newest_first_candidates(
                    columns, where, params, now=filters.live_at, cap=cap
                )
            cursor.execute(capped_search_sql(candidates, sort), [*candidate_params, limit, offset])
            result = read_capped_rows(cursor.fetchall())
            if result.total < cap or sort != "salary":
                return result
            # Past the cap, the best paid of any 10,001 matches are not the best paid of all:
            # walk the salary index for the page, within a time limit. A walk that must read
            # many documents is cut off, and the page stays the one ordered among the candidates.
            cursor.execute("SHOW statement_timeout")
            previous_timeout = cursor.fetchone()[0]
            page_params = params[1:] if not text.is_empty else params
            try:
                with transaction.atomic(using=alias):
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)",
                        [f"{WALK_TIME_LIMIT_MS}ms"],
                    )
                    self._salary_walk(cursor, where, page_params, limit=limit, offset=offset)
                    result.page_ids = [row[0] for row in cursor.fetchall()]
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)", [previous_timeout]
                    )
            except OperationalError as error:
                if not isinstance(error.__cause__, QueryCanceled):
                    raise
            return result
            cursor.execute("SHOW statement_timeout")
            previous_timeout = cursor.fetchone()[0]
            # Past the cap the candidates are any 10,001 matches: walk the index for the page,
            # within a time limit. A walk that must read many documents (a rare phrase among
            # common words) is cut off, and the page stays the one ordered among the candidates.
            page_params = params[1:] if not text.is_empty else params
            try:
                with transaction.atomic(using=alias):
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)",
                        [f"{WALK_TIME_LIMIT_MS}ms"],
                    )
                    self._walk(
                        cursor,
                        text,
                        raw_text,
                        where,
                        page_params,
                        sort=sort,
                        offset=offset,
                        limit=limit,
                    )
                    result.page_ids = [row[0] for row in cursor.fetchall()]
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)", [previous_timeout]
                    )
            except OperationalError as error:
                if not isinstance(error.__cause__, QueryCanceled):
                    raise
            return result

    def _salary_walk(self, cursor, where: str, params: list, *, limit: int, offset: int) -> None:  # type: ignore[no-untyped-def]
        cursor.execute(
            f"SELECT e.job_id FROM search_searchentry e WHERE {where} "
            f"ORDER BY {SALARY_WALK_ORDER} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
