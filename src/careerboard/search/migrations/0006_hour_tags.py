"""PostgreSQL documents hold the hour of publication as a tag ('~h<hours since 1970>', from
doc_id; search.backends.postgres_text): added to every entry indexed before it, in batches
(not one transaction: no long lock), so a window of the newest hours finds every job in it.
Entries a server of the previous release writes during the deploy are tagged by
`tag_search_hours` afterwards (docs/operations.md). (SQLite's FTS5 table has no such tag.)"""

from datetime import datetime, timezone

from django.db import migrations

from careerboard.search.services import search_tag_hours


def forward(apps, schema_editor):
    search_tag_hours(since=datetime(1970, 1, 1, tzinfo=timezone.utc))


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0005_sqlite_entry_cover")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
