"""SQLite: an FTS5 table (porter stemming) ranked by bm25 with the title weighing ten times the body."""

from __future__ import annotations

from django.db import connection

from careerboard.core.html import html_to_text
from careerboard.search.backends import CANDIDATE_COLUMNS, ORDER_BY, Candidate
from careerboard.search.filters import Filters
from careerboard.search.query import ParsedText, Term

TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


def _fts_term(term: Term) -> str:
    # Quoting every word makes any user input a valid FTS5 expression ("c++", "AND", ":").
    return '"' + " ".join(term.words) + '"'


def fts_expression(text: ParsedText) -> str | None:
    """The FTS5 MATCH expression of the positive terms; None when there are none."""
    if not text.groups:
        return None
    groups = ["(" + " OR ".join(_fts_term(t) for t in group) + ")" for group in text.groups]
    expression = " AND ".join(groups)
    if text.excluded:
        expression += " NOT (" + " OR ".join(_fts_term(t) for t in text.excluded) + ")"
    return expression


class SqliteBackend:
    def index_text(self, job_ids: list[int]) -> None:
        from careerboard.jobs.models import Job

        rows = Job.objects.filter(id__in=job_ids).values_list("id", "title", "company__name", "description")
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [(job_id, title, f"{company} {html_to_text(description)}") for job_id, title, company, description in rows],
            )

    def remove_text(self, job_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(job_ids))})", job_ids)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")

    def candidates(self, text: ParsedText, raw_text: str, filters: Filters, *, sort: str, limit: int) -> list[Candidate]:
        expression = fts_expression(text)
        where, params = filters.where, list(filters.params)
        if expression is None and text.excluded:
            where += " AND e.job_id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            params.append(" OR ".join(_fts_term(t) for t in text.excluded))
        with connection.cursor() as cursor:
            if expression is None:
                sql = (
                    f"SELECT {CANDIDATE_COLUMNS.format(rank='0')} FROM search_searchentry e "
                    f"WHERE {where} ORDER BY {ORDER_BY[sort]} LIMIT %s"
                )
                cursor.execute(sql, [*params, limit])
            else:
                rank = f"-bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
                sql = (
                    f"SELECT {CANDIDATE_COLUMNS.format(rank=rank)} "
                    "FROM search_fts JOIN search_searchentry e ON e.job_id = search_fts.rowid "
                    f"WHERE search_fts MATCH %s AND {where} ORDER BY {ORDER_BY[sort]} LIMIT %s"
                )
                cursor.execute(sql, [expression, *params, limit])
            return [Candidate(*row) for row in cursor.fetchall()]
