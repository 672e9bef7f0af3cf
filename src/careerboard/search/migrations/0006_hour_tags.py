"""PostgreSQL documents hold the hour of publication as a tag ('~h<hours since 1970>', from
doc_id; search.backends.postgres_text): added to every entry indexed before it, so a window of
the newest hours finds every job in it. (SQLite's FTS5 table has no such tag.)"""

from django.db import migrations

HOUR = "ARRAY['~h' || ((doc_id >> 24) / 3600)]"
FORWARD = (
    f"UPDATE search_searchentry SET document = document || array_to_tsvector({HOUR}), "
    f"title_document = title_document || array_to_tsvector({HOUR})"
)
BACKWARD = (
    f"UPDATE search_searchentry SET document = ts_delete(document, {HOUR}), "
    f"title_document = ts_delete(title_document, {HOUR})"
)


def run(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0005_sqlite_entry_cover")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
