import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0003_analyzed_text'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchentry',
            name='search_entry_salary',
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(django.db.models.lookups.IsNull(models.F('salary_max_usd'), True), models.OrderBy(models.F('salary_max_usd'), descending=True), models.OrderBy(models.F('doc_id'), descending=True), name='search_entry_salary_page'),
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['expires_at'], name='search_entry_expires'),
        ),
    ]
