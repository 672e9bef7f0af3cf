"""SQLite: an FTS5 table of analyzed text; relevance puts title matches first.

The FTS rowid is the entry's doc_id (newest first), so `ORDER BY rowid DESC LIMIT n` is served
by the index itself and stops after n matches; taxonomy filters are `tags` tokens intersected in
the same index, the other filters are checked on the joined entry row. Relevance is measured
the way the PostgreSQL backend does it, by the title: a second, title-only match over the same
candidates marks the title hits (measured: computing bm25 for every candidate cost more than the
rest of the search together).
"""

from __future__ import annotations

from django.db import connection

from careerboard.search.backends import (
    CANDIDATE_COLUMNS,
    TAG_PREFIX,
    BackendResult,
    analyzed_fields,
    capped_search_sql,
    page_statement,
    read_capped_rows,
    term_tags,
)
from careerboard.search.entries import IndexedJob
from careerboard.search.filters import Filters
from careerboard.search.query import ParsedText, Term


def tags_text(job: IndexedJob) -> str:
    return " ".join(tag for column in TAG_PREFIX for tag in term_tags(column, getattr(job, column)))


def _fts_term(term: Term) -> str:
    # Quoting every word makes any user input a valid FTS5 expression ("c++", "AND", ":").
    return '"' + " ".join(term.words) + '"'


def fts_expression(
    text: ParsedText, term_masks: dict[str, int] | None = None, *, columns: str = "title body"
) -> str | None:
    """The FTS5 MATCH expression: keywords in `columns`, taxonomy filters in tags."""
    parts = [
        "{" + columns + "} : (" + " OR ".join(_fts_term(t) for t in group) + ")"
        for group in text.groups
    ]
    for column, mask in (term_masks or {}).items():
        parts.append("tags : (" + " OR ".join(term_tags(column, mask)) + ")")
    if not parts:
        return None
    expression = " AND ".join(parts)
    if text.excluded:
        expression += (
            " NOT {title body} : (" + " OR ".join(_fts_term(t) for t in text.excluded) + ")"
        )
    return expression


def _title_rank(text: ParsedText, filters: Filters) -> tuple[str, list]:
    """A title match ranks first (one title-only match over the same index), the words as
    typed before the analyzer's added alternatives (a role's other names): 3, 1 or 0."""
    in_title = "(search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"
    full = fts_expression(text, filters.term_masks, columns="title")
    exact = text.exact
    if exact == text or not all(exact.groups):
        return f"{in_title} * 3", [full]
    return f"({in_title} * 2 + {in_title})", [
        fts_expression(exact, filters.term_masks, columns="title"),
        full,
    ]


class SqliteBackend:
    def index_text(self, jobs: list[IndexedJob]) -> None:
        values = []
        for job in jobs:
            title_text, company_text, body_text = analyzed_fields(job)
            values.append((job.doc_id, title_text, f"{company_text} {body_text}", tags_text(job)))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body, tags) VALUES (%s, %s, %s, %s)", values
            )

    def remove_text(self, doc_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(doc_ids))})",
                doc_ids,
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

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
        """The sample is the newest `sample` matches: when there are no more, it is every match
        and the page is ordered among them. Past it, the total is counted in the FTS index alone
        when the filters allow, and the page is asked for on its own."""
        where, params = filters.where, list(filters.params)
        if not text.groups and text.excluded:
            # Only exclusions: every job but those matching them.
            where += " AND e.doc_id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            params.append(
                "{title body} : (" + " OR ".join(_fts_term(t) for t in text.excluded) + ")"
            )
            text = ParsedText()
        expression = fts_expression(text, filters.term_masks)
        matches = _matches(expression, where, params)
        # Newest first in the order the FTS index yields rowids, when it is used.
        newest = "search_fts.rowid" if expression else "e.doc_id"
        rank, rank_params = "0", list[str | None]()
        if expression is not None and text.groups and sort == "relevance":
            rank, rank_params = _title_rank(text, filters)
        with connection.cursor() as cursor:
            cursor.execute(
                capped_search_sql(
                    f"SELECT {CANDIDATE_COLUMNS.format(rank=rank)} {matches[0]} "
                    f"ORDER BY {newest} DESC LIMIT %s",
                    sort,
                ),
                [*rank_params, *matches[1], sample, limit, offset],
            )
            result = read_capped_rows(cursor.fetchall())
            if result.total < sample:
                return result
            result.sample_size = result.total
            result.total = self._count(cursor, expression, filters, matches, cap)
            if sort == "salary" or rank != "0" or offset + limit > sample:
                # (Else the sample, the newest matches, holds the page, already in order.)
                parts = [matches]
                if rank != "0":
                    # Each rank's matches, best first: the title tiers, then the rest.
                    tiers = [t for t in rank_params if t]
                    parts = [
                        _matches(tier, where, params)
                        for tier in [
                            tiers[0],
                            *(f"({tier}) NOT ({tiers[0]})" for tier in tiers[1:]),
                            f"({expression}) NOT ({tiers[-1]})",
                        ]
                    ]
                cursor.execute(
                    *page_statement(parts, sort=sort, offset=offset, limit=limit, newest=newest)
                )
                result.page_ids = [row[0] for row in cursor.fetchall()]
            return result

    def _count(self, cursor, expression, filters, matches, cap) -> int:  # type: ignore[no-untyped-def]
        """The matches, up to the cap. When every filter but the expiry date is in the FTS
        index, the index alone counts them, less the few expired jobs still indexed (the
        expire_jobs command removes them every 15 minutes)."""
        if expression is not None and not filters.has_entry_filters:
            cursor.execute(
                "SELECT COUNT(*) FROM search_searchentry e WHERE e.expires_at <= %s AND EXISTS "
                "(SELECT 1 FROM search_fts WHERE search_fts MATCH %s AND rowid = e.doc_id)",
                [filters.live_at, expression],
            )
            expired = cursor.fetchone()[0]
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "LIMIT %s)",
                [expression, cap + expired],
            )
            return min(cap, cursor.fetchone()[0] - expired)
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {matches[0]} LIMIT %s)", [*matches[1], cap])
        return cursor.fetchone()[0]


def _matches(expression: str | None, where: str, params: list) -> tuple[str, list]:
    """FROM and WHERE of the matching entries (alias e), with their parameters: through the
    FTS index when there is an expression, else the entries alone."""
    if expression is None:
        return f"FROM search_searchentry e WHERE {where}", params
    return (
        "FROM search_fts JOIN search_searchentry e ON e.doc_id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND {where}",
        [expression, *params],
    )
