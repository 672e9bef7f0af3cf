"""The text index beside SearchEntry: a weighted tsvector on PostgreSQL, FTS5 on SQLite."""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector",
    "ALTER TABLE search_searchentry ADD COLUMN title_document tsvector",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
    "CREATE INDEX search_entry_title_document ON search_searchentry USING gin (title_document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_document",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]
# rowid is SearchEntry.doc_id. Porter stemming; bm25 weighs the title column over the body at
# query time; `tags` holds one token per taxonomy term of the job (i3, t0, l2, r14, ...), so
# taxonomy filters are intersected inside the full-text index.
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tags, tokenize = 'porter unicode61')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
