# A GeneratedField's expression cannot be altered in place: drop the column and its index, then
# add them again with the new definition (statements are indexed in their own language).

import django.contrib.postgres.search
from django.db import migrations, models

import claims.models.search


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_event_m2m_history"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="statement", name="statement_search_idx"),
        migrations.RemoveField(model_name="statement", name="search_document"),
        migrations.AddField(
            model_name="statement",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=claims.models.search.SearchDocument(
                    ("text", "A"),
                    ("translation", "A"),
                    ("speaker", "B"),
                    ("conduit", "C"),
                    language="language",
                    localized=("text",),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=claims.models.search.SearchIndex(
                fields=["search_document"], name="statement_search_idx"
            ),
        ),
    ]
