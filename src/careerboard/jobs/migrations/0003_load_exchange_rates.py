from django.db import migrations


def load(apps, schema_editor):
    from careerboard.jobs.salary import exchange_rates_load

    exchange_rates_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_exchange_rates")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
