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
    PAGE_SORT_SQL,
    TAG_PREFIX,
    BackendResult,
    analyzed_fields,
    capped_search_sql,
    read_capped_rows,
    term_tags,
)
from careerboard.search.entries import IndexedJob, first_doc_id
from careerboard.search.filters import LIVE_SQL, Filters
from careerboard.search.query import ParsedText, Term

# A page by salary past the sample walks the salary index when there are at least this many
# matches (the total, exact up to the cap); fewer are gathered and sorted (_salary_page).
SALARY_WALK_MATCHES = 5_000


def tags_text(job: IndexedJob) -> str:
    return " ".join(tag for column in TAG_PREFIX for tag in term_tags(column, getattr(job, column)))


def merge_text_index(cursor) -> None:  # type: ignore[no-untyped-def]
    """Merge the FTS index's segments into one (FTS5's 'optimize'): a bulk insert leaves several,
    and every word of a search is looked up in each."""
    cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


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


def _title_tiers(text: ParsedText, filters: Filters) -> list[str]:
    """The title matches, best first, as FTS expressions: the words as typed, then with the
    analyzer's added alternatives (a role's other names); one tier when they are the same."""
    full = fts_expression(text, filters.term_masks, columns="title")
    exact = text.exact
    if exact == text or not all(exact.groups):
        return [full]  # type: ignore[list-item]
    return [fts_expression(exact, filters.term_masks, columns="title"), full]  # type: ignore[list-item]


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
        when the filters allow, and the page is asked for on its own. A page by relevance is
        always asked for on its own, one title tier after the other (ranking every match of a
        common word in the sample cost more than the rest of the search)."""
        # SQLite would read `expires_at > now`, true of nearly every entry, through the expiry
        # index, one row lookup per entry and the other filters' indexes unused; the unary +
        # makes it a test on the row (measured at 100,000 jobs: a posted-within count 220 ms
        # -> 19 ms).
        where, params = filters.where.replace(LIVE_SQL, f"+{LIVE_SQL}", 1), list(filters.params)
        if filters.published_since is not None:
            # The same condition as a range of doc_id, whose index holds every filter column:
            # a posted-within search reads only its days' entries (measured at 100,000 jobs:
            # its count 8.6 ms through the publication index and the rows, 2 ms now).
            where += " AND e.doc_id >= %s"
            params.append(first_doc_id(filters.published_since))
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
        with connection.cursor() as cursor:
            cursor.execute(
                capped_search_sql(
                    f"SELECT {CANDIDATE_COLUMNS.format(rank='0')} {matches[0]} "
                    f"ORDER BY {newest} DESC LIMIT %s",
                    sort,
                ),
                [*matches[1], sample, limit, offset],
            )
            result = read_capped_rows(cursor.fetchall())
            every_match = result.total < sample
            if not every_match:
                result.sample_size = result.total
                result.total = self._count(cursor, expression, filters, matches, cap)
            need = offset + limit
            if expression is not None and text.groups and sort == "relevance":
                # Each title tier's matches, newest first, then the rest, until the page is full.
                tiers = _title_tiers(text, filters)
                parts = [
                    tiers[0],
                    *(f"({tier}) NOT ({tiers[0]})" for tier in tiers[1:]),
                    f"({expression}) NOT ({tiers[-1]})",
                ]
                page: list[int] = []
                for part in parts:
                    if len(page) < need:
                        part_sql, part_params = _matches(part, where, params)
                        cursor.execute(
                            f"SELECT e.job_id {part_sql} ORDER BY search_fts.rowid DESC LIMIT %s",
                            [*part_params, need - len(page)],
                        )
                        page += [row[0] for row in cursor.fetchall()]
                result.page_ids = page[offset:]
            elif not every_match and sort == "salary":
                cursor.execute(
                    *_salary_page(
                        expression,
                        where,
                        params,
                        text,
                        matches=result.total,
                        offset=offset,
                        limit=limit,
                    )
                )
                result.page_ids = [row[0] for row in cursor.fetchall()]
            elif not every_match and need > sample:
                # (Else the sample, the newest matches, holds the page, already in order.)
                cursor.execute(
                    f"SELECT e.job_id {matches[0]} ORDER BY {newest} DESC LIMIT %s OFFSET %s",
                    [*matches[1], limit, offset],
                )
                result.page_ids = [row[0] for row in cursor.fetchall()]
            return result

    def _count(self, cursor, expression, filters, matches, cap) -> int:  # type: ignore[no-untyped-def]
        """The matches, up to the cap. When every filter but the expiry date is in the FTS
        index, the index alone counts them, less the few expired jobs still indexed that match
        (the expire_jobs command removes them every 15 minutes). Those are the oldest jobs,
        so the FTS index is walked over their narrow range of rowids only, each match looked
        up among them (measured at 100,000 jobs with 100 expired: 0.2-0.3 ms; testing each
        expired job by rowid in the FTS index took 1-3 ms and grew with their number)."""
        if expression is not None and not filters.has_entry_filters:
            expired = (
                "(SELECT {} FROM search_searchentry INDEXED BY search_entry_expires "
                "WHERE expires_at <= %s)"
            )
            cursor.execute(
                "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s "
                f"AND rowid >= {expired.format('MIN(doc_id)')} "
                f"AND rowid <= {expired.format('MAX(doc_id)')} "
                # (+: a test of each match, not one FTS lookup per expired job)
                f"AND +rowid IN {expired.format('doc_id')}",
                [expression, *[filters.live_at] * 3],
            )
            expired_matches = cursor.fetchone()[0]
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "LIMIT %s)",
                [expression, cap + expired_matches],
            )
            return min(cap, cursor.fetchone()[0] - expired_matches)
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 {matches[0]} LIMIT %s)", [*matches[1], cap])
        return cursor.fetchone()[0]


def _salary_page(
    expression: str | None,
    where: str,
    params: list,
    text: ParsedText,
    *,
    matches: int,
    offset: int,
    limit: int,
) -> tuple[str, list]:
    """The page by salary past the sample. With many matches the salary index is walked, each
    entry tested (taxonomy filters on its bit sets, keywords against the set of the FTS
    index's matching rowids): a page is then a few hundred entries. Fewer matches are gathered
    from the FTS index and sorted (measured at 100,000 jobs: `python`, 19,000 matches, 98 ms
    gathered and 8 ms walked; `accountant`, 500, 1.5 ms gathered and 36 ms walked)."""
    order = f"ORDER BY {PAGE_SORT_SQL['salary']} LIMIT %s OFFSET %s"
    if matches < SALARY_WALK_MATCHES:
        sql, sql_params = _matches(expression, where, params)
        return f"SELECT e.job_id {sql} {order}", [*sql_params, limit, offset]
    if text.groups:
        where += " AND e.doc_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        params = [*params, fts_expression(text)]
    return (
        f"SELECT e.job_id FROM search_searchentry e INDEXED BY search_entry_salary_page "
        f"WHERE {where} {order}",
        [*params, limit, offset],
    )


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
