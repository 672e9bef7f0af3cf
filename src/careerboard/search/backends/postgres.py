"""PostgreSQL: a stored weighted tsvector with a GIN index, a tsquery from the parsed keywords, filters in the same query.

The document also holds one lexeme per taxonomy term of the job ('~i3', '~t0', '~r14': the '~'
keeps them out of reach of typed keywords), so keywords and taxonomy filters are intersected in
the GIN index. The document is TOASTed: a plan that tests it row by row reads kilobytes a row,
so every statement with a keyword match is planned with bitmap scans only (the GIN index), and
taxonomy filters common enough to be met every few rows are tested on the entry's bit sets
instead (docs/decisions/0002-search-execution.md). A search is:

1. Matches, unordered, at most `sample` of them: when there are no more, the exact total, the
   facets and the ordered page, in one statement.
2. Past the sample: the total, counted in the GIN index alone when the filters allow (less the
   expired jobs not yet removed), else up to the cap; and the page on its own: newest matches
   in growing windows of publication time sized from the total (_newest), or by walking an
   index of the entries within a time limit (salary).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import OperationalError, connection, connections, router, transaction
from psycopg.errors import QueryCanceled

from careerboard.search.backends import (
    CANDIDATE_COLUMNS,
    PAGE_SORT_SQL,
    TAG_PREFIX,
    BackendResult,
    analyzed_fields,
    capped_search_sql,
    read_capped_rows,
    term_tags,
)
from careerboard.search.entries import IndexedJob
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
WALK_TIME_LIMIT_MS = 150
# Taxonomy filters met by at least this share of jobs are tested on the entries' bit sets while
# walking or scanning the entries; rarer ones are looked up in the GIN index (measured at
# 1,000,000 jobs: merging the posting lists of common tags cost more than the walk).
COMMON_TAGS_SHARE = 0.05
# A window of publication time is sized to hold this many times the rows a page needs.
WINDOW_MARGIN = 3
# A page by salary walks the salary index when a keyword has more matches than this; fewer are
# gathered from the GIN index and sorted.
SALARY_WALK_MATCHES = 20_000


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
    def index_text(self, jobs: list[IndexedJob]) -> None:
        columns: list[list] = [[], [], [], []]
        for job in jobs:
            for column, value in zip(columns, (job.job_id, *analyzed_fields(job)), strict=True):
                column.append(value)
        with connection.cursor() as cursor:
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
        sample: int,
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
            # Common terms' bit sets are tested on the rows read instead of merging their long
            # posting lists into the GIN match: all of the filters' terms when there are no
            # keywords and they are common together; with keywords, each filter whose terms
            # are (a region's include Anywhere, 40% of jobs).
            masks = filters.term_masks
            if text.is_empty and tags_share(cursor, masks) >= COMMON_TAGS_SHARE:
                masks = {}
            elif not text.is_empty:
                masks = {
                    column: mask
                    for column, mask in masks.items()
                    if tags_share(cursor, {column: mask}) < COMMON_TAGS_SHARE
                }
            match, match_params = _document_match(text, raw_text, tags_tsquery(masks))
            # The cheap bit-set filters come first: PostgreSQL evaluates equally costed
            # conditions in the order written.
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
            # The oldest entry bounds the windows of publication time (_newest). Read here, by
            # the publication index: with bitmap scans only, it would read every row.
            cursor.execute("SELECT MIN(published_at) FROM search_searchentry")
            oldest = cursor.fetchone()[0] or filters.live_at
            candidates = f"SELECT {CANDIDATE_COLUMNS.format(rank=rank)} FROM search_searchentry e WHERE {where} LIMIT %s"
            with _bitmap_scans(cursor, alias, bool(match)):
                cursor.execute(
                    capped_search_sql(candidates, sort),
                    [*rank_params, *where_params, sample, limit, offset],
                )
                result = read_capped_rows(cursor.fetchall())
                if result.total < sample:
                    return result
                result.sample_size = result.total
                if match and not filters.has_entry_filters and masks == filters.term_masks:
                    matches = _index_count(
                        cursor, match, match_params, now=filters.live_at, cap=cap
                    )
                else:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchentry e WHERE {where} LIMIT %s) AS m",
                        [*where_params, cap],
                    )
                    matches = cursor.fetchone()[0]
                result.total = min(cap, matches)
                need = offset + limit
                page: list[int] | None
                if sort == "salary":
                    page = self._salary_page(
                        cursor,
                        alias,
                        where,
                        where_params,
                        offset=offset,
                        limit=limit,
                        walk=not match or matches > SALARY_WALK_MATCHES,
                    )
                elif sort == "relevance" and not text.is_empty:
                    # Each rank's matches, best first (exact title, title, the rest), newest
                    # first.
                    in_title = "e.title_document @@ CAST(%s AS tsquery)"
                    tiers = [(in_title, [raw_text]), (f"NOT {in_title}", [raw_text])]
                    if exact_text != raw_text:
                        tiers[:1] = [
                            (in_title, [exact_text]),
                            (f"{in_title} AND NOT {in_title}", [raw_text, exact_text]),
                        ]
                    page = []
                    for condition, condition_params in tiers:
                        if len(page) < need:
                            page += self._newest(
                                cursor,
                                f"{where} AND {condition}",
                                [*where_params, *condition_params],
                                need=need - len(page),
                                now=filters.live_at,
                                matches=matches,
                                oldest=oldest,
                            )
                    page = page[offset:]
                else:
                    page = self._newest(
                        cursor,
                        where,
                        where_params,
                        need=need,
                        now=filters.live_at,
                        matches=matches,
                        oldest=oldest,
                    )[offset:]
                if page is not None:
                    result.page_ids = page
                return result

    def _newest(
        self,
        cursor,
        where: str,
        params: list,
        *,
        need: int,
        now: datetime,
        matches: int,
        oldest: datetime,
    ) -> list[int]:
        """The ids of the `need` newest matches, or all if fewer.

        A keyword or rare-term match is looked up in growing windows of publication time, the
        first sized from the count of matches to hold a few pages' worth: only that window's
        matches are visited on the heap (the GIN bitmap ANDed with the publication index's),
        not every match, and the document is never read. Without such a match, the newest-first
        index is walked, testing the bit sets of each row."""
        if "e.document" not in where:
            cursor.execute(
                f"SELECT e.job_id FROM search_searchentry e WHERE {where} "
                "ORDER BY e.doc_id DESC LIMIT %s",
                [*params, need],
            )
            return [row[0] for row in cursor.fetchall()]
        span = max(now - oldest, timedelta(hours=1))
        window = span * min(1.0, WINDOW_MARGIN * need / max(matches, 1))
        while True:
            bounded = window < span
            cursor.execute(
                f"SELECT e.job_id FROM search_searchentry e WHERE {where}"
                + (" AND e.published_at >= %s" if bounded else "")
                # An expression, not the column: ordered by doc_id itself, PostgreSQL may walk
                # its index and read a document per row instead.
                + " ORDER BY e.doc_id + 0 DESC LIMIT %s",
                [*params, *([now - window] if bounded else []), need],
            )
            rows = [row[0] for row in cursor.fetchall()]
            if len(rows) == need or not bounded:
                return rows
            # Grown by what the window held: a part of the matches (title matches) may be
            # much rarer than the count said.
            window *= min(16.0, max(2.0, WINDOW_MARGIN * need / max(len(rows), 1)))

    def _salary_page(
        self, cursor, alias: str, where: str, params: list, *, offset: int, limit: int, walk: bool
    ) -> list[int] | None:
        """The page by salary within a time limit; None when cut off (the page then stays the
        one ordered among the sample). With many matches, the salary index is walked, testing
        each row (a page of a common keyword is a few hundred rows); with fewer, they are
        gathered from the GIN index and sorted."""
        # Restored by hand: inside a caller's transaction the local setting would outlive
        # the savepoint.
        cursor.execute("SHOW statement_timeout")
        previous_timeout = cursor.fetchone()[0]
        try:
            with transaction.atomic(using=alias):
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)"
                    + (", set_config('enable_indexscan', 'on', true)" if walk else ""),
                    [f"{WALK_TIME_LIMIT_MS}ms"],
                )
                self._walk(cursor, where, params, offset=offset, limit=limit)
                page = [row[0] for row in cursor.fetchall()]
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)", [previous_timeout]
                )
                return page
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
            return None

    def _walk(self, cursor, where: str, params: list, *, offset: int, limit: int) -> None:
        cursor.execute(
            f"SELECT e.job_id FROM search_searchentry e WHERE {where} "
            f"ORDER BY {PAGE_SORT_SQL['salary']} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )


def _index_count(cursor, match: str, params: list, *, now: datetime, cap: int) -> int:
    """The matches up to the cap, tested by the GIN index alone (no expiry date on each row),
    less the expired jobs the expire_jobs command has not removed yet (found by the expiry
    index). (PostgreSQL 15 still visits each match's heap page here: measured at 1,000,000
    jobs, counting all 128,669 matches of python read 21,904 pages, so the count stops at the
    cap.)"""
    # OFFSET 0 keeps the match out of the expired rows' scan: the expiry index finds the few
    # rows, and only theirs are matched.
    cursor.execute(
        "SELECT COUNT(*) FROM (SELECT e.document FROM search_searchentry e "
        f"WHERE e.expires_at <= %s OFFSET 0) AS e WHERE TRUE {match}",
        [now, *params],
    )
    expired = cursor.fetchone()[0]
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchentry e WHERE TRUE {match} LIMIT %s) AS m",
        [*params, cap + expired],
    )
    return min(cap, cursor.fetchone()[0] - expired)


@contextmanager
def _bitmap_scans(cursor, alias: str, only: bool) -> Iterator[None]:
    """When `only`, the statements inside (a whole search, in one transaction, so the
    settings are sent once) are planned with bitmap scans alone: a LIMIT makes
    the planner expect to find matches early in a sequential or index scan, which then tests
    the TOASTed document row by row (measured at 1,000,000 jobs: 320,000 buffers, 200 ms, for a
    keyword the GIN index answers in a few)."""
    if not only:
        yield
        return
    with transaction.atomic(using=alias):
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_indexscan', 'off', true)"
        )
        yield
        # (On an error the rollback undoes the settings.)
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_indexscan TO DEFAULT")


def tags_share(cursor, term_masks: dict[str, int]) -> float:
    """The planner's estimate of the share of jobs the taxonomy filters match, from the
    statistics ANALYZE keeps of the document's most common lexemes (each filter an OR of
    terms, the filters independent); 0 when unknown or no filter."""
    if not term_masks:
        return 0.0
    frequencies = _tag_frequencies(cursor)
    share = 1.0
    for column, mask in term_masks.items():
        share *= min(1.0, sum(frequencies.get(f"~{tag}", 0.0) for tag in term_tags(column, mask)))
    return share


_FREQUENCIES: dict[str, tuple[float, dict[str, float]]] = {}
FREQUENCIES_SECONDS = 300


def _tag_frequencies(cursor) -> dict[str, float]:
    """The tag lexemes' frequencies from pg_stats, read again every few minutes."""
    database = cursor.connection.info.dbname
    cached = _FREQUENCIES.get(database)
    if cached and time.monotonic() - cached[0] < FREQUENCIES_SECONDS:
        return cached[1]
    cursor.execute(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE tablename = 'search_searchentry' AND attname = 'document'"
    )
    row = cursor.fetchone()
    frequencies = {}
    if row and row[0]:
        frequencies = {
            lexeme: frequency
            for lexeme, frequency in zip(row[0], row[1], strict=False)
            if lexeme.startswith("~")
        }
    _FREQUENCIES[database] = (time.monotonic(), frequencies)
    return frequencies
