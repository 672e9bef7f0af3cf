"""The PostgreSQL text index's SQL: each job's document (the analyzer's tokens, the taxonomy
tags and the hour of publication), the tsqueries that match it, and the planner's statistics
of its lexemes (search.backends.postgres runs the searches)."""

from __future__ import annotations

import time
from datetime import datetime

from careerboard.search.backends import TAG_PREFIX, term_tags
from careerboard.search.query import ParsedText, Term

# The document's tag lexemes are the shared tags behind a '~' ('~i3'), out of reach of keywords.
_TAGS_SQL = " || ".join(
    f"ARRAY(SELECT '~{prefix}' || b FROM generate_series(0, 62) AS b WHERE (e.{column} >> b) & 1 = 1)"
    for column, prefix in TAG_PREFIX.items()
)
# And the hour of publication ('~h493512': hours since 1970, from doc_id), so the newest
# matches of a common keyword are found inside the GIN index by ANDing a few hours' tags: its
# fast scan then decodes only the keyword's postings near those hours' rows, which a rebuild
# writes in publication order (jobs.indexing), instead of the whole posting list.
HOUR_TAG_PREFIX = "~h"
_HOUR_TAG_SQL = f"ARRAY['{HOUR_TAG_PREFIX}' || ((e.doc_id >> 24) / 3600)]"
# The hour tag for entries written without it (search.services.search_tag_hours): one batch of
# job ids [%s, %s), published since %s.
ADD_HOUR_TAGS_SQL = f"""
UPDATE search_searchentry AS e SET
    document = e.document || array_to_tsvector({_HOUR_TAG_SQL}),
    title_document = e.title_document || array_to_tsvector({_HOUR_TAG_SQL})
WHERE e.job_id >= %s AND e.job_id < %s AND e.published_at >= %s
    AND NOT e.title_document @@ CAST(({_HOUR_TAG_SQL})[1] AS tsquery)
"""
# The analyzer's tokens (search.analysis) under the `simple` configuration, which neither
# stems nor drops them. Title weighs most (A), the company name next (C), the description least (D).
DOCUMENT_SQL = f"""
UPDATE search_searchentry AS e SET
    document = setweight(to_tsvector('simple', v.title), 'A')
        || setweight(to_tsvector('simple', v.company), 'C')
        || setweight(to_tsvector('simple', v.body), 'D')
        || array_to_tsvector({_TAGS_SQL} || {_HOUR_TAG_SQL}),
    title_document = to_tsvector('simple', v.title) || array_to_tsvector({_HOUR_TAG_SQL})
FROM unnest(CAST(%s AS bigint[]), CAST(%s AS text[]), CAST(%s AS text[]), CAST(%s AS text[]))
    AS v(job_id, title, company, body)
WHERE e.job_id = v.job_id
"""


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


def hours_tsquery(newest: datetime, now: datetime, hours: int) -> str:
    """The hour tags of the `hours` hours up to the newest entry's, and of any hour from there
    to now's, OR'ed: the newest jobs, as a tsquery."""
    last, current = (int(moment.timestamp()) // 3600 for moment in (newest, now))
    return " | ".join(
        f"'{HOUR_TAG_PREFIX}{hour}'" for hour in range(last - hours + 1, max(last, current) + 1)
    )


def within_hours(query: str | None, newest: datetime, now: datetime, hours: int) -> str | None:
    """A tsquery (text) limited to the jobs of the newest `hours` hours (0: not limited)."""
    if not hours:
        return query
    window = hours_tsquery(newest, now, hours)
    return f"({query}) & ({window})" if query else window


def document_match(text: ParsedText, raw_text: str, tags: str | None) -> tuple[str, list]:
    """The WHERE part matching the document: the keywords' tsquery (raw_text) and the taxonomy
    tags, intersected in the GIN index."""
    if text.is_empty:
        return (" AND e.document @@ CAST(%s AS tsquery)", [tags]) if tags else ("", [])
    if tags:
        return " AND e.document @@ (CAST(%s AS tsquery) && CAST(%s AS tsquery))", [raw_text, tags]
    return " AND e.document @@ CAST(%s AS tsquery)", [raw_text]


def expected_matches(cursor, match: str, params: list) -> float:
    """How many entries the planner expects a GIN match to meet (from the lexemes' statistics)."""
    cursor.execute(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchentry e WHERE TRUE {match}", params
    )
    return float(cursor.fetchone()[0][0]["Plan"]["Plan Rows"])


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
