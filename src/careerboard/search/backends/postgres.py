"""PostgreSQL: a stored weighted tsvector with a GIN index, a tsquery from the parsed keywords, filters in the same query.

The document also holds one lexeme per taxonomy term of the job ('~i3', '~t0', '~r14': the '~'
keeps them out of reach of typed keywords), so keywords and taxonomy filters are intersected in
the GIN index. A search is at most two statements:

1. Matches, unordered, capped at 10,001: the exact total up to 10,000, the facets, and when there
   are no more than that, every candidate, ordered: the page.
2. Only when the cap is reached: the asked page among the newest day's (or week's) matches
   (_recent_page), else by walking the newest-first (or salary) index within a time limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import OperationalError, connection, connections, router, transaction
from psycopg.errors import QueryCanceled

from careerboard.core.html import html_to_text
from careerboard.search.backends import (
    CANDIDATE_COLUMNS,
    TAG_PREFIX,
    BackendResult,
    IndexedJob,
    analyzed_fields,
    capped_search_sql,
    read_capped_rows,
    term_tags,
)
from careerboard.search.filters import Filters
from careerboard.search.models import SearchEntry
from careerboard.search.query import ParsedText, Term

# The document's tag lexemes are the shared tags behind a '~' ('~i3'), out of reach of keywords.
_TAGS_SQL = " || ".join(
    f"ARRAY(SELECT '~{prefix}' || b FROM generate_series(0, 62) AS b WHERE (e.{column} >> b) & 1 = 1)"
    for column, prefix in TAG_PREFIX.items()
)
# The analyzer's tokens (search.analysis) under the `simple` configuration, which neither
# stems nor drops them. Title weighs most (A), the company name next (C), the description least (D).
DOCUMENT_SQL = f"""
UPDATE search_searchentry AS e SET
    document = setweight(to_tsvector('simple', v.title), 'A')
        || setweight(to_tsvector('simple', v.company), 'C')
        || setweight(to_tsvector('simple', v.body), 'D')
        || array_to_tsvector({_TAGS_SQL}),
    title_document = to_tsvector('simple', v.title)
FROM unnest(CAST(%s AS bigint[]), CAST(%s AS text[]), CAST(%s AS text[]), CAST(%s AS text[]))
    AS v(job_id, title, company, body)
WHERE e.job_id = v.job_id
"""
_TEXT_SQL = """
SELECT j.id, j.title, c.name, j.description
FROM jobs_job AS j JOIN companies_company AS c ON c.id = j.company_id
WHERE j.id = ANY(%s)
"""
WALK_TIME_LIMIT_MS = 150
RECENT_WINDOW_DAYS = (1, 7)
WALK_ORDER = {
    "newest": "e.published_at DESC, e.job_id DESC",
    "relevance": "e.published_at DESC, e.job_id DESC",
    "salary": "e.salary_max_usd DESC NULLS LAST, e.published_at DESC, e.job_id DESC",
}


def tsquery_sql(text: ParsedText) -> tuple[str, list[str]]:
    """SQL for the tsquery of parsed keywords: the analyzer's tokens as they are (`simple`),
    OR within a group, AND across groups, excluded terms negated."""

    def term(t: Term) -> str:
        return "phraseto_tsquery('simple', %s)" if t.is_phrase else "plainto_tsquery('simple', %s)"

    parts = ["(" + " || ".join(term(t) for t in group) + ")" for group in text.groups]
    params = [" ".join(t.words) for group in text.groups for t in group]
    if text.excluded:
        parts.append("!!(" + " || ".join(term(t) for t in text.excluded) + ")")
        params += [" ".join(t.words) for t in text.excluded]
    return " && ".join(parts), params


def tags_tsquery(term_masks: dict[str, int]) -> str | None:
    """Taxonomy filters as a tsquery over the tag lexemes: OR within a filter, AND across."""
    groups = [
        "(" + " | ".join(f"'~{tag}'" for tag in term_tags(column, mask)) + ")"
        for column, mask in term_masks.items()
    ]
    return " & ".join(groups) or None


def _document_match(text: ParsedText, raw_text: str, tags: str | None) -> tuple[str, list]:
    """The WHERE part matching the document: the keywords' tsquery (raw_text) and the taxonomy
    tags, intersected in the GIN index."""
    if text.is_empty:
        return (" AND e.document @@ CAST(%s AS tsquery)", [tags]) if tags else ("", [])
    if tags:
        return " AND e.document @@ (CAST(%s AS tsquery) && CAST(%s AS tsquery))", [raw_text, tags]
    return " AND e.document @@ CAST(%s AS tsquery)", [raw_text]


class PostgresBackend:
    EPOCH_SQL = "CAST(EXTRACT(EPOCH FROM j.published_at) AS BIGINT)"

    def index_text(self, jobs: list[IndexedJob]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(_TEXT_SQL, [[job.job_id for job in jobs]])
            columns: list[list] = [[], [], [], []]
            for job_id, title, company, description in cursor.fetchall():
                for column, value in zip(
                    columns,
                    (job_id, *analyzed_fields(title, company, html_to_text(description))),
                    strict=True,
                ):
                    column.append(value)
            cursor.execute(DOCUMENT_SQL, columns)

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
                exact_expression, exact_params = tsquery_sql(text.exact)
                cursor.execute(
                    f"SELECT CAST(q AS text), numnode(q), CAST(x AS text) "
                    f"FROM (SELECT {expression}, {exact_expression}) AS t(q, x)",
                    [*expression_params, *exact_params],
                )
                raw_text, nodes, exact_text = cursor.fetchone()
                if nodes == 0:
                    text = ParsedText()
            # The cheap bit-set filters come first: PostgreSQL evaluates equally costed
            # conditions in the order written, and the text match may have to read the document.
            match, match_params = _document_match(text, raw_text, tags_tsquery(filters.term_masks))
            where, where_params = filters.where + match, [*filters.params, *match_params]
            rank, rank_params = "0", []
            if not text.is_empty:
                # As on SQLite: a title match first, the words as typed before the analyzer's
                # added alternatives (a role's other names), newest first among equals.
                rank = (
                    "(CASE WHEN e.title_document @@ CAST(%s AS tsquery) THEN 2 ELSE 0 END"
                    " + CASE WHEN e.title_document @@ CAST(%s AS tsquery) THEN 1 ELSE 0 END)"
                )
                rank_params = [exact_text, raw_text]
            candidates = f"SELECT {CANDIDATE_COLUMNS.format(rank=rank)} FROM search_searchentry e WHERE {where} LIMIT %s"
            cursor.execute(
                capped_search_sql(candidates, sort),
                [*rank_params, *where_params, cap, limit, offset],
            )
            result = read_capped_rows(cursor.fetchall())
            if result.total < cap:
                return result
            # Past the cap the candidates are any 10,001 matches, so the page is looked for
            # among the newest matches, then by walking the index within a time limit. A walk
            # that must read many documents (a rare phrase among common words) is cut off, and
            # the page stays the one ordered among the candidates.
            if sort != "salary":
                # A region filter always includes Anywhere, on 40% of jobs here: merging its
                # posting list doubled the match's cost (measured at 1,000,000 jobs), while
                # checking the region bits of a window's few rows costs next to nothing.
                recent_match, recent_params = _document_match(
                    text,
                    raw_text,
                    tags_tsquery(
                        {k: v for k, v in filters.term_masks.items() if k != "region_bits"}
                    ),
                )
                recent = self._recent_page(
                    cursor,
                    text,
                    raw_text,
                    filters.where + recent_match,
                    [*filters.params, *recent_params],
                    now=filters.live_at,
                    sort=sort,
                    offset=offset,
                    limit=limit,
                )
                if recent is not None:
                    result.page_ids = recent
                    return result
            # Restored by hand: inside a caller's transaction the local setting would outlive
            # the savepoint.
            cursor.execute("SHOW statement_timeout")
            previous_timeout = cursor.fetchone()[0]
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
                        where_params,
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

    def _recent_page(
        self,
        cursor,
        text: ParsedText,
        raw_text: str,
        where: str,
        page_params: list,
        *,
        now: datetime,
        sort: str,
        offset: int,
        limit: int,
    ) -> list[int] | None:
        """The page among the matches of the last day (or week), when they fill it: newest
        first, title matches first for relevance. None when the window holds too few.

        Measured at 1,000,000 jobs: the GIN match is cheap next to visiting matches on the
        heap, so a window (the match's bitmap ANDed with the publication index's) visits only
        that window's matches, where walking the newest-first index reads a document per row.
        For relevance, the title matches come first among the window's matches: an older
        title match may rank after them, as past the cap relevance is among the newest."""
        # An expression, not the column: ordered by doc_id itself, PostgreSQL may walk its index
        # and read a document per row instead.
        order, title_params = "e.doc_id + 0 DESC", []
        if sort == "relevance" and not text.is_empty:
            order = f"e.title_document @@ CAST(%s AS tsquery) DESC, {order}"
            title_params = [raw_text]
        for days in RECENT_WINDOW_DAYS:
            cursor.execute(
                f"SELECT e.job_id FROM search_searchentry e WHERE {where} "
                f"AND e.published_at >= %s ORDER BY {order} LIMIT %s",
                [*page_params, now - timedelta(days=days), *title_params, offset + limit],
            )
            rows = cursor.fetchall()
            if len(rows) == offset + limit:
                return [row[0] for row in rows[offset:]]
        return None

    def _walk(
        self,
        cursor,
        text: ParsedText,
        raw_text: str,
        where: str,
        page_params: list,
        *,
        sort: str,
        offset: int,
        limit: int,
    ) -> None:
        if sort == "relevance" and not text.is_empty:
            # Title matches first, each part newest first.
            title = "e.title_document @@ CAST(%s AS tsquery)"
            cursor.execute(
                f"(SELECT e.job_id, 1 AS title_hit, e.published_at FROM search_searchentry e "
                f"WHERE {where} AND {title} ORDER BY {WALK_ORDER['newest']} LIMIT %s) "
                f"UNION ALL (SELECT e.job_id, 0, e.published_at FROM search_searchentry e "
                f"WHERE {where} AND NOT {title} ORDER BY {WALK_ORDER['newest']} LIMIT %s) "
                "ORDER BY 2 DESC, 3 DESC, 1 DESC LIMIT %s OFFSET %s",
                [
                    *page_params,
                    raw_text,
                    offset + limit,
                    *page_params,
                    raw_text,
                    offset + limit,
                    limit,
                    offset,
                ],
            )
        else:
            cursor.execute(
                f"SELECT e.job_id FROM search_searchentry e WHERE {where} "
                f"ORDER BY {WALK_ORDER[sort]} LIMIT %s OFFSET %s",
                [*page_params, limit, offset],
            )
