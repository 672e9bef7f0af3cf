from django.db import migrations


def load(apps, schema_editor):
    from careerboard.taxonomy.services import taxonomy_sync

    taxonomy_sync(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_term_bits")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
