"""PostgreSQL: the text index also holds each entry's doc_id (newest first), so a search can take
its matches a window of days at a time inside one GIN scan (search/backends/postgres.py).

btree_gin ships with PostgreSQL and is a trusted extension: the database owner may create it.
On a large board, build the new index first with CREATE INDEX CONCURRENTLY under another name,
then drop the old one and rename (docs/operations.md).
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX IF EXISTS search_entry_document",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document, doc_id)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_document",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index")]
    operations = [migrations.RunPython(run(POSTGRES_FORWARD), run(POSTGRES_BACKWARD))]
