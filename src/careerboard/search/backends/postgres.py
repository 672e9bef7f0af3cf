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

import functools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import OperationalError, connection, connections, router, transaction
from psycopg.errors import QueryCanceled

from careerboard.search.backends import (
    CANDIDATE_COLUMNS,
    PAGE_SORT_SQL,
    BackendResult,
    analyzed_fields,
    capped_search_sql,
    read_capped_rows,
)
from careerboard.search.backends.postgres_text import (
    DOCUMENT_SQL,
    document_match,
    expected_matches,
    tags_share,
    tags_tsquery,
    tsquery_sql,
    within_hours,
)
from careerboard.search.entries import IndexedJob
from careerboard.search.filters import Filters
from careerboard.search.models import SearchEntry
from careerboard.search.query import ParsedText

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
# A match the planner expects this many jobs or more to meet is sampled and counted in windows
# of the newest hours (hour tags ANDed into the GIN match) before the whole posting list is.
WINDOW_MATCHES = 20_000
# The sample's window is sized to hold this many times the sample, the count's this many times
# the cap; the sample's statement stops at WINDOW_SAMPLE_LIMIT times the sample.
SAMPLE_MARGIN = 1.5
COUNT_MARGIN = 1.3
WINDOW_SAMPLE_LIMIT = 2
# Hour tags are ANDed into a match while their postings are fewer than this share of the match's
# (past it the match's own posting list, bounded by the publication index, is cheaper).
HOUR_TAGS_SHARE = 0.5
# At most this many hours' tags in one tsquery (each an OR node; PostgreSQL's stack bounds them).
MAX_HOUR_TAGS = 240


# A relevance tier's title conditions: (whether the title matches, which tsquery), ANDed.
TitleTier = tuple[tuple[bool, str], ...]


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
            now = filters.live_at
            tags = tags_tsquery(masks)

            def where_for(hours: int = 0, title: TitleTier = ()) -> tuple[str, list]:
                """The search's WHERE: within the newest `hours` hours by the hour tags when
                given, and with a relevance tier's title conditions."""
                # (Past MAX_HOUR_TAGS tags, counting the hours since the newest entry, the
                # whole match: a superset of the window, so every use of it stays right.)
                if hours and hours + (now - newest) / timedelta(hours=1) > MAX_HOUR_TAGS:
                    hours = 0
                match, params = document_match(
                    text, raw_text, within_hours(tags, newest, now, hours)
                )
                # The cheap bit-set filters come first: PostgreSQL evaluates equally costed
                # conditions in the order written.
                where, where_params = filters.where + match, [*filters.params, *params]
                for in_title, query in title:
                    # (A negated match is tested on the row, so it needs no window.)
                    where += (
                        f" AND {'' if in_title else 'NOT '}e.title_document @@ CAST(%s AS tsquery)"
                    )
                    where_params.append(
                        within_hours(query, newest, now, hours) if in_title else query
                    )
                return where, where_params

            match, match_params = document_match(text, raw_text, tags)
            rank, rank_params = "0", []
            if not text.is_empty:
                # As on SQLite: a title match first, the words as typed before the analyzer's
                # added alternatives (a role's other names), newest first among equals.
                rank = (
                    "(CASE WHEN e.title_document @@ CAST(%s AS tsquery) THEN 2 ELSE 0 END"
                    " + CASE WHEN e.title_document @@ CAST(%s AS tsquery) THEN 1 ELSE 0 END)"
                )
                rank_params = [exact_text, raw_text]
            # The oldest and newest entries bound the windows of publication time, which end
            # at the newest (a board may have had no new job for hours). Read here, by the
            # publication index: with bitmap scans only, it would read every row. With the
            # planner's count of entries, they give the entries an hour.
            cursor.execute(
                "SELECT MIN(published_at), MAX(published_at), (SELECT reltuples FROM pg_class "
                "WHERE oid = 'search_searchentry'::regclass) FROM search_searchentry"
            )
            oldest, newest, entries = cursor.fetchone()
            oldest, newest = oldest or now, newest or now
            span_hours = max(1.0, (newest - oldest) / timedelta(hours=1))
            per_hour = max(entries or 0.0, 1.0) / span_hours
            where, where_params = where_for()

            def candidates(where: str) -> str:
                return f"SELECT {CANDIDATE_COLUMNS.format(rank=rank)} FROM search_searchentry e WHERE {where} LIMIT %s"

            with _bitmap_scans(cursor, alias, bool(match)):
                # A common match is sampled among the newest hours' jobs: the GIN index then
                # decodes the match's postings near those rows only, not all of them.
                window = None
                expected = expected_matches(cursor, match, match_params) if match else 0.0
                expected *= (
                    tags_share(
                        cursor, {c: m for c, m in filters.term_masks.items() if c not in masks}
                    )
                    or 1.0
                )
                hours = math.ceil(SAMPLE_MARGIN * sample * span_hours / max(expected, 1.0))
                if expected >= WINDOW_MATCHES and hours < min(span_hours, MAX_HOUR_TAGS):
                    window_where, window_params = where_for(hours)
                    cursor.execute(
                        capped_search_sql(candidates(window_where), sort),
                        [*rank_params, *window_params, sample * WINDOW_SAMPLE_LIMIT, limit, offset],
                    )
                    window = read_capped_rows(cursor.fetchall())
                    if window.total < sample:
                        window = None
                if window is None:
                    cursor.execute(
                        capped_search_sql(candidates(where), sort),
                        [*rank_params, *where_params, sample, limit, offset],
                    )
                    result = read_capped_rows(cursor.fetchall())
                    if result.total < sample:
                        return result
                else:
                    result = window
                result.sample_size = result.total
                matches = None
                if window is not None:
                    # Counted to the cap in the newest hours, sized from the sample's density,
                    # while those hours' tags are fewer postings than the match's own.
                    density = window.total / (hours * per_hour)
                    count_hours = math.ceil(COUNT_MARGIN * cap / (density * per_hour))
                    if count_hours <= min(
                        HOUR_TAGS_SHARE * density * span_hours, span_hours, MAX_HOUR_TAGS
                    ):
                        count_where, count_params = where_for(count_hours)
                        cursor.execute(
                            f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchentry e WHERE {count_where} LIMIT %s) AS m",
                            [*count_params, cap],
                        )
                        if cursor.fetchone()[0] == cap:
                            matches = max(cap, round(density * per_hour * span_hours))
                if matches is None:
                    matches = self._count(
                        cursor,
                        where,
                        where_params,
                        cap=cap,
                        match=match,
                        match_params=match_params,
                        index_only=bool(match)
                        and not filters.has_entry_filters
                        and masks == filters.term_masks,
                        now=now,
                    )
                result.total = min(cap, matches)
                need = offset + limit
                page: list[int] | None
                if (
                    window is not None
                    and window.total < sample * WINDOW_SAMPLE_LIMIT
                    and (sort == "newest" or (sort == "relevance" and text.is_empty))
                    and len(window.page_ids) == limit
                ):
                    # The window holds every match newer than its start: its page is the page.
                    page = window.page_ids
                elif sort == "salary":
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
                    tiers: list[TitleTier] = [((True, raw_text),), ((False, raw_text),)]
                    if exact_text != raw_text:
                        tiers[:1] = [
                            ((True, exact_text),),
                            ((True, raw_text), (False, exact_text)),
                        ]
                    page = []
                    for tier in tiers:
                        if len(page) < need:
                            page += self._newest(
                                cursor,
                                functools.partial(where_for, title=tier),
                                need=need - len(page),
                                newest=newest,
                                matches=matches,
                                span_hours=span_hours,
                                per_hour=per_hour,
                            )
                    page = page[offset:]
                else:
                    page = self._newest(
                        cursor,
                        where_for,
                        need=need,
                        newest=newest,
                        matches=matches,
                        span_hours=span_hours,
                        per_hour=per_hour,
                    )[offset:]
                if page is not None:
                    result.page_ids = page
                return result

    def _count(
        self,
        cursor,
        where: str,
        params: list,
        *,
        cap: int,
        match: str,
        match_params: list,
        index_only: bool,
        now: datetime,
    ) -> int:
        """The matches up to the cap: in the GIN index alone when the filters allow."""
        if index_only:
            return _index_count(cursor, match, match_params, now=now, cap=cap)
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM search_searchentry e WHERE {where} LIMIT %s) AS m",
            [*params, cap],
        )
        return cursor.fetchone()[0]

    def _newest(
        self,
        cursor,
        where_for: Callable[[int], tuple[str, list]],
        *,
        need: int,
        newest: datetime,
        matches: int,
        span_hours: float,
        per_hour: float,
    ) -> list[int]:
        """The ids of the `need` newest matches, or all if fewer.

        A keyword or rare-term match is looked up in growing windows of publication time, the
        first sized from the count of matches to hold a few pages' worth: only that window's
        matches are visited on the heap, and the document is never read. A window of a few
        hours is the hours' tags ANDed into the GIN match (its fast scan decodes only the
        match's postings near those rows); a longer one, the GIN bitmap ANDed with the
        publication index's. Without such a match, the newest-first index is walked, testing
        the bit sets of each row."""
        where, params = where_for(0)
        if "e.document" not in where:
            cursor.execute(
                f"SELECT e.job_id FROM search_searchentry e WHERE {where} "
                "ORDER BY e.doc_id DESC LIMIT %s",
                [*params, need],
            )
            return [row[0] for row in cursor.fetchall()]
        hours = span_hours * min(1.0, WINDOW_MARGIN * need / max(matches, 1))
        while True:
            bounded = hours < span_hours
            tagged = (
                bounded
                and math.ceil(hours) <= MAX_HOUR_TAGS
                and math.ceil(hours) * per_hour <= HOUR_TAGS_SHARE * matches
            )
            where, params = where_for(math.ceil(hours) if tagged else 0)
            bound = bounded and not tagged
            cursor.execute(
                f"SELECT e.job_id FROM search_searchentry e WHERE {where}"
                + (" AND e.published_at >= %s" if bound else "")
                # An expression, not the column: ordered by doc_id itself, PostgreSQL may walk
                # its index and read a document per row instead.
                + " ORDER BY e.doc_id + 0 DESC LIMIT %s",
                [*params, *([newest - timedelta(hours=hours)] if bound else []), need],
            )
            rows = [row[0] for row in cursor.fetchall()]
            if len(rows) == need or not bounded:
                return rows
            # Grown by what the window held: a part of the matches (title matches) may be
            # much rarer than the count said.
            hours *= min(16.0, max(2.0, WINDOW_MARGIN * need / max(len(rows), 1)))

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
