"""Spanish full text (PostgreSQL only) and the language of each search with no results."""

from django.db import migrations, models

CREATE_SPANISH_CONFIG = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS clinic_spanish;
CREATE TEXT SEARCH CONFIGURATION clinic_spanish (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION clinic_spanish
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
"""


def create_spanish_config(apps, schema_editor):
    """Spanish stemming and stop words, with accents and "ñ" folded: "migraña" and "migrana" index alike."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_SPANISH_CONFIG)


def drop_spanish_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS clinic_spanish;")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_searchsynonym"),
    ]

    operations = [
        migrations.RunPython(create_spanish_config, drop_spanish_config),
        migrations.AddField(
            model_name="zeroresultquery",
            name="language",
            field=models.CharField(default="en", max_length=8),
        ),
        migrations.RemoveConstraint(
            model_name="zeroresultquery",
            name="unique_zero_result_query_day",
        ),
        migrations.AddConstraint(
            model_name="zeroresultquery",
            constraint=models.UniqueConstraint(
                fields=("query_text", "language", "day"), name="unique_zero_result_query_language_day"
            ),
        ),
    ]
