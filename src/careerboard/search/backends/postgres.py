"""PostgreSQL: a stored weighted tsvector with a GIN index, websearch_to_tsquery, filters in the same query."""

from __future__ import annotations

from django.db import connection

from careerboard.search.backends import CANDIDATE_COLUMNS, ORDER_BY, Candidate, IndexedJob
from careerboard.search.filters import Filters
from careerboard.search.query import ParsedText

# Title weighs most (A), the company name next (C), the description least (D): ts_rank's default
# weights are 1.0, 0.4, 0.2 and 0.1 for A, B, C and D.
DOCUMENT_SQL = """
UPDATE search_searchentry AS e SET
    document = setweight(to_tsvector('english', j.title), 'A')
        || setweight(to_tsvector('english', c.name), 'C')
        || setweight(to_tsvector('english', regexp_replace(j.description, '<[^>]+>', ' ', 'g')), 'D'),
    title_document = to_tsvector('english', j.title)
FROM jobs_job AS j JOIN companies_company AS c ON c.id = j.company_id
WHERE e.job_id = j.id AND e.job_id = ANY(%s)
"""


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

    def candidates(self, text: ParsedText, raw_text: str, filters: Filters, *, sort: str, limit: int) -> list[Candidate]:
        with connection.cursor() as cursor:
            if not text.is_empty:
                # Keywords that are all stop words ("the", "and") make an empty tsquery, which
                # matches nothing; such a search is read as a search without keywords.
                cursor.execute("SELECT numnode(websearch_to_tsquery('english', %s))", [raw_text])
                if cursor.fetchone()[0] == 0:
                    text = ParsedText()
            if text.is_empty:
                sql = (
                    f"SELECT {CANDIDATE_COLUMNS.format(rank='0')} FROM search_searchentry e "
                    f"WHERE {filters.where} ORDER BY {ORDER_BY[sort]} LIMIT %s"
                )
                cursor.execute(sql, [*filters.params, limit])
            else:
                sql = (
                    f"SELECT {CANDIDATE_COLUMNS.format(rank='ts_rank(e.title_document, q.query)')} "
                    "FROM search_searchentry e, websearch_to_tsquery('english', %s) AS q(query) "
                    f"WHERE e.document @@ q.query AND {filters.where} ORDER BY {ORDER_BY[sort]} LIMIT %s"
                )
                cursor.execute(sql, [raw_text, *filters.params, limit])
            return [Candidate(*row) for row in cursor.fetchall()]
