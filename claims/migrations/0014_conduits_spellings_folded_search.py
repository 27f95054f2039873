# Search deaf to accents and spellings, and the newsroom's editable lists.
#
# On PostgreSQL, every text search configuration that documents are indexed with gets a copy
# that drops accents before stemming ("newsdesk_french" = unaccent + french_stem); the search
# columns are rebuilt with them. (A GeneratedField's expression cannot be altered in place:
# each column and its index are dropped and added again, as in 0006.) SQLite folds at query
# time instead (claims.models.search.register_fold). Conduits and spellings start with the
# agencies and the name variants a newsroom meets every day; editors keep them in the admin.

import claims.models.fields
import claims.models.search
import django.contrib.postgres.search
import django_countries.fields
from django.db import migrations, models

from claims.models.search import FOLDED_CONFIGS, folded

CONDUITS = [
    # name, full name, kind, country, aliases
    ("AFP", "Agence France-Presse", "agency", "FR", "France-Presse\nAFP news agency"),
    ("Reuters", "Reuters", "agency", "GB", ""),
    ("AP", "Associated Press", "agency", "US", "The Associated Press"),
    ("dpa", "Deutsche Presse-Agentur", "agency", "DE", "DPA"),
    ("ANSA", "Agenzia Nazionale Stampa Associata", "agency", "IT", ""),
    ("EFE", "Agencia EFE", "agency", "ES", ""),
    ("Anadolu", "Anadolu Agency", "state_media", "TR", "Anadolu Ajansı\nAA"),
    ("Kyodo", "Kyodo News", "agency", "JP", ""),
    ("Yonhap", "Yonhap News Agency", "agency", "KR", ""),
    ("PTI", "Press Trust of India", "agency", "IN", ""),
    ("TASS", "TASS Russian News Agency", "state_media", "RU", "ITAR-TASS"),
    ("RIA Novosti", "RIA Novosti", "state_media", "RU", "RIA"),
    ("Interfax", "Interfax", "agency", "RU", ""),
    ("Xinhua", "Xinhua News Agency", "state_media", "CN", "New China News Agency"),
    ("IRNA", "Islamic Republic News Agency", "state_media", "IR", ""),
    ("Ukrinform", "Ukrinform", "state_media", "UA", ""),
    ("KCNA", "Korean Central News Agency", "state_media", "KP", ""),
    ("Bloomberg", "Bloomberg News", "agency", "US", ""),
]
SPELLINGS = [
    "Kyiv, Kiev", "Kharkiv, Kharkov", "Odesa, Odessa", "Lviv, Lvov, Lwow", "Mykolaiv, Nikolaev",
    "Zaporizhzhia, Zaporozhye, Zaporizhia", "Luhansk, Lugansk", "Chernihiv, Chernigov",
    "Beijing, Peking", "Mumbai, Bombay", "Chennai, Madras", "Kolkata, Calcutta",
    "Yangon, Rangoon", "Myanmar, Burma", "Gaddafi, Qaddafi, Kadhafi", "Moldova, Moldavia",
    "Belarus, Byelorussia", "Tbilisi, Tiflis", "Almaty, Alma-Ata", "Ashgabat, Ashkhabad",
]  # fmt: skip


def create_folded_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for config in FOLDED_CONFIGS:
        name = folded(config)
        dictionary = "simple" if config == "simple" else f"{config}_stem"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {config})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
            f"hword, hword_part, word WITH unaccent, {dictionary}"
        )


def analyze(apps, schema_editor):
    """The rebuilt columns have no statistics: without them PostgreSQL misjudges every search
    (measured: a 100,000-event search read every match instead of one year's)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE claims_event, claims_statement")


def drop_folded_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for config in FOLDED_CONFIGS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {folded(config)}")


def seed_lists(apps, schema_editor):
    Conduit, Spelling = apps.get_model("claims", "Conduit"), apps.get_model("claims", "Spelling")
    Conduit.objects.bulk_create(
        Conduit(name=name, full_name=full, kind=kind, country=country, aliases=aliases)
        for name, full, kind, country, aliases in CONDUITS
    )
    Spelling.objects.bulk_create(Spelling(variants=variants) for variants in SPELLINGS)


def search_column(*fields, **options):
    return models.GeneratedField(
        db_persist=True,
        expression=claims.models.search.SearchDocument(*fields, folded=True, **options),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_statement_note"),
    ]

    operations = [
        migrations.CreateModel(
            name="Spelling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "variants",
                    claims.models.fields.PlainCharField(
                        help_text="The spellings, separated by commas: “Kyiv, Kiev”, “Beijing, Peking”. Case and accents do not matter.",
                        max_length=300,
                    ),
                ),
            ],
            options={
                "ordering": ["variants"],
            },
        ),
        migrations.RunPython(create_folded_configurations, drop_folded_configurations),
        migrations.RemoveIndex(model_name="event", name="event_search_idx"),
        migrations.RemoveField(model_name="event", name="search_document"),
        migrations.AddField(
            model_name="event",
            name="search_document",
            field=search_column(("title", "A"), ("summary", "B"), ("location", "C")),
        ),
        migrations.AddIndex(
            model_name="event",
            index=claims.models.search.SearchIndex(
                fields=["search_document"], name="event_search_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="statement", name="statement_search_idx"),
        migrations.RemoveField(model_name="statement", name="search_document"),
        migrations.AddField(
            model_name="statement",
            name="search_document",
            field=search_column(
                ("text", "A"),
                ("translation", "A"),
                ("speaker", "B"),
                ("conduit", "C"),
                language="language",
                localized=("text",),
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=claims.models.search.SearchIndex(
                fields=["search_document"], name="statement_search_idx"
            ),
        ),
        migrations.CreateModel(
            name="Conduit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    claims.models.fields.PlainCharField(
                        help_text="As statements name it in “conduit”: “AFP”, “TASS”. Offered in the filters.",
                        max_length=100,
                    ),
                ),
                (
                    "full_name",
                    claims.models.fields.PlainCharField(
                        blank=True, help_text="“Agence France-Presse”.", max_length=200
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("agency", "News agency"),
                            ("state_media", "State media"),
                            ("broadcaster", "Broadcaster"),
                            ("newspaper", "Newspaper"),
                            ("other", "Other"),
                        ],
                        default="agency",
                        max_length=20,
                    ),
                ),
                (
                    "country",
                    django_countries.fields.CountryField(
                        blank=True,
                        help_text="Where it is based (state media: whose).",
                        max_length=2,
                    ),
                ),
                (
                    "aliases",
                    claims.models.fields.PlainTextField(
                        blank=True,
                        help_text="Other ways articles name it, one per line: “Agence France-Presse”, “France-Presse”. Article intake recognises every one.",
                        max_length=2000,
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(fields=("name",), name="conduit_unique_name")
                ],
            },
        ),
        migrations.RunPython(seed_lists, migrations.RunPython.noop),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
