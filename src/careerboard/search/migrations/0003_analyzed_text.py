"""The text index holds the job-domain analyzer's tokens (search.analysis) instead of words
stemmed by the database: FTS5's table is recreated without the porter tokenizer, and every live
job is indexed again (on PostgreSQL the documents are recomputed in place)."""

from django.db import migrations

SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tags, tokenize = 'unicode61')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tags, tokenize = 'porter unicode61')",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    # Reindexing needs the analyzer, not a historical model: the same code the board runs,
    # in which the jobs package hands search its live jobs.
    from careerboard.jobs.indexing import job_search_rebuild

    job_search_rebuild()


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index")]
    operations = [migrations.RunPython(forward, backward)]
