from datetime import date
from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    from careerboard.jobs.salary import REFERENCE_RATES, REFERENCE_RATES_DATE

    rate_model = apps.get_model("jobs", "ExchangeRate")
    for currency, rate in REFERENCE_RATES.items():
        rate_model.objects.update_or_create(
            currency=currency,
            defaults={"usd_per_unit": Decimal(rate), "as_of": date.fromisoformat(REFERENCE_RATES_DATE)},
        )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_exchange_rates")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
