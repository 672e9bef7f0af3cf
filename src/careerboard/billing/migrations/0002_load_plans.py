from django.db import migrations


def load(apps, schema_editor):
    from careerboard.billing.services import plans_sync

    plans_sync(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
