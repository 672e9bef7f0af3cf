"""SQLite only: indexes that hold every column a search filters on, so SQLite answers from the
index alone without reading entry rows (docs/decisions/0002-search-execution.md, third
session). PostgreSQL plans its own way and is left as it is.

- By doc_id: a match found in the FTS index (rowid = doc_id) is one index lookup instead of two
  (the doc_id index, then the row), and a search without keywords walks it newest first.
- By each end of the salary range (the expressions of search.filters): a salary filter's total
  is counted over the range of that end instead of over every entry until 10,001 match.
"""

from django.db import migrations

# Every column search.filters tests, after the leading ones.
FILTER_COLUMNS = (
    "expires_at, industry_bits, type_bits, level_bits, region_bits, salary_min_usd, "
    "salary_max_usd, published_at, company_id, featured, timezone_min, timezone_max"
)
SQLITE_FORWARD = [
    f"CREATE INDEX search_entry_doc_cover ON search_searchentry (doc_id, job_id, {FILTER_COLUMNS})",
    "CREATE INDEX search_entry_salary_high ON search_searchentry "
    f"(COALESCE(salary_max_usd, salary_min_usd), {FILTER_COLUMNS})",
    "CREATE INDEX search_entry_salary_low ON search_searchentry "
    f"(COALESCE(salary_min_usd, salary_max_usd), {FILTER_COLUMNS})",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_salary_low",
    "DROP INDEX IF EXISTS search_entry_salary_high",
    "DROP INDEX IF EXISTS search_entry_doc_cover",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0004_page_indexes")]
    operations = [migrations.RunPython(run(SQLITE_FORWARD), run(SQLITE_BACKWARD))]
